import Foundation
import SwitchboardCore

/// Everything the store refuses to do, with a message a person can act on. Every case names the file or the id.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file exists but does not start with the SQLite header. It was not touched.
    case notADatabase(path: String)
    /// SQLite found a damaged page (at open, or later while reading or writing). The operation stopped and this
    /// store writes nothing more to the file.
    case corrupt(path: String, detail: String)
    /// `--db` names a FIFO, directory, device or socket: only a regular file (or nothing yet) is a database.
    case notARegularFile(path: String, kind: String)
    /// A write was asked of a store opened read-only (a programming error: read-only commands never write).
    case readOnly(path: String)
    /// A SQLite database made by something else: we do not add our tables to it.
    case foreignDatabase(path: String)
    /// Written by a newer Switchboard: migrations this build does not know.
    case newerSchema(path: String, unknownMigrations: [String])
    /// The directory cannot be created or written, so neither can the database or its WAL.
    case directoryUnavailable(path: String, detail: String)
    case cannotOpen(path: String, detail: String)
    case sessionNotFound(reference: String, suggestions: [String])
    case ambiguousSession(reference: String, matches: [String])
    case noSessions
    case messageNotFound(id: Int64)
    /// A checkpoint or the end of a reply arrived for a turn whose reply was never opened.
    case turnNotOpened(turn: UUID)
    case invalidImport(detail: String)
    case invalidQuery(detail: String)

    public var description: String {
        switch self {
        case .notADatabase(let path):
            return "\(path) is not a SQLite database; it was left untouched (move it away or pass --db PATH)"
        case .corrupt(let path, let detail):
            return "the database at \(path) is damaged (\(detail)); nothing more was written to it. "
                + "See README: recovering a damaged database"
        case .notARegularFile(let path, let kind):
            return "\(path) is a \(kind), not a regular file; the database must be a regular file or a path that "
                + "does not exist yet"
        case .readOnly(let path):
            return "\(path) was opened read-only; this command does not write to it"
        case .foreignDatabase(let path):
            return "\(path) is a SQLite database but not Switchboard's; it was left untouched (pass --db PATH)"
        case .newerSchema(let path, let unknown):
            return "\(path) was written by a newer Switchboard (unknown migrations: "
                + unknown.joined(separator: ", ") + "); upgrade Switchboard to use it"
        case .directoryUnavailable(let path, let detail):
            return "cannot use directory \(path) for the database: \(detail)"
        case .cannotOpen(let path, let detail):
            return "cannot open \(path): \(detail)"
        case .sessionNotFound(let reference, let suggestions):
            return SessionStoreError.sessionNotFound(reference: reference, suggestions: suggestions).description
        case .ambiguousSession(let reference, let matches):
            return SessionStoreError.ambiguousSession(reference: reference, matches: matches).description
        case .noSessions:
            return SessionStoreError.noSessions.description
        case .turnNotOpened(let turn):
            return SessionStoreError.turnNotOpened(turn: turn).description
        case .messageNotFound(let id):
            return SessionStoreError.messageNotFound(id: id).description
        case .invalidImport(let detail):
            return "cannot import: \(detail)"
        case .invalidQuery(let detail):
            return SessionStoreError.invalidQuery(detail: detail).description
        }
    }
}
