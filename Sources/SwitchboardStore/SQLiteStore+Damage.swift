import Foundation
import GRDB

/// A write the database refused for a reason other than damage (a full disk, a read-only file, a lock held too
/// long): one line that names the file and SQLite's reason, without the statement.
public struct StoreWriteError: Error, Equatable, Sendable, CustomStringConvertible {
    public var path: String
    public var detail: String

    public var description: String { "could not write to \(path): \(detail)" }
}

extension SQLiteStore {
    /// The damage this store met so far (after which it refuses every write); nil while the file reads as sound.
    public var damageFound: StoreError? { connections.damaged }

    /// `error`, from any call on this store, as `StoreError.corrupt` or `.notADatabase` when it says the file is
    /// damaged; nil for anything else. A caller that gets one stops writing to the file.
    public func damage(in error: Error) -> StoreError? {
        switch Self.translate(error, path: url.path) {
        case let error as StoreError:
            switch error {
            case .corrupt, .notADatabase: return error
            default: return nil
            }
        default:
            return nil
        }
    }

    /// `error` from a write, fit for one line: damage as `StoreError`, SQLite's own errors as `StoreWriteError`
    /// (GRDB's description spans lines and quotes the statement), anything else as it is.
    public func writeFailure(_ error: Error) -> Error {
        if let damage = damage(in: error) { return damage }
        guard let error = error as? DatabaseError else { return error }
        return StoreWriteError(path: url.path, detail: error.message ?? "\(error.resultCode)")
    }
}
