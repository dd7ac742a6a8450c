import Foundation
import GRDB
import SwitchboardCore

/// Column lists and Row -> value conversions, kept together so a SELECT and its decoder cannot drift apart.
enum RowDecoding {
    static let sessionColumns = "s.uuid, s.title, s.created_at, s.updated_at, s.archived, s.system_prompt, s.model, s.tag"

    static func session(_ row: Row) throws -> StoredSession {
        StoredSession(id: try uuid(row, "uuid"), title: try row.decode(forColumn: "title"),
                      createdAt: StoredTime.date(try row.decode(forColumn: "created_at")),
                      updatedAt: StoredTime.date(try row.decode(forColumn: "updated_at")),
                      archived: try row.decode(forColumn: "archived"),
                      systemPrompt: try row.decode(forColumn: "system_prompt"),
                      model: try row.decode(forColumn: "model"), tag: try row.decode(forColumn: "tag"))
    }

    /// Expects the message columns plus `session_uuid` and `turn_uuid`.
    static let messageColumns = """
        m.id, m.parent_id, m.role, m.status, m.requested_model, m.resolved_model, m.provider, m.input_tokens,
        m.output_tokens, m.cache_read_tokens, m.cache_write_tokens, m.reasoning_tokens, m.cost, m.cost_reported,
        m.ttft_ms, m.duration_ms, m.created_at, m.updated_at, m.text, m.turn_id
        """

    static func message(_ row: Row, sessionID: UUID, turnID: UUID?) throws -> StoredMessage {
        let roleText: String = try row.decode(forColumn: "role")
        let statusText: String = try row.decode(forColumn: "status")
        guard let role = Role(rawValue: roleText), let status = MessageStatus(rawValue: statusText) else {
            throw DatabaseError(message: "unknown role or status: \(roleText) \(statusText)")
        }
        let parent: Int64? = try row.decode(forColumn: "parent_id")
        return StoredMessage(
            id: MessageID(rawValue: try row.decode(forColumn: "id")), sessionID: sessionID,
            parentID: parent.map(MessageID.init(rawValue:)), turnID: turnID, role: role,
            text: try row.decode(forColumn: "text"), status: status,
            requestedModel: try row.decode(forColumn: "requested_model"),
            resolvedModel: try row.decode(forColumn: "resolved_model"), provider: try row.decode(forColumn: "provider"),
            usage: try optionalUsage(row), cost: try money(row, "cost"), reportedCost: try money(row, "cost_reported"),
            ttftMs: try row.decode(forColumn: "ttft_ms"), durationMs: try row.decode(forColumn: "duration_ms"),
            createdAt: StoredTime.date(try row.decode(forColumn: "created_at")),
            updatedAt: StoredTime.date(try row.decode(forColumn: "updated_at")))
    }

    static let attemptColumns = """
        a.ordinal, a.model, a.provider, a.provider_model, a.reason, a.outcome, a.after_first_token, a.http_status,
        a.error_message, a.started_at, a.ttft_ms, a.duration_ms, a.input_tokens, a.output_tokens,
        a.cache_read_tokens, a.cache_write_tokens, a.reasoning_tokens, a.cost, a.cost_reported
        """

    static func attempt(_ row: Row, turnID: UUID) throws -> AttemptRecord {
        let ttft: Int64? = try row.decode(forColumn: "ttft_ms")
        return AttemptRecord(
            turnID: turnID, ordinal: try row.decode(forColumn: "ordinal"), model: try row.decode(forColumn: "model"),
            provider: try row.decode(forColumn: "provider"), providerModel: try row.decode(forColumn: "provider_model"),
            reason: try row.decode(forColumn: "reason"),
            outcome: outcome(try row.decode(forColumn: "outcome"), afterFirstToken: try row.decode(forColumn: "after_first_token")),
            status: try row.decode(forColumn: "http_status"), errorMessage: try row.decode(forColumn: "error_message"),
            startedAt: StoredTime.date(try row.decode(forColumn: "started_at")),
            ttft: ttft.map(StoredTime.duration), duration: StoredTime.duration(try row.decode(forColumn: "duration_ms")),
            usage: try usage(row), cost: try money(row, "cost"), reportedCost: try money(row, "cost_reported"))
    }

    /// The stored word back to an outcome. A class this build does not know reads as a server error.
    static func outcome(_ label: String, afterFirstToken: Bool) -> AttemptRecord.Outcome {
        switch label {
        case "success": .success
        case "cancelled": .cancelled
        default: .failed(ProviderError.Kind(rawValue: label) ?? .server, afterFirstToken: afterFirstToken)
        }
    }

    static func usage(_ row: Row) throws -> Usage {
        Usage(input: try row.decode(forColumn: "input_tokens"), output: try row.decode(forColumn: "output_tokens"),
              cacheRead: try row.decode(forColumn: "cache_read_tokens"),
              cacheWrite: try row.decode(forColumn: "cache_write_tokens"),
              reasoning: try row.decode(forColumn: "reasoning_tokens"))
    }

    static func optionalUsage(_ row: Row) throws -> Usage? {
        let input: Int? = try row.decode(forColumn: "input_tokens")
        guard input != nil else { return nil }
        return try usage(row)
    }

    static func money(_ row: Row, _ column: String) throws -> Money? {
        guard let text: String = try row.decode(forColumn: column) else { return nil }
        guard let money = Money(decimalString: text) else {
            throw DatabaseError(message: "\(column) is not a decimal: \(text)")
        }
        return money
    }

    static func uuid(_ row: Row, _ column: String) throws -> UUID {
        let value = try row.decode(DatabaseValue.self, forColumn: column)
        if let uuid = UUID.fromDatabaseValue(value) { return uuid }
        throw DatabaseError(message: "\(column) is not a UUID")
    }
}
