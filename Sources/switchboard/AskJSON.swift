import Foundation
import SwitchboardCore

/// The `ask --json` object. Field names are part of the CLI's contract: scripts read them.
struct AskJSON: Encodable {
    struct Tokens: Encodable {
        var input: Int, output: Int, cacheRead: Int, cacheWrite: Int, reasoning: Int
        enum CodingKeys: String, CodingKey {
            case input, output, reasoning, cacheRead = "cache_read", cacheWrite = "cache_write"
        }
        init(_ usage: Usage) {
            (input, output, cacheRead, cacheWrite, reasoning) = (usage.input, usage.output, usage.cacheRead, usage.cacheWrite, usage.reasoning)
        }
    }

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

    var text: String
    var model: String?
    var provider: String?
    var simulated: Bool
    var usage: Tokens
    var usageEstimated: Bool
    var cost: String?
    var costReported: String?
    var ttftMs: Int?
    var durationMs: Int?
    var tokensPerSecond: Double?
    var complete: Bool
    var finishReason: String?
    var error: String?
    var attempts: [Attempt]

    enum CodingKeys: String, CodingKey {
        case text, model, provider, simulated, usage, cost, complete, error, attempts
        case usageEstimated = "usage_estimated", costReported = "cost_reported", ttftMs = "ttft_ms"
        case durationMs = "duration_ms", tokensPerSecond = "tokens_per_second", finishReason = "finish_reason"
    }

    func encode(to encoder: any Encoder) throws {
        // Explicit nulls: a missing cost is "unknown", and scripts should see that, not a missing key.
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(text, forKey: .text)
        try container.encode(model, forKey: .model)
        try container.encode(provider, forKey: .provider)
        try container.encode(simulated, forKey: .simulated)
        try container.encode(usage, forKey: .usage)
        try container.encode(usageEstimated, forKey: .usageEstimated)
        try container.encode(cost, forKey: .cost)
        try container.encode(costReported, forKey: .costReported)
        try container.encode(ttftMs, forKey: .ttftMs)
        try container.encode(durationMs, forKey: .durationMs)
        try container.encode(tokensPerSecond.map { ($0 * 10).rounded() / 10 }, forKey: .tokensPerSecond)
        try container.encode(complete, forKey: .complete)
        try container.encode(finishReason, forKey: .finishReason)
        try container.encode(error, forKey: .error)
        try container.encode(attempts, forKey: .attempts)
    }

    static func render(_ summary: TurnSummary) -> String {
        let value = AskJSON(
            text: summary.text, model: summary.route.model, provider: summary.route.provider,
            simulated: summary.route.simulated, usage: Tokens(summary.usage), usageEstimated: summary.usageIsEstimate,
            cost: summary.cost?.decimalString, costReported: summary.reportedCost?.decimalString,
            ttftMs: summary.ttft?.milliseconds, durationMs: summary.duration.milliseconds,
            tokensPerSecond: summary.tokensPerSecond, complete: summary.complete, finishReason: summary.finishReason,
            error: summary.error?.description ?? (summary.cancelled ? "cancelled" : nil),
            attempts: summary.attempts.map(Attempt.init))
        return encode(value)
    }

    static func render(_ failure: TurnFailure) -> String {
        let last = failure.attempts.last
        let value = AskJSON(
            text: "", model: last?.model, provider: last?.provider, simulated: false, usage: Tokens(.zero),
            usageEstimated: false, cost: nil, costReported: nil, ttftMs: nil, durationMs: nil, tokensPerSecond: nil,
            complete: false, finishReason: nil, error: failure.summary, attempts: failure.attempts.map(Attempt.init))
        return encode(value)
    }

    private static func encode(_ value: AskJSON) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
