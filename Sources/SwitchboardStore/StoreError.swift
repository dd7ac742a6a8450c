import Foundation

/// Everything the store refuses to do, with a message a person can act on. Every case names the file or the id.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file exists but does not start with the SQLite header. It was not touched.
    case notADatabase(path: String)
    /// SQLite could not read the file (damaged page, truncated file). It was not touched.
    case corrupt(path: String, detail: String)
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
    case invalidImport(detail: String)
    case invalidQuery(detail: String)

    public var description: String {
        switch self {
        case .notADatabase(let path):
            return "\(path) is not a SQLite database; it was left untouched (move it away or pass --db PATH)"
        case .corrupt(let path, let detail):
            return "\(path) is damaged and cannot be read (\(detail)); it was left untouched"
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
            if suggestions.isEmpty { return "no session matches '\(reference)'" }
            return "no session matches '\(reference)'; closest: " + suggestions.joined(separator: ", ")
        case .ambiguousSession(let reference, let matches):
            return "'\(reference)' matches several sessions: " + matches.joined(separator: ", ")
                + "; type more of the id"
        case .noSessions:
            return "no sessions stored yet"
        case .messageNotFound(let id):
            return "no message with id \(id)"
        case .invalidImport(let detail):
            return "cannot import: \(detail)"
        case .invalidQuery(let detail):
            return "invalid search: \(detail)"
        }
    }
}
