import SwitchboardCore

/// Which model answered and what the answer cost and took: the keys `ask --json`, `history show --json` and session
/// exports share (`model`, `provider`, `usage`, `cost`, `cost_reported`, `ttft_ms`, `duration_ms`). Written into the
/// enclosing object, not nested; unknown values are `null`.
public struct ReplyFieldsJSON: Codable, Equatable, Sendable {
    @ExplicitNull var model: String?
    @ExplicitNull var provider: String?
    @ExplicitNull var usage: UsageJSON?
    @ExplicitNull var cost: String?
    @ExplicitNull var costReported: String?
    @ExplicitNull var ttftMs: Int64?
    @ExplicitNull var durationMs: Int64?

    enum CodingKeys: String, CodingKey {
        case model, provider, usage, cost, costReported = "cost_reported", ttftMs = "ttft_ms", durationMs = "duration_ms"
    }

    /// Money as its exact decimal string, times in whole milliseconds.
    public init(model: String?, provider: String?, usage: Usage?, cost: Money?, reportedCost: Money?, ttftMs: Int64?,
                durationMs: Int64?) {
        self.model = model
        self.provider = provider
        self.usage = usage.map(UsageJSON.init)
        self.cost = cost?.decimalString
        self.costReported = reportedCost?.decimalString
        self.ttftMs = ttftMs
        self.durationMs = durationMs
    }
}
