import Foundation
import GRDB
import SwitchboardCore

extension SQLiteStore: Ledger {
    /// Stores one attempt of the engine, linked to its turn (created here when the attempt comes first).
    public func record(_ attempt: AttemptRecord) async throws {
        try await pool.write { db in try Self.insert(attempt, db) }
    }

    /// The same, for callers outside async code.
    public func recordAttempt(_ attempt: AttemptRecord) throws {
        try pool.write { db in try Self.insert(attempt, db) }
    }

    static func insert(_ attempt: AttemptRecord, _ db: Database) throws {
        let turn = try turnKey(attempt.turnID, session: nil, db)
        let afterFirstToken: Bool
        if case .failed(_, let after) = attempt.outcome { afterFirstToken = after } else { afterFirstToken = false }
        let usage = attempt.usage
        try db.execute(sql: """
            INSERT INTO attempts (turn_id, ordinal, model, provider, provider_model, reason, outcome, after_first_token,
                http_status, error_message, started_at, ttft_ms, duration_ms, input_tokens, output_tokens,
                cache_read_tokens, cache_write_tokens, reasoning_tokens, cost, cost_reported)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [turn, attempt.ordinal, attempt.model, attempt.provider, attempt.providerModel,
                             attempt.reason, attempt.outcome.label, afterFirstToken, attempt.status,
                             attempt.errorMessage, StoredTime.millis(attempt.startedAt),
                             attempt.ttft.map(StoredTime.millis), StoredTime.millis(attempt.duration), usage.input,
                             usage.output, usage.cacheRead, usage.cacheWrite, usage.reasoning,
                             attempt.cost?.decimalString, attempt.reportedCost?.decimalString])
    }
}

extension SQLiteStore {
    /// Attempts started at or after `since`, oldest first: to seed the health tracker of a new process.
    public func attempts(since: Date) throws -> [AttemptRecord] {
        try pool.read { db in
            try Row.fetchAll(db, sql: RowDecoding.attemptSelect + " WHERE a.started_at >= ? ORDER BY a.started_at, a.id",
                             arguments: [StoredTime.millis(since)]).map(RowDecoding.attempt)
        }
    }
}
