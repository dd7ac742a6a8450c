import Foundation
import GRDB
import SwitchboardCore

/// The ledger's recent attempts through GRDB's async read, for seeding a new process's engine.
extension SQLiteStore: AttemptHistory {
    public func recentAttempts(since: Date) async throws -> [AttemptRecord] {
        try await connections.read { db in
            try Row.fetchAll(db, sql: RowDecoding.attemptSelect + " WHERE a.started_at >= ? ORDER BY a.started_at, a.id",
                             arguments: [StoredTime.millis(since)]).map(RowDecoding.attempt)
        }
    }
}
