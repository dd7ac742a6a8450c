#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// `write(2)` until every byte is out. Foundation's `FileHandle.write` traps on a failed write (a full disk,
/// a closed or broken pipe); this reports the failure instead, so a caller can stop cleanly and say why.
public enum DescriptorWrite {
    /// Writes all of `data` to `descriptor`. Returns nil when every byte was written, else the `errno` of the
    /// write that failed (EPIPE, ENOSPC, EBADF, ...). Partial writes continue where they stopped, EINTR is retried,
    /// and a non-blocking descriptor that is full is waited on rather than treated as broken.
    public static func all(_ data: Data, to descriptor: Int32) -> Int32? {
        data.withUnsafeBytes { buffer -> Int32? in
            guard var next = buffer.baseAddress else { return nil }
            var left = buffer.count
            while left > 0 {
                let written = write(descriptor, next, left)
                if written > 0 {
                    next += written
                    left -= written
                    continue
                }
                // write(2) returning 0 for a non-empty buffer means no progress is possible; call it an I/O error.
                guard written < 0 else { return EIO }
                let error = errno
                switch error {
                case EINTR: continue
                case EAGAIN, EWOULDBLOCK: waitUntilWritable(descriptor)
                default: return error
                }
            }
            return nil
        }
    }

    /// The system's words for an `errno`, e.g. "No space left on device".
    public static func describe(_ error: Int32) -> String {
        String(cString: strerror(error))
    }

    private static func waitUntilWritable(_ descriptor: Int32) {
        var entry = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
        // An error or hang-up shows up in the next write(2), which then reports it.
        _ = poll(&entry, 1, -1)
    }
}
