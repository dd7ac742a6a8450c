import Foundation
import GRDB
import SwitchboardCore

extension SQLiteStore {
    /// Spend from the attempts ledger since `since` (all time when nil), grouped one way. Sums are exact decimals
    /// added in Swift: SQLite would add them as floating point.
    public func spend(by grouping: SpendReport.Grouping, since: Date? = nil,
                      calendar: Calendar = .current) throws -> SpendReport {
        let entries = try connections.read { db in try Self.spendEntries(since: since, db) }
        return SpendReport.build(entries, grouping: grouping, since: since, calendar: calendar)
    }

    static func spendEntries(since: Date?, _ db: Database) throws -> [SpendReport.Entry] {
        do {
            return try Row.fetchAll(db, sql: """
                SELECT a.model, a.provider, a.started_at, a.cost, a.cost_reported, a.input_tokens, a.output_tokens,
                       a.cache_read_tokens, a.cache_write_tokens, a.reasoning_tokens, a.cache_write_1h_tokens,
                       a.image_inputs, s.uuid, CAST(s.title AS BLOB) AS title, k.name AS key_name,
                       (SELECT group_concat(tag, char(10)) FROM turn_tags WHERE turn_id = t.id) AS tags
                FROM attempts a JOIN turns t ON t.id = a.turn_id LEFT JOIN sessions s ON s.id = t.session_id
                LEFT JOIN gateway_keys k ON k.id = t.gateway_key_id
                WHERE a.started_at >= ?
                """, arguments: [since.map(StoredTime.millis) ?? Int64.min]).map { row in
                SpendReport.Entry(model: try row.decode(forColumn: "model"), provider: try row.decode(forColumn: "provider"),
                                  startedAt: StoredTime.date(try row.decode(forColumn: "started_at")),
                                  session: try row.decode(forColumn: "uuid"), sessionTitle: try ExactText.decodeIfPresent(row, "title"),
                                  cost: try RowDecoding.money(row, "cost"), reported: try RowDecoding.money(row, "cost_reported"),
                                  usage: try RowDecoding.usage(row), key: try row.decode(forColumn: "key_name"),
                                  tags: (try row.decode(forColumn: "tags") as String?).map { $0.split(separator: "\n").map(String.init) } ?? [])
            }
        }
    }

    /// Requests, errors by class, TTFT and duration percentiles, and output speed per model and provider.
    public func stats(since: Date? = nil) throws -> [ModelStats] {
        let samples = try connections.read { db in try Self.statsSamples(since: since, db) }
        return ModelStats.build(samples)
    }

    static func statsSamples(since: Date?, _ db: Database) throws -> [ModelStats.Sample] {
        do {
            return try Row.fetchAll(db, sql: """
                SELECT model, provider, outcome, ttft_ms, duration_ms, output_tokens FROM attempts
                WHERE started_at >= ? ORDER BY started_at
                """, arguments: [since.map(StoredTime.millis) ?? Int64.min]).map { row in
                ModelStats.Sample(model: try row.decode(forColumn: "model"), provider: try row.decode(forColumn: "provider"),
                                  outcome: try row.decode(forColumn: "outcome"), ttftMs: try row.decode(forColumn: "ttft_ms"),
                                  durationMs: try row.decode(forColumn: "duration_ms"),
                                  outputTokens: try row.decode(forColumn: "output_tokens"))
            }
        }
    }
}
