import Foundation
import SwitchboardCore
import SwitchboardStore

/// The `ask --json` object. Field names are part of the CLI's contract: scripts read them. The reply's fields
/// (`model`, `provider`, `usage`, `cost`, `cost_reported`, `ttft_ms`, `duration_ms`) are the store's shape, as
/// `history show --json` writes them; unknown values are `null`, not left out.
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

        enum CodingKeys: String, CodingKey {
            case text, simulated, complete, error, attempts
            case usageEstimated = "usage_estimated", tokensPerSecond = "tokens_per_second", finishReason = "finish_reason"
        }
    }

    var own: Own
    var shared: ReplyFieldsJSON

    init(_ summary: TurnSummary) {
        own = Own(text: summary.text, simulated: summary.route.simulated, usageEstimated: summary.usageIsEstimate,
                  tokensPerSecond: summary.tokensPerSecond.map { ($0 * 10).rounded() / 10 }, complete: summary.complete,
                  finishReason: summary.finishReason,
                  error: summary.error?.description ?? (summary.cancelled ? "cancelled" : nil),
                  attempts: summary.attempts.map(Attempt.init))
        shared = ReplyFieldsJSON(model: summary.route.model, provider: summary.route.provider, usage: summary.usage,
                                cost: summary.cost, reportedCost: summary.reportedCost,
                                ttftMs: summary.ttft.map { Int64($0.milliseconds) },
                                durationMs: Int64(summary.duration.milliseconds))
    }

    /// A turn where every attempt failed: no text, zero usage, the last model tried, and why it failed.
    init(_ failure: TurnFailure) {
        let last = failure.attempts.last
        own = Own(text: "", simulated: false, usageEstimated: false, tokensPerSecond: nil, complete: false,
                  finishReason: nil, error: failure.summary, attempts: failure.attempts.map(Attempt.init))
        shared = ReplyFieldsJSON(model: last?.model, provider: last?.provider, usage: .zero, cost: nil, reportedCost: nil,
                                ttftMs: nil, durationMs: nil)
    }

    static func render(_ summary: TurnSummary) -> String {
        line(AskJSON(summary), orElse: "{}")
    }

    static func render(_ failure: TurnFailure) -> String {
        line(AskJSON(failure), orElse: "{}")
    }

    /// One line of compact JSON with sorted keys, as `ask` and `compare` print it. These shapes hold strings,
    /// integers, booleans and finite rates, so encoding does not fail; `fallback` is there because the API throws.
    static func line<Value: Encodable>(_ value: Value, orElse fallback: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data(fallback.utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
