import Foundation

/// USD per token for each kind of token. A nil price is unknown, and stays unknown: a cost that needs it is
/// unknown too, never zero and never a guess.
public struct Price: Sendable, Hashable, Codable {
    public var input: Decimal?
    public var output: Decimal?
    public var cacheRead: Decimal?
    public var cacheWrite: Decimal?

    public init(input: Decimal?, output: Decimal?, cacheRead: Decimal? = nil, cacheWrite: Decimal? = nil) {
        self.input = input
        self.output = output
        self.cacheRead = cacheRead
        self.cacheWrite = cacheWrite
    }

    public static let unknown = Price(input: nil, output: nil)
    public static let free = Price(input: 0, output: 0, cacheRead: 0, cacheWrite: 0)

    private static let million = Decimal(1_000_000)

    public var inputPerMillion: Decimal? { input.map { $0 * Price.million } }
    public var outputPerMillion: Decimal? { output.map { $0 * Price.million } }

    /// Cost of `usage` at these prices; nil when any token kind that was used has no known price.
    public func cost(of usage: Usage) -> Money? {
        var total = Decimal(0)
        for (tokens, price) in [(usage.input, input), (usage.output, output),
                                (usage.cacheRead, cacheRead), (usage.cacheWrite, cacheWrite)] where tokens > 0 {
            guard let price else { return nil }
            total += Decimal(tokens) * price
        }
        return Money(total)
    }
}
