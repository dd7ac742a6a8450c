import Foundation
import GRDB
import SwitchboardCore

extension SQLiteStore: Ledger {
    /// Stores an attempt as in flight, owned by this process, before its request is sent: if the process dies,
    /// the next writing command finds it and marks it interrupted (`recoverInterrupted`).
    public func begin(_ attempt: AttemptRecord) async throws {
        let pending = Self.inFlight(attempt)
        try await write { db in try Self.insert(pending, owner: ProcessOwner.current.text, db) }
    }

    /// Stores how an attempt ended, in place of its in-flight row when there is one; the turn is created here
    /// when the attempt comes first.
    /// A cancelled turn (Ctrl-C, a closed stdout) still ends its attempt here.
    public func record(_ attempt: AttemptRecord) async throws {
        try await write { db in try Self.finish(attempt, db) }
    }

    /// The same, for callers outside async code.
    public func recordAttempt(_ attempt: AttemptRecord) throws {
        do {
            try connections.write { db in try Self.finish(attempt, db) }
        } catch {
            throw writeFailure(error)
        }
    }

    static func inFlight(_ attempt: AttemptRecord) -> AttemptRecord {
        var pending = attempt
        pending.outcome = .inFlight
        return pending
    }

    /// An attempt's start and end are written even when its turn was cancelled.
    private func write(_ body: @escaping @Sendable (Database) throws -> Void) async throws {
        do {
            try await connections.writeEvenIfCancelled(body)
        } catch {
            throw writeFailure(error)
        }
    }

    /// `turnRow`: the turn's row when the caller has it.
    static func finish(_ attempt: AttemptRecord, turnRow: Int64? = nil, _ db: Database) throws {
        let turn = try turnRow ?? turnKey(attempt.turnID, session: nil, db)
        try db.executeCached("""
            UPDATE attempts SET model = ?, provider = ?, provider_model = ?, reason = ?, outcome = ?,
                after_first_token = ?, http_status = ?, error_message = ?, started_at = ?, ttft_ms = ?, duration_ms = ?,
                input_tokens = ?, output_tokens = ?, cache_read_tokens = ?, cache_write_tokens = ?, reasoning_tokens = ?,
                cost = ?, cost_reported = ?, cache_write_1h_tokens = ?, image_inputs = ?, owner = NULL
            WHERE turn_id = ? AND ordinal = ? AND outcome = 'in_flight'
            """, values(attempt) + [turn, attempt.ordinal])
        if db.changesCount == 0 { try insert(attempt, turn: turn, owner: nil, db) }
    }

    static func insert(_ attempt: AttemptRecord, owner: String? = nil, turnRow: Int64? = nil, _ db: Database) throws {
        try insert(attempt, turn: try turnRow ?? turnKey(attempt.turnID, session: nil, db), owner: owner, db)
    }

    private static func insert(_ attempt: AttemptRecord, turn: Int64, owner: String?, _ db: Database) throws {
        try db.executeCached("""
            INSERT INTO attempts (model, provider, provider_model, reason, outcome, after_first_token, http_status,
                error_message, started_at, ttft_ms, duration_ms, input_tokens, output_tokens, cache_read_tokens,
                cache_write_tokens, reasoning_tokens, cost, cost_reported, cache_write_1h_tokens, image_inputs, turn_id,
                ordinal, owner)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, values(attempt) + [turn, attempt.ordinal, owner])
    }

    /// Every column an attempt sets, in the order both statements above list them.
    private static func values(_ attempt: AttemptRecord) -> StatementArguments {
        let afterFirstToken: Bool
        if case .failed(_, let after) = attempt.outcome { afterFirstToken = after } else { afterFirstToken = false }
        let usage = attempt.usage
        return [attempt.model, attempt.provider, attempt.providerModel, attempt.reason, attempt.outcome.label,
                afterFirstToken, attempt.status, attempt.errorMessage, StoredTime.millis(attempt.startedAt),
                attempt.ttft.map(StoredTime.millis), StoredTime.millis(attempt.duration), usage.input, usage.output,
                usage.cacheRead, usage.cacheWrite, usage.reasoning, attempt.cost?.decimalString,
                attempt.reportedCost?.decimalString, usage.cacheWrite1h, usage.images]
    }
}

extension SQLiteStore {
    /// Attempts started at or after `since`, oldest first: to seed the health tracker of a new process.
    public func attempts(since: Date) throws -> [AttemptRecord] {
        try connections.read { db in
            try Row.fetchAll(db, sql: RowDecoding.attemptSelect + " WHERE a.started_at >= ? ORDER BY a.started_at, a.id",
                             arguments: [StoredTime.millis(since)]).map(RowDecoding.attempt)
        }
    }
}
