import Foundation
import GRDB
import SwitchboardCore

/// SELECTs and their Row -> value conversions, kept together so a query and its decoder cannot drift apart.
/// Messages and attempts are decoded by position: opening a 1,000-message session decodes 20,000 columns, and
/// looking each up by name cost several milliseconds.
enum RowDecoding {
    /// Decoded by position by `session(_:)`: they open every SELECT that uses them.
    static let sessionColumns = "s.uuid, CAST(s.title AS BLOB) AS title, s.created_at, s.updated_at, s.archived, "
        + "CAST(s.system_prompt AS BLOB) AS system_prompt, s.model, s.tag, s.role"

    /// Decoded by position (the columns must open the SELECT): listing sessions decodes nine columns a row.
    static func session(_ row: Row) throws -> StoredSession {
        StoredSession(id: try uuid(row, atIndex: 0), title: try ExactText.decode(row, 1),
                      createdAt: StoredTime.date(try row.decode(atIndex: 2)),
                      updatedAt: StoredTime.date(try row.decode(atIndex: 3)),
                      archived: try row.decode(atIndex: 4),
                      systemPrompt: try row.optional(Data.self, atIndex: 5).map { String(decoding: $0, as: UTF8.self) },
                      model: try row.optional(atIndex: 6), tag: try row.optional(atIndex: 7),
                      role: try row.optional(atIndex: 8))
    }

    /// Every message column and its turn's UUID; append WHERE and ORDER BY. Decode with `message(_:sessionID:)`.
    static let messageSelect = """
        SELECT m.id, m.parent_id, m.role, m.status, m.requested_model, m.resolved_model, m.provider, m.input_tokens,
               m.output_tokens, m.cache_read_tokens, m.cache_write_tokens, m.reasoning_tokens, m.cost, m.cost_reported,
               m.ttft_ms, m.duration_ms, m.created_at, m.updated_at, CAST(m.text AS BLOB), t.uuid,
               m.cache_write_1h_tokens, m.image_inputs, m.parts
        FROM messages m LEFT JOIN turns t ON t.id = m.turn_id
        """

    static func message(_ row: Row, sessionID: UUID) throws -> StoredMessage {
        let roleText: String = try row.decode(atIndex: 2)
        let statusText: String = try row.decode(atIndex: 3)
        guard let role = Role(rawValue: roleText), let status = MessageStatus(rawValue: statusText) else {
            throw DatabaseError(message: "unknown role or status: \(roleText) \(statusText)")
        }
        let parent = try row.optional(Int64.self, atIndex: 1)
        let input = try row.optional(Int.self, atIndex: 7)
        let turn = UUID.fromDatabaseValue(try row.decode(DatabaseValue.self, atIndex: 19))
        var usage = input == nil ? nil : try usage(row, from: 7)
        usage?.cacheWrite1h = try row.optional(Int.self, atIndex: 20) ?? 0
        usage?.images = try row.optional(Int.self, atIndex: 21) ?? 0
        return StoredMessage(
            id: MessageID(rawValue: try row.decode(atIndex: 0)), sessionID: sessionID,
            parentID: parent.map(MessageID.init(rawValue:)), turnID: turn, role: role, text: try ExactText.decode(row, 18), status: status,
            requestedModel: try row.optional(atIndex: 4), resolvedModel: try row.optional(atIndex: 5),
            provider: try row.optional(atIndex: 6), usage: usage, cost: try money(row, 12),
            reportedCost: try money(row, 13), ttftMs: try row.optional(atIndex: 14), durationMs: try row.optional(atIndex: 15),
            createdAt: StoredTime.date(try row.decode(atIndex: 16)), updatedAt: StoredTime.date(try row.decode(atIndex: 17)),
            parts: try StoredParts.decode(try row.optional(String.self, atIndex: 22)))
    }

    /// Every attempt column and its turn's UUID; append WHERE and ORDER BY. Decode with `attempt(_:)`.
    static let attemptSelect = """
        SELECT a.ordinal, a.model, a.provider, a.provider_model, a.reason, a.outcome, a.after_first_token,
               a.http_status, a.error_message, a.started_at, a.ttft_ms, a.duration_ms, a.input_tokens, a.output_tokens,
               a.cache_read_tokens, a.cache_write_tokens, a.reasoning_tokens, a.cost, a.cost_reported, t.uuid,
               a.cache_write_1h_tokens, a.image_inputs
        FROM turns t JOIN attempts a ON a.turn_id = t.id
        """

    static func attempt(_ row: Row) throws -> AttemptRecord {
        guard let turn = UUID.fromDatabaseValue(try row.decode(DatabaseValue.self, atIndex: 19)) else {
            throw DatabaseError(message: "attempt without a turn UUID")
        }
        let ttft = try row.optional(Int64.self, atIndex: 10)
        var usage = try usage(row, from: 12)
        usage.cacheWrite1h = try row.decode(atIndex: 20)
        usage.images = try row.decode(atIndex: 21)
        return AttemptRecord(
            turnID: turn, ordinal: try row.decode(atIndex: 0), model: try row.decode(atIndex: 1),
            provider: try row.decode(atIndex: 2), providerModel: try row.decode(atIndex: 3), reason: try row.decode(atIndex: 4),
            outcome: outcome(try row.decode(atIndex: 5), afterFirstToken: try row.decode(atIndex: 6)),
            status: try row.optional(atIndex: 7), errorMessage: try row.optional(atIndex: 8),
            startedAt: StoredTime.date(try row.decode(atIndex: 9)), ttft: ttft.map(StoredTime.duration),
            duration: StoredTime.duration(try row.decode(atIndex: 11)), usage: usage,
            cost: try money(row, 17), reportedCost: try money(row, 18))
    }

    /// The stored word back to an outcome. A class this build does not know reads as a server error.
    static func outcome(_ label: String, afterFirstToken: Bool) -> AttemptRecord.Outcome {
        AttemptRecord.Outcome(label: label, afterFirstToken: afterFirstToken)
    }

    /// Five token columns starting at `index`: input, output, cache read, cache write, reasoning.
    static func usage(_ row: Row, from index: Int) throws -> Usage {
        Usage(input: try row.decode(atIndex: index), output: try row.decode(atIndex: index + 1),
              cacheRead: try row.decode(atIndex: index + 2), cacheWrite: try row.decode(atIndex: index + 3),
              reasoning: try row.decode(atIndex: index + 4))
    }

    static func usage(_ row: Row) throws -> Usage {
        Usage(input: try row.decode(forColumn: "input_tokens"), output: try row.decode(forColumn: "output_tokens"),
              cacheRead: try row.decode(forColumn: "cache_read_tokens"),
              cacheWrite: try row.decode(forColumn: "cache_write_tokens"),
              reasoning: try row.decode(forColumn: "reasoning_tokens"),
              cacheWrite1h: try row.decode(forColumn: "cache_write_1h_tokens"),
              images: try row.decode(forColumn: "image_inputs"))
    }

    static func money(_ row: Row, _ index: Int) throws -> Money? {
        guard let text = try row.optional(String.self, atIndex: index) else { return nil }
        return try money(text)
    }

    static func money(_ row: Row, _ column: String) throws -> Money? {
        guard let text: String = try row.decode(forColumn: column) else { return nil }
        return try money(text)
    }

    private static func money(_ text: String) throws -> Money {
        guard let amount = DecimalText.parse(text) else { throw DatabaseError(message: "not a decimal: \(text)") }
        return Money(amount)
    }

    static func uuid(_ row: Row, atIndex index: Int) throws -> UUID {
        if let uuid = UUID.fromDatabaseValue(try row.decode(DatabaseValue.self, atIndex: index)) { return uuid }
        throw DatabaseError(message: "column \(index) is not a UUID")
    }

    static func uuid(_ row: Row, _ column: String) throws -> UUID {
        let value = try row.decode(DatabaseValue.self, forColumn: column)
        if let uuid = UUID.fromDatabaseValue(value) { return uuid }
        throw DatabaseError(message: "\(column) is not a UUID")
    }
}
