import Foundation

/// File-system steps before SQLite sees the path: a private directory, a private file, and a header check so a
/// file that is not SQLite is refused before anything could write to it.
enum StoreFiles {
    /// The first 16 bytes of every SQLite 3 database file.
    static let sqliteHeader: [UInt8] = Array("SQLite format 3\0".utf8)

    enum State: Equatable {
        /// Missing or empty: a new database is made here.
        case fresh
        /// Starts with the SQLite header.
        case existing
    }

    /// Creates the directory (0700) if needed, checks it can hold the database and its WAL, and creates the file
    /// (0600) when missing, so SQLite's own files inherit the mode. Throws `StoreError`.
    static func prepare(_ url: URL) throws -> State {
        let path = url.path
        let directory = url.deletingLastPathComponent().path
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw StoreError.directoryUnavailable(path: directory, detail: "it is not a directory")
            }
        } else {
            do {
                try manager.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                            attributes: [.posixPermissions: 0o700])
            } catch {
                throw StoreError.directoryUnavailable(path: directory, detail: reason(of: error))
            }
        }
        guard access(directory, W_OK | X_OK) == 0 else {
            throw StoreError.directoryUnavailable(path: directory, detail: "it is not writable")
        }
        if manager.fileExists(atPath: path, isDirectory: &isDirectory) {
            if isDirectory.boolValue { throw StoreError.cannotOpen(path: path, detail: "it is a directory") }
            guard access(path, R_OK | W_OK) == 0 else {
                throw StoreError.cannotOpen(path: path, detail: "no permission to read and write it")
            }
            return try inspectHeader(path)
        }
        let descriptor = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        if descriptor < 0 {
            let code = errno
            if code == EEXIST { return try inspectHeader(path) }   // another process created it just now
            throw StoreError.directoryUnavailable(path: directory, detail: String(cString: strerror(code)))
        }
        close(descriptor)
        return .fresh
    }

    /// Reads only the first 16 bytes: never writes.
    static func inspectHeader(_ path: String) throws -> State {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw StoreError.cannotOpen(path: path, detail: "cannot read it")
        }
        defer { try? handle.close() }
        let bytes = [UInt8]((try? handle.read(upToCount: sqliteHeader.count)) ?? Data())
        if bytes.isEmpty { return .fresh }
        guard bytes == sqliteHeader else { throw StoreError.notADatabase(path: path) }
        return .existing
    }

    private static func reason(of error: Error) -> String {
        if let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError,
           underlying.domain == NSPOSIXErrorDomain, let code = POSIXErrorCode(rawValue: Int32(underlying.code)) {
            return String(cString: strerror(code.rawValue))
        }
        return error.localizedDescription
    }
}
