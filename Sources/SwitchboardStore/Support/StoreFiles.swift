import Foundation

/// File-system steps before SQLite sees the path: a private directory, a private file, and a header check so a
/// file that is not SQLite is refused before anything could write to it. The path must be a regular file or not
/// exist: a FIFO, directory, device or socket is refused without opening it (opening a FIFO blocks).
enum StoreFiles {
    /// The first 16 bytes of every SQLite 3 database file.
    static let sqliteHeader: [UInt8] = Array("SQLite format 3\0".utf8)

    enum State: Equatable {
        /// Missing or empty: a new database is made here.
        case fresh
        /// Starts with the SQLite header.
        case existing
    }

    /// What is at a path, for a read-only open, which creates nothing.
    enum Presence: Equatable {
        case missing
        case present(State)
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
        if try regularFileExists(path) {
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

    /// For a read-only open: creates nothing, refuses what is not a regular file, checks the header.
    static func inspect(_ url: URL) throws -> Presence {
        let path = url.path
        guard try regularFileExists(path) else { return .missing }
        guard access(path, R_OK) == 0 else { throw StoreError.cannotOpen(path: path, detail: "no permission to read it") }
        return .present(try inspectHeader(path))
    }

    /// False when nothing is at `path`, true for a regular file; anything else is refused. Follows symbolic links,
    /// so a link to a database works; a dangling link counts as nothing there. Only `stat`: never opens the path.
    static func regularFileExists(_ path: String) throws -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let code = errno
            if code == ENOENT { return false }
            throw StoreError.cannotOpen(path: path, detail: String(cString: strerror(code)))
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw StoreError.notARegularFile(path: path, kind: kindName(info.st_mode))
        }
        return true
    }

    static func kindName(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFREG: "regular file"
        case S_IFDIR: "directory"
        case S_IFIFO: "FIFO"
        case S_IFSOCK: "socket"
        case S_IFCHR: "character device"
        case S_IFBLK: "block device"
        default: "special file"
        }
    }

    /// Reads only the first 16 bytes: never writes. Opens without blocking and checks the opened file is still a
    /// regular one, so a FIFO swapped in after `regularFileExists` cannot hang us either.
    static func inspectHeader(_ path: String) throws -> State {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw StoreError.cannotOpen(path: path, detail: "cannot read it: " + String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            throw StoreError.cannotOpen(path: path, detail: String(cString: strerror(errno)))
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw StoreError.notARegularFile(path: path, kind: kindName(info.st_mode))
        }
        var bytes = [UInt8](repeating: 0, count: sqliteHeader.count)
        var count = 0
        while count < bytes.count {
            let got = bytes.withUnsafeMutableBytes { buffer in
                read(descriptor, buffer.baseAddress.map { $0 + count }, buffer.count - count)
            }
            if got < 0 && errno == EINTR { continue }
            guard got >= 0 else { throw StoreError.cannotOpen(path: path, detail: String(cString: strerror(errno))) }
            if got == 0 { break }
            count += got
        }
        if count == 0 { return .fresh }
        guard Array(bytes[0..<count]) == sqliteHeader else { throw StoreError.notADatabase(path: path) }
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
