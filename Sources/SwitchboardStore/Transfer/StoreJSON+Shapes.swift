import Foundation
import SwitchboardCore

// The shapes `StoreJSON` writes. Optionals are written as `null`, never left out (except a spend row's `label`),
// so a reader can tell "unknown" from "not in this version".

/// A session's own fields, then either its messages (`history show`) or its counts (`history list`).
struct SessionJSON: Encodable {
    enum Body {
        case detail([MessageJSON])
        case summary(messages: Int, models: [String], cost: String?, unknownCosts: Int)
    }

    var session: StoredSession
    var body: Body

    enum CodingKeys: String, CodingKey {
        case id, title, createdAt = "created_at", updatedAt = "updated_at", archived, model,
             systemPrompt = "system_prompt", tag, messages, models, cost, unknownCosts = "unknown_costs"
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(session.id.uuidString.lowercased(), forKey: .id)
        try container.encode(session.title, forKey: .title)
        try container.encode(StoredTime.iso(StoredTime.millis(session.createdAt)), forKey: .createdAt)
        try container.encode(StoredTime.iso(StoredTime.millis(session.updatedAt)), forKey: .updatedAt)
        try container.encode(session.archived, forKey: .archived)
        try container.encode(session.model, forKey: .model)
        try container.encode(session.systemPrompt, forKey: .systemPrompt)
        try container.encode(session.tag, forKey: .tag)
        switch body {
        case .detail(let messages):
            try container.encode(messages, forKey: .messages)
        case .summary(let messages, let models, let cost, let unknownCosts):
            try container.encode(messages, forKey: .messages)
            try container.encode(models, forKey: .models)
            try container.encode(cost, forKey: .cost)
            try container.encode(unknownCosts, forKey: .unknownCosts)
        }
    }
}

/// One message of `history show --json`, with its attempts and the route decision recorded for its turn.
struct MessageJSON: Encodable {
    var id: Int64
    var parentID: Int64?
    var turnID: String?
    var role: String
    var text: String
    var status: String
    var model: String?
    var requestedModel: String?
    var provider: String?
    var usage: UsageJSON?
    var cost: String?
    var costReported: String?
    var ttftMs: Int64?
    var durationMs: Int64?
    var createdAt: String
    var updatedAt: String
    var attempts: [AttemptJSON]
    var route: JSONValue?

    enum CodingKeys: String, CodingKey {
        case id, parentID = "parent_id", turnID = "turn_id", role, text, status, model, requestedModel = "requested_model",
             provider, usage, cost, costReported = "cost_reported", ttftMs = "ttft_ms", durationMs = "duration_ms",
             createdAt = "created_at", updatedAt = "updated_at", attempts, route
    }

    init(_ entry: SessionDetail.Entry) {
        let message = entry.message
        id = message.id.rawValue
        parentID = message.parentID?.rawValue
        turnID = message.turnID?.uuidString.lowercased()
        role = message.role.rawValue
        text = message.text
        status = message.status.rawValue
        model = message.resolvedModel
        requestedModel = message.requestedModel
        provider = message.provider
        usage = message.usage.map(UsageJSON.init)
        cost = message.cost?.decimalString
        costReported = message.reportedCost?.decimalString
        ttftMs = message.ttftMs
        durationMs = message.durationMs
        createdAt = StoredTime.iso(StoredTime.millis(message.createdAt))
        updatedAt = StoredTime.iso(StoredTime.millis(message.updatedAt))
        attempts = entry.attempts.map(AttemptJSON.init)
        // A route that is not JSON (written by a damaged or foreign tool) shows as null rather than failing the show.
        route = entry.route.flatMap { JSONValue.parse($0) }
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(parentID, forKey: .parentID)
        try container.encode(turnID, forKey: .turnID)
        try container.encode(role, forKey: .role)
        try container.encode(text, forKey: .text)
        try container.encode(status, forKey: .status)
        try container.encode(model, forKey: .model)
        try container.encode(requestedModel, forKey: .requestedModel)
        try container.encode(provider, forKey: .provider)
        try container.encode(usage, forKey: .usage)
        try container.encode(cost, forKey: .cost)
        try container.encode(costReported, forKey: .costReported)
        try container.encode(ttftMs, forKey: .ttftMs)
        try container.encode(durationMs, forKey: .durationMs)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
        try container.encode(attempts, forKey: .attempts)
        try container.encode(route, forKey: .route)
    }
}

/// One hit of `history search --json`.
struct SearchHitJSON: Encodable {
    var sessionID: String
    var sessionTitle: String
    var messageID: Int64
    var role: String
    var model: String?
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

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(sessionID, forKey: .sessionID)
        try container.encode(sessionTitle, forKey: .sessionTitle)
        try container.encode(messageID, forKey: .messageID)
        try container.encode(role, forKey: .role)
        try container.encode(model, forKey: .model)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(snippet, forKey: .snippet)
        try container.encode(rank, forKey: .rank)
    }
}

/// One row of `spend --json`.
struct SpendRowJSON: Encodable {
    var key: String
    var label: String?
    var requests: Int
    var cost: String?
    var unknownCostRequests: Int
    var costReported: String?
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

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(key, forKey: .key)
        try container.encodeIfPresent(label, forKey: .label)
        try container.encode(requests, forKey: .requests)
        try container.encode(cost, forKey: .cost)
        try container.encode(unknownCostRequests, forKey: .unknownCostRequests)
        try container.encode(costReported, forKey: .costReported)
        try container.encode(tokens, forKey: .tokens)
    }
}

/// One model on one provider in `stats --json`; rates rounded so the output does not change with float noise.
struct ModelStatsJSON: Encodable {
    struct Percentiles: Encodable {
        var p50: Int64?
        var p95: Int64?

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(p50, forKey: .p50)
            try container.encode(p95, forKey: .p95)
        }

        enum CodingKeys: String, CodingKey { case p50, p95 }
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
    var outputTokensPerSecond: Double?

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

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(model, forKey: .model)
        try container.encode(provider, forKey: .provider)
        try container.encode(requests, forKey: .requests)
        try container.encode(successes, forKey: .successes)
        try container.encode(cancelled, forKey: .cancelled)
        try container.encode(errors, forKey: .errors)
        try container.encode(errorRate, forKey: .errorRate)
        try container.encode(ttftMs, forKey: .ttftMs)
        try container.encode(durationMs, forKey: .durationMs)
        try container.encode(outputTokensPerSecond, forKey: .outputTokensPerSecond)
    }
}
