import Foundation
import PostgresNIO
import SwitchboardCore

extension PostgresStore: Ledger {
    /// Stores an attempt as in flight, owned by this instance, before its request is sent: if the instance dies,
    /// another finds it once the instance's heartbeat has expired and marks it interrupted (`recoverInterrupted`).
    public func begin(_ attempt: AttemptRecord) async throws {
        var inFlight = attempt
        inFlight.outcome = .inFlight
        let pending = inFlight
        try await evenIfCancelled { [self] in
            try await transaction(doing: "record an attempt") { connection in
                try await Self.ensureTurn(pending.turnID, connection, logger: logger)
                try await Self.insert(pending, owner: instance, connection, logger: logger)
            }
        }
    }

    /// Stores how an attempt ended, in place of its in-flight row when there is one, and adds its known cost to the
    /// budget scopes it counts against (the day and month it started in, its turn's session and gateway key), in
    /// the same transaction. A cancelled turn still ends its attempt here.
    public func record(_ attempt: AttemptRecord) async throws {
        try await evenIfCancelled { [self] in
            try await transaction(doing: "record an attempt") { connection in
                try await Self.finish(attempt, connection, logger: logger)
            }
        }
    }

    static func finish(_ attempt: AttemptRecord, _ connection: PostgresConnection, logger: Logger) async throws {
        let turn = try await ensureTurn(attempt.turnID, connection, logger: logger)
        let v = AttemptValues(attempt)
        let updated = try await connection.query("""
            UPDATE attempts SET model = \(attempt.model), provider = \(attempt.provider),
                provider_model = \(attempt.providerModel), reason = \(attempt.reason), outcome = \(v.outcome),
                after_first_token = \(v.afterFirstToken), http_status = \(attempt.status), error_message = \(attempt.errorMessage),
                started_at = \(v.startedAt), ttft_ms = \(v.ttft), duration_ms = \(v.duration),
                input_tokens = \(v.input), output_tokens = \(v.output), cache_read_tokens = \(v.cacheRead),
                cache_write_tokens = \(v.cacheWrite), reasoning_tokens = \(v.reasoning), cost = \(v.cost)::numeric,
                cost_reported = \(v.reportedCost)::numeric, cache_write_1h_tokens = \(v.cacheWrite1h),
                image_inputs = \(v.images), owner = NULL
            WHERE id = (SELECT id FROM attempts WHERE turn_id = \(attempt.turnID) AND ordinal = \(attempt.ordinal)
                        AND outcome = 'in_flight' ORDER BY id LIMIT 1)
            RETURNING id
            """, logger: logger).collect()
        if updated.isEmpty { try await insert(attempt, owner: nil, connection, logger: logger) }
        guard let cost = attempt.cost else { return }
        let scopes = BudgetScopes(at: attempt.startedAt, session: turn.session, key: turn.key)
        try await BudgetScopes.addSpent(cost, to: scopes.sorted, connection, logger: logger)
    }

    /// The turn's row, made when the attempt comes first; returns the session and key its spend counts against.
    @discardableResult
    static func ensureTurn(_ turn: UUID, _ connection: PostgresConnection, logger: Logger)
        async throws -> (session: UUID?, key: Int64?) {
        try await connection.query("INSERT INTO turns (id) VALUES (\(turn)) ON CONFLICT (id) DO NOTHING", logger: logger)
        for try await (session, key) in try await connection.query(
            "SELECT session_id, gateway_key_id FROM turns WHERE id = \(turn)", logger: logger).decode((UUID?, Int64?).self) {
            return (session, key)
        }
        return (nil, nil)
    }

    private static func insert(_ attempt: AttemptRecord, owner: UUID?, _ connection: PostgresConnection,
                               logger: Logger) async throws {
        let v = AttemptValues(attempt)
        try await connection.query("""
            INSERT INTO attempts (turn_id, ordinal, model, provider, provider_model, reason, outcome, after_first_token,
                http_status, error_message, started_at, ttft_ms, duration_ms, input_tokens, output_tokens,
                cache_read_tokens, cache_write_tokens, reasoning_tokens, cost, cost_reported, cache_write_1h_tokens,
                image_inputs, owner)
            VALUES (\(attempt.turnID), \(attempt.ordinal), \(attempt.model), \(attempt.provider), \(attempt.providerModel),
                \(attempt.reason), \(v.outcome), \(v.afterFirstToken), \(attempt.status), \(attempt.errorMessage),
                \(v.startedAt), \(v.ttft), \(v.duration), \(v.input), \(v.output), \(v.cacheRead), \(v.cacheWrite),
                \(v.reasoning), \(v.cost)::numeric, \(v.reportedCost)::numeric, \(v.cacheWrite1h), \(v.images), \(owner))
            """, logger: logger)
    }
}

/// An attempt's columns as the SQL above binds them.
private struct AttemptValues {
    let outcome: String
    let afterFirstToken: Bool
    let startedAt: Int64
    let ttft: Int64?
    let duration: Int64
    let input, output, cacheRead, cacheWrite, reasoning, cacheWrite1h, images: Int64
    let cost: String?
    let reportedCost: String?

    init(_ attempt: AttemptRecord) {
        outcome = attempt.outcome.label
        if case .failed(_, let after) = attempt.outcome { afterFirstToken = after } else { afterFirstToken = false }
        startedAt = PostgresValues.millis(attempt.startedAt)
        ttft = attempt.ttft.map(PostgresValues.millis)
        duration = PostgresValues.millis(attempt.duration)
        let usage = attempt.usage
        input = Int64(usage.input)
        output = Int64(usage.output)
        cacheRead = Int64(usage.cacheRead)
        cacheWrite = Int64(usage.cacheWrite)
        reasoning = Int64(usage.reasoning)
        cacheWrite1h = Int64(usage.cacheWrite1h)
        images = Int64(usage.images)
        cost = attempt.cost?.decimalString
        reportedCost = attempt.reportedCost?.decimalString
    }
}
