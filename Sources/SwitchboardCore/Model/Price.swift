import Foundation

/// What a deployment charges: base rates per token, higher rates for long prompts (tiers), and a fee per
/// request where the provider has one. A nil price is unknown, and stays unknown: a cost that needs it is
/// unknown too, never zero and never a guess. `cost(of:)` and `worstCase(promptTokens:outputTokens:)` are the
/// one place attempts and budget holds are priced.
public struct Price: Sendable, Hashable, Codable {
    /// The rates up to the first tier's threshold.
    public var base: TokenRates
    /// Ascending by threshold; the highest one the prompt is above applies to the whole request.
    public var tiers: [PriceTier]
    /// USD charged once per request that was served, on top of the tokens; nil when the data states none.
    public var perRequest: Decimal?

    public init(input: Decimal?, output: Decimal?, cacheRead: Decimal? = nil, cacheWrite: Decimal? = nil,
                cacheWrite1h: Decimal? = nil, reasoning: Decimal? = nil, image: Decimal? = nil,
                perRequest: Decimal? = nil, tiers: [PriceTier] = []) {
        self.init(base: TokenRates(input: input, output: output, cacheRead: cacheRead, cacheWrite: cacheWrite,
                                   cacheWrite1h: cacheWrite1h, reasoning: reasoning, image: image),
                  tiers: tiers, perRequest: perRequest)
    }

    public init(base: TokenRates, tiers: [PriceTier] = [], perRequest: Decimal? = nil) {
        self.base = base
        self.tiers = tiers.sorted { $0.abovePromptTokens < $1.abovePromptTokens }
        self.perRequest = perRequest
    }

    public static let unknown = Price(input: nil, output: nil)
    public static let free = Price(input: 0, output: 0, cacheRead: 0, cacheWrite: 0)

    public var input: Decimal? { get { base.input } set { base.input = newValue } }
    public var output: Decimal? { get { base.output } set { base.output = newValue } }
    public var cacheRead: Decimal? { get { base.cacheRead } set { base.cacheRead = newValue } }
    public var cacheWrite: Decimal? { get { base.cacheWrite } set { base.cacheWrite = newValue } }
    public var cacheWrite1h: Decimal? { get { base.cacheWrite1h } set { base.cacheWrite1h = newValue } }

    public var inputPerMillion: Decimal? { input.map { $0.scaled(byPowerOfTen: 6) } }
    public var outputPerMillion: Decimal? { output.map { $0.scaled(byPowerOfTen: 6) } }

    /// The rates a request with a prompt of `promptTokens` (cached tokens included) is billed at.
    public func rates(promptTokens: Int) -> TokenRates {
        tier(promptTokens: promptTokens)?.rates ?? base
    }

    /// The tier with the highest threshold the prompt is above; nil for the base rates.
    public func tier(promptTokens: Int) -> PriceTier? {
        var chosen: PriceTier?
        for tier in tiers where promptTokens > tier.abovePromptTokens {
            if let current = chosen, current.abovePromptTokens >= tier.abovePromptTokens { continue }
            chosen = tier
        }
        return chosen
    }

    /// Cost of one request's `usage`: its tier is decided by the whole prompt, the fee is charged when any token
    /// was billed. Nil when any kind of token that was used has no known price.
    public func cost(of usage: Usage) -> Money? {
        guard let tokens = rates(promptTokens: usage.promptTotal).cost(of: usage) else { return nil }
        guard let perRequest, usage.total > 0 || usage.images > 0 else { return Money(tokens) }
        return Money(tokens + perRequest)
    }

    /// The most a request with a prompt of `promptTokens` and at most `outputTokens` of reply can cost: every
    /// prompt token at the dearest prompt rate (uncached, or written to a cache), every reply token at the
    /// dearest reply rate, at the tier of `tierPromptTokens` (default: the prompt; a caller holding an estimate
    /// passes its upper bound, so a prompt estimated just below a threshold is held at the higher rates), plus
    /// the fee. Nil when the input or output price of that tier is unknown: such a request cannot be shown to fit.
    public func worstCase(promptTokens: Int, outputTokens: Int, tierPromptTokens: Int? = nil) -> Money? {
        let rates = rates(promptTokens: max(promptTokens, tierPromptTokens ?? promptTokens))
        guard let prompt = rates.dearestPromptRate, let reply = rates.dearestOutputRate else { return nil }
        return Money(Decimal(max(promptTokens, 0)) * prompt + Decimal(max(outputTokens, 0)) * reply + (perRequest ?? 0))
    }
}
