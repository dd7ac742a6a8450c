import Foundation

/// USD per token (or per image) for each kind of billed unit, at one price tier. A nil rate is unknown: a cost
/// that needs it is unknown too, never zero and never a guess. Reasoning is the one exception by design: a nil
/// `reasoning` rate means the provider bills reasoning tokens as output, which is what every provider in the
/// data does unless it states a reasoning price of its own (OpenRouter `internal_reasoning`).
public struct TokenRates: Sendable, Hashable, Codable {
    public var input: Decimal?
    public var output: Decimal?
    public var cacheRead: Decimal?
    /// Writes to a 5-minute cache (the default lifetime).
    public var cacheWrite: Decimal?
    /// Writes to a 1-hour cache (Anthropic's `ttl: "1h"`).
    public var cacheWrite1h: Decimal?
    /// Reasoning tokens when billed apart from output; nil bills them at the output rate.
    public var reasoning: Decimal?
    /// One input image billed per image rather than per token.
    public var image: Decimal?

    public init(input: Decimal?, output: Decimal?, cacheRead: Decimal? = nil, cacheWrite: Decimal? = nil,
                cacheWrite1h: Decimal? = nil, reasoning: Decimal? = nil, image: Decimal? = nil) {
        self.input = input
        self.output = output
        self.cacheRead = cacheRead
        self.cacheWrite = cacheWrite
        self.cacheWrite1h = cacheWrite1h
        self.reasoning = reasoning
        self.image = image
    }

    /// Cost of `usage` at these rates (no per-request fee); nil when a kind that was used has no known rate.
    func cost(of usage: Usage) -> Decimal? {
        let reasoningTokens = min(max(usage.reasoning, 0), usage.output)
        let terms: [(Int, Decimal?)] = [
            (usage.input, input), (usage.output - reasoningTokens, output), (reasoningTokens, reasoning ?? output),
            (usage.cacheRead, cacheRead), (usage.cacheWrite, cacheWrite), (usage.cacheWrite1h, cacheWrite1h),
            (usage.images, image),
        ]
        var exact = ScaledSum()
        for (count, rate) in terms where count > 0 {
            guard let rate else { return nil }
            exact.add(count, times: rate)
        }
        if let total = exact.value { return total }
        var total = Decimal(0)
        for (count, rate) in terms where count > 0 {
            guard let rate else { return nil }
            total += Decimal(count) * rate
        }
        return total
    }

    /// The dearest a prompt token can be: uncached, or written to a 5-minute cache (Anthropic's automatic
    /// breakpoints write there, at 1.25 times the input price). 1-hour writes are left out: Switchboard never
    /// asks for them, and holding twice the prompt for every request would refuse requests that fit.
    /// Nil when the input rate is unknown.
    var dearestPromptRate: Decimal? {
        guard let input else { return nil }
        return cacheWrite.map { max(input, $0) } ?? input
    }

    /// The dearest a reply token can be: output, or reasoning when that is billed apart and costs more.
    var dearestOutputRate: Decimal? {
        guard let output else { return nil }
        return max(output, reasoning ?? output)
    }

    /// These rates with every rate `other` knows laid over them.
    func overlaid(with other: TokenRates) -> TokenRates {
        TokenRates(input: other.input ?? input, output: other.output ?? output, cacheRead: other.cacheRead ?? cacheRead,
                   cacheWrite: other.cacheWrite ?? cacheWrite, cacheWrite1h: other.cacheWrite1h ?? cacheWrite1h,
                   reasoning: other.reasoning ?? reasoning, image: other.image ?? image)
    }
}

/// Higher rates for a long prompt: when the whole prompt (cached tokens included) is above `abovePromptTokens`,
/// every token of that request, input and output, is billed at `rates` (Gemini above 200k, GPT-5 above 272k,
/// Claude's 1M-window models above 200k).
public struct PriceTier: Sendable, Hashable, Codable {
    public var abovePromptTokens: Int
    public var rates: TokenRates

    public init(abovePromptTokens: Int, rates: TokenRates) {
        self.abovePromptTokens = abovePromptTokens
        self.rates = rates
    }
}
