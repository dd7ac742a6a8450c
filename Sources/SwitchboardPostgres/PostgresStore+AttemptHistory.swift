import Foundation
import PostgresNIO
import SwitchboardCore

/// The ledger's recent attempts, for seeding a new instance's engine (deployment health, observed speeds).
extension PostgresStore: AttemptHistory {
    public func recentAttempts(since: Date) async throws -> [AttemptRecord] {
        let rows = try await query("""
            \(unescaped: Self.attemptSelect) WHERE a.started_at >= \(PostgresValues.millis(since)) ORDER BY a.started_at, a.id
            """, doing: "read recent attempts")
        var attempts: [AttemptRecord] = []
        for try await row in rows { attempts.append(try Self.attempt(row)) }
        return attempts
    }

    /// The columns `attempt(_:)` reads, in its order; `a` is the attempts table.
    static let attemptSelect = """
        SELECT a.turn_id, a.ordinal, a.model, a.provider, a.provider_model, a.reason, a.outcome, a.after_first_token,
            a.http_status, a.error_message, a.started_at, a.ttft_ms, a.duration_ms, a.input_tokens, a.output_tokens,
            a.cache_read_tokens, a.cache_write_tokens, a.reasoning_tokens, a.cache_write_1h_tokens, a.image_inputs,
            a.cost::text, a.cost_reported::text
        FROM attempts a
        """

    /// One row of `attemptSelect` back to the neutral record, as the SQLite store reads it.
    static func attempt(_ row: PostgresRow) throws -> AttemptRecord {
        let cells = row.makeRandomAccess()
        func cell<T: PostgresDecodable>(_ index: Int, _ type: T.Type) throws -> T { try cells[index].decode(T.self) }
        let outcome = AttemptRecord.Outcome(label: try cell(6, String.self), afterFirstToken: try cell(7, Bool.self))
        let usage = Usage(input: Int(try cell(13, Int64.self)), output: Int(try cell(14, Int64.self)),
                          cacheRead: Int(try cell(15, Int64.self)), cacheWrite: Int(try cell(16, Int64.self)),
                          reasoning: Int(try cell(17, Int64.self)), cacheWrite1h: Int(try cell(18, Int64.self)),
                          images: Int(try cell(19, Int64.self)))
        return AttemptRecord(
            turnID: try cell(0, UUID.self), ordinal: Int(try cell(1, Int32.self)), model: try cell(2, String.self),
            provider: try cell(3, String.self), providerModel: try cell(4, String.self), reason: try cell(5, String.self),
            outcome: outcome, status: try cell(8, Int32?.self).map(Int.init), errorMessage: try cell(9, String?.self),
            startedAt: PostgresValues.date(millis: try cell(10, Int64.self)),
            ttft: try cell(11, Int64?.self).map(PostgresValues.duration(millis:)),
            duration: PostgresValues.duration(millis: try cell(12, Int64.self)), usage: usage,
            cost: try PostgresValues.money(try cell(20, String?.self)),
            reportedCost: try PostgresValues.money(try cell(21, String?.self)))
    }
}
