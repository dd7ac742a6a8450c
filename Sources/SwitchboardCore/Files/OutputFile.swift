#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Writes a file the user named (`history export -o`, a saved catalog): the bytes go to a private (0600)
/// temporary file beside the target, which is then renamed into place, so a reader sees the old file or the
/// whole new one. It never writes into anything but a regular file — not a FIFO, a device, a directory or a
/// link to one of those — and never replaces an existing file unless asked to.
public enum OutputFile {
    public enum Failure: Error, CustomStringConvertible, Equatable {
        /// The target is a regular file and `replacing` was false.
        case exists(path: String)
        /// The target is something else; refused even when replacing.
        case notRegularFile(path: String, kind: String)
        case cannotWrite(path: String, reason: String)

        public var description: String {
            switch self {
            case .exists(let path): "\(path) already exists"
            case .notRegularFile(let path, let kind): "\(path) is \(kind), not a regular file; refusing to write to it"
            case .cannotWrite(let path, let reason): "cannot write \(path): \(reason)"
            }
        }
    }

    /// Writes `data` to `path`. An existing regular file (or a symbolic link to one, whose target is replaced)
    /// is replaced only when `replacing` is true.
    public static func write(_ data: Data, to path: String, replacing: Bool) throws {
        let target = try destination(for: path, replacing: replacing)
        let temporary = try writeTemporary(data, beside: target.path, named: path)
        do {
            if target.exists {
                try moveOver(temporary, to: target.path, named: path)
            } else {
                try moveIntoPlace(temporary, to: target.path, named: path)
            }
        } catch {
            unlink(temporary)
            throw error
        }
    }

    /// Where the bytes go, and whether a file is there now. Checked with lstat first so a symbolic link is seen
    /// as one; a link is followed only to a regular file.
    static func destination(for path: String, replacing: Bool) throws -> (path: String, exists: Bool) {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            let error = errno
            guard error == ENOENT else { throw Failure.cannotWrite(path: path, reason: DescriptorWrite.describe(error)) }
            return (path, false)
        }
        var resolved = path
        if info.st_mode & S_IFMT == S_IFLNK {
            guard stat(path, &info) == 0 else {
                throw Failure.notRegularFile(path: path, kind: "a symbolic link to nothing")
            }
            guard info.st_mode & S_IFMT == S_IFREG else {
                throw Failure.notRegularFile(path: path, kind: "a symbolic link to " + kind(of: info.st_mode))
            }
            guard let real = realpath(path, nil) else {
                throw Failure.cannotWrite(path: path, reason: DescriptorWrite.describe(errno))
            }
            resolved = String(cString: real)
            free(real)
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw Failure.notRegularFile(path: path, kind: kind(of: info.st_mode))
        }
        guard replacing else { throw Failure.exists(path: path) }
        return (resolved, true)
    }

    static func kind(of mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFIFO: "a FIFO (named pipe)"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFDIR: "a directory"
        case S_IFSOCK: "a socket"
        case S_IFLNK: "a symbolic link"
        default: "not a regular file"
        }
    }

    /// A new 0600 file with a random name in the target's directory (so the rename stays on one file system),
    /// holding all of `data`, flushed to disk.
    private static func writeTemporary(_ data: Data, beside target: String, named path: String) throws -> String {
        let url = URL(fileURLWithPath: target)
        let directory = url.deletingLastPathComponent().path
        var template = Array((directory + "/." + url.lastPathComponent + ".XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return -1 }
            return mkstemp(base)
        }
        guard descriptor >= 0 else { throw Failure.cannotWrite(path: path, reason: DescriptorWrite.describe(errno)) }
        let temporary = template.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.map { String(cString: $0) } ?? ""
        }
        var failure = fchmod(descriptor, 0o600) == 0 ? nil : errno
        if failure == nil { failure = DescriptorWrite.all(data, to: descriptor) }
        if failure == nil, fsync(descriptor) != 0 { failure = errno }
        if close(descriptor) != 0, failure == nil { failure = errno }
        if let failure {
            unlink(temporary)
            throw Failure.cannotWrite(path: path, reason: DescriptorWrite.describe(failure))
        }
        return temporary
    }

    /// Replaces an existing regular file: rename(2) swaps the directory entry atomically.
    private static func moveOver(_ temporary: String, to target: String, named path: String) throws {
        guard rename(temporary, target) == 0 else {
            throw Failure.cannotWrite(path: path, reason: DescriptorWrite.describe(errno))
        }
    }

    /// Creates the target without ever replacing one that appeared since it was checked: link(2) fails with
    /// EEXIST instead. File systems without hard links fall back to a re-check and rename.
    private static func moveIntoPlace(_ temporary: String, to target: String, named path: String) throws {
        if link(temporary, target) == 0 {
            unlink(temporary)
            return
        }
        let error = errno
        switch error {
        case EEXIST:
            throw Failure.exists(path: path)
        case EPERM, ENOTSUP, EOPNOTSUPP, EMLINK, ENOSYS:
            var info = stat()
            guard lstat(target, &info) != 0, errno == ENOENT else { throw Failure.exists(path: path) }
            try moveOver(temporary, to: target, named: path)
        default:
            throw Failure.cannotWrite(path: path, reason: DescriptorWrite.describe(error))
        }
    }
}
