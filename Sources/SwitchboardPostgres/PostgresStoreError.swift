import Foundation
import PostgresNIO

/// What went wrong with the PostgreSQL store, in words that never carry the password.
public enum PostgresStoreError: Error, CustomStringConvertible, Sendable {
    case badURL(String)
    /// The server or the connection failed while doing `doing`.
    case database(doing: String, message: String)

    public var description: String {
        switch self {
        case .badURL(let message): message
        case .database(let doing, let message): "PostgreSQL: could not \(doing): \(message)"
        }
    }

    /// PostgresNIO hides an error's detail from `description` (it could hold a query's values); the server's own
    /// message and code say what failed without the password, which the server never repeats.
    static func wrap(_ error: Error, doing: String) -> Error {
        if error is PostgresStoreError || error is CancellationError { return error }
        if let transaction = error as? PostgresTransactionError,
           let cause = transaction.closureError ?? transaction.beginError ?? transaction.commitError {
            return wrap(cause, doing: doing)
        }
        guard let psql = error as? PSQLError else { return PostgresStoreError.database(doing: doing, message: "\(error)") }
        if let message = psql.serverInfo?[.message] {
            let code = psql.serverInfo?[.sqlState].map { " (\($0))" } ?? ""
            return PostgresStoreError.database(doing: doing, message: message + code)
        }
        let underlying = psql.underlying.map { ": \($0)" } ?? ""
        return PostgresStoreError.database(doing: doing, message: "\(psql.code)\(underlying)")
    }
}
