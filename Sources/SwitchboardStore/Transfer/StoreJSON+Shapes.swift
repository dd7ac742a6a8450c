import Foundation
import SwitchboardCore

// The shapes `StoreJSON` writes. Optionals are written as `null` (`ExplicitNull`), never left out (except a spend
// row's `label`), so a reader can tell "unknown" from "not in this version".

/// A session's own fields, then either its messages (`history show`) or its counts (`history list`).
struct SessionJSON<Own: Encodable>: FlattenedJSON {
    var own: Own
    var shared: SessionFieldsJSON
}

/// What `history show` adds to a session: its messages.
struct SessionMessagesJSON: Encodable {
    var messages: [MessageJSON]
}

/// What `history list` adds to a session: how many messages, which models, and what they cost.
struct SessionCountsJSON: Encodable {
    var messages: Int
    var models: [String]
    @ExplicitNull var cost: String?
    var unknownCosts: Int

    enum CodingKeys: String, CodingKey {
        case messages, models, cost, unknownCosts = "unknown_costs"
    }
}

/// One message of `history show --json`: the fields an export keeps for it, plus its id, parent, role and text and
/// the route decision recorded for its turn.
struct MessageJSON: FlattenedJSON {
    struct Own: Encodable {
        var id: Int64
        @ExplicitNull var parentID: Int64?
        var role: String
        var text: String
        @ExplicitNull var route: JSONValue?
        /// Only on messages with more than their text (`PartJSON`, without attachment bytes).
        var parts: [PartJSON]?

        enum CodingKeys: String, CodingKey {
            case id, parentID = "parent_id", role, text, route, parts
        }
    }

    var own: Own
    var shared: MessageFieldsJSON

    init(_ entry: SessionDetail.Entry) {
        let message = entry.message
        // A route that is not JSON (written by a damaged or foreign tool) shows as null rather than failing the show.
        own = Own(id: message.id.rawValue, parentID: message.parentID?.rawValue, role: message.role.rawValue,
                  text: message.text, route: entry.route.flatMap { JSONValue.parse($0) },
                  parts: message.parts?.map { PartJSON($0, for: .show) })
        shared = MessageFieldsJSON(entry)
    }
}

/// One hit of `history search --json`.
struct SearchHitJSON: Encodable {
    var sessionID: String
    var sessionTitle: String
    var messageID: Int64
    var role: String
    @ExplicitNull var model: String?
    var createdAt: String
    var snippet: String
    var rank: Double

    enum CodingKeys: String, CodingKey {
        case sessionID = "session_id", sessionTitle = "session_title", messageID = "message_id", role, model,
             createdAt = "created_at", snippet, rank
    }

    init(_ hit: SearchHit) {
        sessionID = hit.sessionID.uuidString.lowercased()
        sessionTitle = hit.sessionTitle
        messageID = hit.messageID.rawValue
        role = hit.role.rawValue
        model = hit.model
        createdAt = StoredTime.iso(StoredTime.millis(hit.createdAt))
        snippet = hit.markedSnippet(open: "**", close: "**")
        rank = hit.rank
    }
}

/// One row of `spend --json`.
struct SpendRowJSON: Encodable {
    var key: String
    /// Left out when there is none (as it always was).
    var label: String?
    var requests: Int
    @ExplicitNull var cost: String?
    var unknownCostRequests: Int
    @ExplicitNull var costReported: String?
    var tokens: UsageJSON

    enum CodingKeys: String, CodingKey {
        case key, label, requests, cost, unknownCostRequests = "unknown_cost_requests", costReported = "cost_reported", tokens
    }

    init(_ row: SpendReport.Row) {
        key = row.key
        label = row.label
        requests = row.requests
        cost = row.cost.knownOrNil?.decimalString
        unknownCostRequests = row.cost.unknownCount
        costReported = row.reportedCost?.decimalString
        tokens = UsageJSON(row.usage)
    }
}

/// One model on one provider in `stats --json`; rates rounded so the output does not change with float noise.
struct ModelStatsJSON: Encodable {
    struct Percentiles: Encodable {
        @ExplicitNull var p50: Int64?
        @ExplicitNull var p95: Int64?
    }

    var model: String
    var provider: String
    var requests: Int
    var successes: Int
    var cancelled: Int
    var errors: [String: Int]
    var errorRate: Double
    var ttftMs: Percentiles
    var durationMs: Percentiles
    @ExplicitNull var outputTokensPerSecond: Double?

    enum CodingKeys: String, CodingKey {
        case model, provider, requests, successes, cancelled, errors, errorRate = "error_rate", ttftMs = "ttft_ms",
             durationMs = "duration_ms", outputTokensPerSecond = "output_tokens_per_second"
    }

    init(_ entry: ModelStats) {
        model = entry.model
        provider = entry.provider
        requests = entry.requests
        successes = entry.successes
        cancelled = entry.cancelled
        errors = entry.errors
        errorRate = (entry.errorRate * 10_000).rounded() / 10_000
        ttftMs = Percentiles(p50: entry.ttftP50, p95: entry.ttftP95)
        durationMs = Percentiles(p50: entry.durationP50, p95: entry.durationP95)
        outputTokensPerSecond = entry.outputTokensPerSecond.map { ($0 * 10).rounded() / 10 }
    }
}
