import Foundation

/// Random (version 4) UUIDs from the system's random source, read 4 KiB at a time. Foundation's `UUID()` on Linux
/// opens, reads and closes /dev/urandom for every UUID; `serve` made several a request, and those system calls were
/// about 2% of its CPU. Where the source cannot be opened, this falls back to `UUID()`.
public enum RandomUUID {
    public static func make() -> UUID {
        pool.next() ?? UUID()
    }

    private static let pool = RandomBytePool(path: "/dev/urandom", size: 4096)
}

/// Random bytes handed out 16 at a time from a buffer refilled from `path`. Thread-safe.
final class RandomBytePool: @unchecked Sendable {
    private let lock = NSLock()
    private let source: FileHandle?
    private let size: Int
    private var buffer: [UInt8] = []
    private var position = 0

    init(path: String, size: Int) {
        source = FileHandle(forReadingAtPath: path)
        self.size = size
    }

    /// A version 4, variant 1 UUID; nil when the source cannot be read.
    func next() -> UUID? {
        lock.withLock {
            if position + 16 > buffer.count {
                guard let source, let read = refill(from: source) else { return nil }
                buffer = read
                position = 0
            }
            defer { position += 16 }
            let p = position, b = buffer
            return UUID(uuid: (b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6] & 0x0F | 0x40, b[p + 7],
                               b[p + 8] & 0x3F | 0x80, b[p + 9], b[p + 10], b[p + 11], b[p + 12], b[p + 13], b[p + 14],
                               b[p + 15]))
        }
    }

    /// The next `size` bytes of the source, in whole UUIDs; nil when it fails or runs short (the caller falls back).
    private func refill(from source: FileHandle) -> [UInt8]? {
        do {
            guard let data = try source.read(upToCount: size), data.count >= 16 else { return nil }
            return [UInt8](data.prefix(data.count - data.count % 16))
        } catch {
            return nil
        }
    }
}
