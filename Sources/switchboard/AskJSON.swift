import Foundation
import SwitchboardCore
import SwitchboardStore

/// The `ask --json` object. Field names are part of the CLI's contract: scripts read them. The reply's fields
/// (`model`, `provider`, `usage`, `cost`, `cost_reported`, `ttft_ms`, `duration_ms`) are the store's shape, as
/// `history show --json` writes them; unknown values are `null`, not left out. `tool_calls`, `reasoning` (the
/// thinking text, null for none) and `cost_split` (per billed attempt; only when the caller knows the prices,
/// so `compare --json` leaves it out) describe replies beyond text.
struct AskJSON: FlattenedJSON {
    /// One attempt, as `ask` has always printed it: an unknown `status`, `error` or `ttft_ms` is left out.
    struct Attempt: Encodable {
        var provider: String, model: String, providerModel: String, outcome: String
        var status: Int?, error: String?, durationMs: Int, ttftMs: Int?
        enum CodingKeys: String, CodingKey {
            case provider, model, outcome, status, error
            case providerModel = "provider_model", durationMs = "duration_ms", ttftMs = "ttft_ms"
        }
        init(_ record: AttemptRecord) {
            provider = record.provider
            model = record.model
            providerModel = record.providerModel
            outcome = record.outcome.label
            status = record.status
            error = record.errorMessage
            durationMs = record.duration.milliseconds
            ttftMs = record.ttft?.milliseconds
        }
    }

    struct Own: Encodable {
        var text: String
        var simulated: Bool
        var usageEstimated: Bool
        @ExplicitNull var tokensPerSecond: Double?
        var complete: Bool
        @ExplicitNull var finishReason: String?
        @ExplicitNull var error: String?
        var attempts: [Attempt]
        var toolCalls: [ToolCallJSON] = []
        @ExplicitNull var reasoning: String?
        var costSplit: [CostSplitJSON]?

        enum CodingKeys: String, CodingKey {
            case text, simulated, complete, error, attempts, reasoning
            case usageEstimated = "usage_estimated", tokensPerSecond = "tokens_per_second", finishReason = "finish_reason"
            case toolCalls = "tool_calls", costSplit = "cost_split"
        }
    }

    var own: Own
    var shared: ReplyFieldsJSON

    /// `pricing` gives the price each attempt was billed at, for `cost_split`; nil leaves the key out.
    init(_ summary: TurnSummary, pricing: Pricing? = nil) {
        let thinking = summary.reasoning.map(\.text).joined(separator: "\n\n")
        own = Own(text: summary.text, simulated: summary.route.simulated, usageEstimated: summary.usageIsEstimate,
                  tokensPerSecond: summary.tokensPerSecond.map { ($0 * 10).rounded() / 10 }, complete: summary.complete,
                  finishReason: summary.finishReason,
                  error: summary.error?.description ?? (summary.cancelled ? "cancelled" : nil),
                  attempts: summary.attempts.map(Attempt.init), toolCalls: summary.toolCalls.map(ToolCallJSON.init),
                  reasoning: thinking.isEmpty ? nil : thinking,
                  costSplit: pricing.map { Self.costSplit(summary.attempts, pricing: $0) })
        shared = ReplyFieldsJSON(model: summary.route.model, provider: summary.route.provider, usage: summary.usage,
                                cost: summary.cost, reportedCost: summary.reportedCost,
                                ttftMs: summary.ttft.map { Int64($0.milliseconds) },
                                durationMs: Int64(summary.duration.milliseconds))
    }

    /// A turn where every attempt failed: no text, zero usage, the last model tried, and why it failed.
    init(_ failure: TurnFailure, pricing: Pricing? = nil) {
        let last = failure.attempts.last
        own = Own(text: "", simulated: false, usageEstimated: false, tokensPerSecond: nil, complete: false,
                  finishReason: nil, error: failure.summary, attempts: failure.attempts.map(Attempt.init),
                  reasoning: nil, costSplit: pricing.map { Self.costSplit(failure.attempts, pricing: $0) })
        shared = ReplyFieldsJSON(model: last?.model, provider: last?.provider, usage: .zero, cost: nil, reportedCost: nil,
                                ttftMs: nil, durationMs: nil)
    }

    static func render(_ summary: TurnSummary, pricing: Pricing? = nil) -> String {
        line(AskJSON(summary, pricing: pricing), orElse: "{}")
    }

    static func render(_ failure: TurnFailure, pricing: Pricing? = nil) -> String {
        line(AskJSON(failure, pricing: pricing), orElse: "{}")
    }

    /// One line of compact JSON with sorted keys, as `ask` and `compare` print it. These shapes hold strings,
    /// integers, booleans, finite rates and parsed JSON, so encoding does not fail; `fallback` is there because the API throws.
    static func line<Value: Encodable>(_ value: Value, orElse fallback: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data(fallback.utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
