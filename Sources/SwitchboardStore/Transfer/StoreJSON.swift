import Foundation
import SwitchboardCore

/// The `--json` output of the history, spend and stats commands: stable keys (snake_case, sorted), exact decimal
/// strings for money, `null` for anything unknown.
public enum StoreJSON {
    /// `history show --json`: `id`, `title` and `messages`, each with `role`, `text`, `model`, `provider`, `status`,
    /// `usage`, `cost`, `ttft_ms` and `attempts`.
    public static func show(_ detail: SessionDetail) throws -> Data {
        let session = detail.session
        var object = sessionFields(session)
        object["messages"] = detail.entries.map { entry -> [String: Any] in
            let message = entry.message
            return [
                "id": message.id.rawValue,
                "parent_id": orNull(message.parentID?.rawValue),
                "turn_id": orNull(message.turnID?.uuidString.lowercased()),
                "role": message.role.rawValue,
                "text": message.text,
                "status": message.status.rawValue,
                "model": orNull(message.resolvedModel),
                "requested_model": orNull(message.requestedModel),
                "provider": orNull(message.provider),
                "usage": orNull(message.usage.map(usage)),
                "cost": orNull(message.cost?.decimalString),
                "cost_reported": orNull(message.reportedCost?.decimalString),
                "ttft_ms": orNull(message.ttftMs),
                "duration_ms": orNull(message.durationMs),
                "created_at": StoredTime.iso(StoredTime.millis(message.createdAt)),
                "updated_at": StoredTime.iso(StoredTime.millis(message.updatedAt)),
                "attempts": entry.attempts.map(attempt),
                "route": orNull(entry.route.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) }),
            ]
        }
        return try encode(object)
    }

    /// `history list --json`.
    public static func list(_ summaries: [SessionSummary]) throws -> Data {
        try encode(summaries.map { summary -> [String: Any] in
            var object = sessionFields(summary.session)
            object["messages"] = summary.messageCount
            object["models"] = summary.models
            object["cost"] = orNull(summary.cost.knownOrNil?.decimalString)
            object["unknown_costs"] = summary.cost.unknownCount
            return object
        })
    }

    /// `history search --json`: best first; `snippet` marks matches with `**`.
    public static func search(_ hits: [SearchHit]) throws -> Data {
        try encode(hits.map { hit -> [String: Any] in
            [
                "session_id": hit.sessionID.uuidString.lowercased(),
                "session_title": hit.sessionTitle,
                "message_id": hit.messageID.rawValue,
                "role": hit.role.rawValue,
                "model": orNull(hit.model),
                "created_at": StoredTime.iso(StoredTime.millis(hit.createdAt)),
                "snippet": hit.markedSnippet(open: "**", close: "**"),
                "rank": hit.rank,
            ]
        })
    }

    /// `spend --json`: one row per key with `key`, `requests`, `cost` (known part, null when all unknown),
    /// `unknown_cost_requests`, `cost_reported` and `tokens`.
    public static func spend(_ report: SpendReport) throws -> Data {
        try encode(report.rows.map(spendRow))
    }

    /// `stats --json`.
    public static func stats(_ stats: [ModelStats]) throws -> Data {
        try encode(stats.map { entry -> [String: Any] in
            [
                "model": entry.model,
                "provider": entry.provider,
                "requests": entry.requests,
                "successes": entry.successes,
                "cancelled": entry.cancelled,
                "errors": entry.errors,
                "error_rate": (entry.errorRate * 10_000).rounded() / 10_000,
                "ttft_ms": ["p50": orNull(entry.ttftP50), "p95": orNull(entry.ttftP95)],
                "duration_ms": ["p50": orNull(entry.durationP50), "p95": orNull(entry.durationP95)],
                "output_tokens_per_second": orNull(entry.outputTokensPerSecond.map { ($0 * 10).rounded() / 10 }),
            ]
        })
    }

    static func spendRow(_ row: SpendReport.Row) -> [String: Any] {
        var object: [String: Any] = [
            "key": row.key,
            "requests": row.requests,
            "cost": orNull(row.cost.knownOrNil?.decimalString),
            "unknown_cost_requests": row.cost.unknownCount,
            "cost_reported": orNull(row.reportedCost?.decimalString),
            "tokens": usage(row.usage),
        ]
        if let label = row.label { object["label"] = label }
        return object
    }

    static func sessionFields(_ session: StoredSession) -> [String: Any] {
        [
            "id": session.id.uuidString.lowercased(),
            "title": session.title,
            "created_at": StoredTime.iso(StoredTime.millis(session.createdAt)),
            "updated_at": StoredTime.iso(StoredTime.millis(session.updatedAt)),
            "archived": session.archived,
            "model": orNull(session.model),
            "system_prompt": orNull(session.systemPrompt),
            "tag": orNull(session.tag),
        ]
    }

    static func attempt(_ attempt: AttemptRecord) -> [String: Any] {
        let json = AttemptJSON(attempt)
        return [
            "ordinal": json.ordinal, "model": json.model, "provider": json.provider,
            "provider_model": json.providerModel, "reason": json.reason, "outcome": json.outcome,
            "after_first_token": json.afterFirstToken, "http_status": orNull(json.httpStatus),
            "error": orNull(json.error), "started_at": json.startedAt, "ttft_ms": orNull(json.ttftMs),
            "duration_ms": json.durationMs, "usage": usage(attempt.usage), "cost": orNull(json.cost),
            "cost_reported": orNull(json.costReported),
        ]
    }

    static func usage(_ usage: Usage) -> [String: Any] {
        ["input": usage.input, "output": usage.output, "cache_read": usage.cacheRead, "cache_write": usage.cacheWrite,
         "reasoning": usage.reasoning]
    }

    static func orNull(_ value: Any?) -> Any { value ?? NSNull() }

    static func encode(_ object: Any) throws -> Data {
        var data = try JSONSerialization.data(withJSONObject: object,
                                              options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        data.append(0x0A)
        return data
    }
}
