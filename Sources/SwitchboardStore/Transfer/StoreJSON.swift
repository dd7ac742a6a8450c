import Foundation
import SwitchboardCore

/// The `--json` output of the history, spend and stats commands: stable keys (snake_case, sorted), exact decimal
/// strings for money, `null` for anything unknown. Each shape is an `Encodable` struct (`StoreJSON+Shapes.swift`),
/// encoded pretty-printed with sorted keys and a final newline.
public enum StoreJSON {
    /// `history show --json`: `id`, `title` and `messages`, each with `role`, `text`, `model`, `provider`, `status`,
    /// `usage`, `cost`, `ttft_ms` and `attempts`.
    public static func show(_ detail: SessionDetail) throws -> Data {
        try encode(SessionJSON(own: SessionMessagesJSON(messages: detail.entries.map(MessageJSON.init)),
                               shared: SessionFieldsJSON(detail.session)))
    }

    /// `history list --json`.
    public static func list(_ summaries: [SessionSummary]) throws -> Data {
        try encode(summaries.map { summary in
            SessionJSON(own: SessionCountsJSON(messages: summary.messageCount, models: summary.models,
                                               cost: summary.cost.knownOrNil?.decimalString,
                                               unknownCosts: summary.cost.unknownCount),
                        shared: SessionFieldsJSON(summary.session))
        })
    }

    /// `history search --json`: best first; `snippet` marks matches with `**`.
    public static func search(_ hits: [SearchHit]) throws -> Data {
        try encode(hits.map(SearchHitJSON.init))
    }

    /// `spend --json`: one row per key with `key`, `requests`, `cost` (known part, null when all unknown),
    /// `unknown_cost_requests`, `cost_reported` and `tokens`; `label` only where there is one.
    public static func spend(_ report: SpendReport) throws -> Data {
        try encode(report.rows.map(SpendRowJSON.init))
    }

    /// `stats --json`.
    public static func stats(_ stats: [ModelStats]) throws -> Data {
        try encode(stats.map(ModelStatsJSON.init))
    }

    /// The same encoder as session exports: pretty, sorted keys, slashes unescaped.
    static func encode<Value: Encodable>(_ value: Value) throws -> Data {
        var data = try SessionArchive.encoder().encode(value)
        data.append(0x0A)
        return data
    }
}
