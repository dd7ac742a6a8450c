import Foundation

/// What one request cost, kind by kind, at the tier its prompt fell in: the split `Price.cost(of:)` adds up.
/// A kind that was not used is nil (not zero), so a reader sees only what was billed.
public struct CostBreakdown: Sendable, Hashable {
    /// The threshold of the tier that applied (prompt above this many tokens); nil for the base rates.
    public var tierAbovePromptTokens: Int?
    public var input: Money?
    /// Output tokens that were not reasoning.
    public var output: Money?
    /// Reasoning tokens, at the reasoning rate where the provider bills it apart, else at the output rate.
    public var reasoning: Money?
    public var cacheRead: Money?
    public var cacheWrite: Money?
    public var cacheWrite1h: Money?
    public var images: Money?
    public var perRequest: Money?
    /// The sum of the parts: equal to `Price.cost(of:)` for the same usage.
    public var total: Money
}

extension Price {
    /// `cost(of:)` split by kind of token, with the tier that applied; nil when `cost(of:)` is nil (a kind that
    /// was used has no known price).
    public func breakdown(of usage: Usage) -> CostBreakdown? {
        let tier = tier(promptTokens: usage.promptTotal)
        let rates = tier?.rates ?? base
        let reasoningTokens = min(max(usage.reasoning, 0), usage.output)
        var unknown = false
        func term(_ count: Int, _ rate: Decimal?) -> Money? {
            guard count > 0 else { return nil }
            guard let rate else {
                unknown = true
                return nil
            }
            return Money(Decimal(count) * rate)
        }
        var split = CostBreakdown(
            tierAbovePromptTokens: tier?.abovePromptTokens,
            input: term(usage.input, rates.input), output: term(usage.output - reasoningTokens, rates.output),
            reasoning: term(reasoningTokens, rates.reasoning ?? rates.output),
            cacheRead: term(usage.cacheRead, rates.cacheRead), cacheWrite: term(usage.cacheWrite, rates.cacheWrite),
            cacheWrite1h: term(usage.cacheWrite1h, rates.cacheWrite1h), images: term(usage.images, rates.image),
            perRequest: nil, total: .zero)
        guard !unknown else { return nil }
        if usage.total > 0 || usage.images > 0, let fee = perRequest { split.perRequest = Money(fee) }
        let parts = [split.input, split.output, split.reasoning, split.cacheRead, split.cacheWrite, split.cacheWrite1h,
                     split.images, split.perRequest]
        split.total = parts.compactMap { $0 }.reduce(.zero, +)
        return split
    }
}
