import Foundation

/// What every session store refuses, in the words a person reads whichever database holds the sessions: a
/// reference that names no session or several, a message or turn that is not there, a search too large to run.
/// The SQLite store's `StoreError` prints these cases with these words too.
public enum SessionStoreError: Error, Equatable, Sendable, CustomStringConvertible {
    case sessionNotFound(reference: String, suggestions: [String])
    case ambiguousSession(reference: String, matches: [String])
    case noSessions
    case messageNotFound(id: Int64)
    /// A checkpoint or the end of a reply arrived for a turn whose reply was never opened.
    case turnNotOpened(turn: UUID)
    case invalidQuery(detail: String)

    public var description: String {
        switch self {
        case .sessionNotFound(let reference, let suggestions):
            if suggestions.isEmpty { return "no session matches '\(reference)'" }
            return "no session matches '\(reference)'; closest: " + suggestions.joined(separator: ", ")
        case .ambiguousSession(let reference, let matches):
            return "'\(reference)' matches several sessions: " + matches.joined(separator: ", ")
                + "; type more of the id"
        case .noSessions:
            return "no sessions stored yet"
        case .turnNotOpened(let turn):
            return "no reply was opened for turn \(turn.uuidString.lowercased())"
        case .messageNotFound(let id):
            return "no message with id \(id)"
        case .invalidQuery(let detail):
            return "invalid search: \(detail)"
        }
    }
}
