import Foundation
import Logging

/// A swift-log handler that appends one line per event to a file only its owner can read (0600, in a 0700
/// directory). Every line goes through the Redactor, so a key in an error message never reaches the file.
public struct FileLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    private let label: String
    private let file: LogFile

    public init(label: String, file: LogFile) {
        self.label = label
        self.file = file
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields = metadata
        if let extra = event.metadata { fields.merge(extra) { $1 } }
        let details = fields.sorted { $0.key < $1.key }.map { " \($0.key)=\($0.value)" }.joined()
        let time = Date().formatted(.iso8601)
        file.append(Self.oneLine("\(time) \(event.level) \(label): \(event.message)\(details)"))
    }

    /// One event, one line: newlines inside a message would make a reader take its tail for a new event.
    static func oneLine(_ text: String) -> String {
        Redactor.shared.redact(text)
            .replacingOccurrences(of: "\r", with: "\\r")
            .replacingOccurrences(of: "\n", with: "\\n") + "\n"
    }
}

/// The log file, opened on the first line written and shared by every handler of the process.
public final class LogFile: @unchecked Sendable {
    public let url: URL
    private let lock = NSLock()
    private var handle: FileHandle?
    private var unusable = false

    public init(url: URL) { self.url = url }

    /// Appends `line`. The log is where a failure is kept after its notice was shown; if the log itself
    /// cannot be written there is nowhere left to say so without corrupting the workbench's screen, so the
    /// file is given up for this process instead of retrying every line.
    func append(_ line: String) {
        lock.withLock {
            guard !unusable else { return }
            do {
                let handle = try self.handle ?? open()
                self.handle = handle
                try handle.write(contentsOf: Data(line.utf8))
            } catch {
                unusable = true
            }
        }
    }

    private func open() throws -> FileHandle {
        let manager = FileManager.default
        let directory = url.deletingLastPathComponent()
        try manager.createDirectory(at: directory, withIntermediateDirectories: true,
                                    attributes: [.posixPermissions: 0o700])
        let fd = Foundation.open(url.path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: url.path]) }
        // A file made by an older umask or another tool keeps no wider access than the log's own.
        fchmod(fd, 0o600)
        return FileHandle(fileDescriptor: fd, closeOnDealloc: true)
    }
}
