import Foundation
import SwitchboardCore

/// Fixed turns for pinning `ask --json` and `compare --json` bytes: a complete answer after a fallback, an answer cut
/// off by cancelling, and a turn where every attempt failed.
enum AskJSONGoldenFixture {
    static let at = Date(timeIntervalSince1970: 1_750_000_000.25)
    static let turn = UUID(uuidString: "0A1B2C3D-4E5F-4061-8273-94A5B6C7D8E9") ?? UUID()

    static let failedAttempt = AttemptRecord(
        turnID: turn, ordinal: 1, model: "openai/gpt-4o", provider: "openai", providerModel: "gpt-4o", reason: "explicit",
        outcome: .failed(.rateLimited, afterFirstToken: false), status: 429, errorMessage: "slow down / wait",
        startedAt: at, duration: .milliseconds(80))

    static let answered = TurnSummary(
        route: RouteInfo(model: "openai/gpt-4o", provider: "openrouter", providerModel: "openai/gpt-4o", reason: "fallback 1 of 1"),
        text: "A database stores data.\n\n```sql\nSELECT 1;\n``` 数据 \u{1B}[31m", usage: Usage(input: 9, output: 21, cacheRead: 4),
        cost: Money(Decimal(string: "0.000315") ?? 0), reportedCost: Money(Decimal(string: "0.00042") ?? 0),
        ttft: .milliseconds(333), duration: .milliseconds(2048), complete: true, finishReason: "stop",
        attempts: [failedAttempt,
                   AttemptRecord(turnID: turn, ordinal: 2, model: "openai/gpt-4o", provider: "openrouter",
                                 providerModel: "openai/gpt-4o", reason: "fallback 1 of 1", outcome: .success, status: 200,
                                 startedAt: at, ttft: .milliseconds(333), duration: .milliseconds(2048),
                                 usage: Usage(input: 9, output: 21, cacheRead: 4))])

    static let cancelled = TurnSummary(
        route: RouteInfo(model: "demo/mini", provider: "demo", providerModel: "mini", reason: "explicit", simulated: true),
        text: "half", usage: Usage(input: 2, output: 1), usageIsEstimate: true, duration: .milliseconds(12),
        complete: false, cancelled: true, attempts: [])

    static let failed = TurnFailure(errors: [], attempts: [failedAttempt], summary: "openai/gpt-4o: rate limited (429)")
}
