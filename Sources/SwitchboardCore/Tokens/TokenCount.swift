/// A token count and whether it is exact: counted with the model's own tokenizer and framing, or estimated
/// (no public tokenizer, or a part such as an image or a tool definition whose cost the request does not say).
public struct TokenCount: Sendable, Hashable, CustomStringConvertible {
    public var tokens: Int
    public var isExact: Bool

    public init(tokens: Int, isExact: Bool) {
        self.tokens = tokens
        self.isExact = isExact
    }

    public static let zero = TokenCount(tokens: 0, isExact: true)

    public static func exact(_ tokens: Int) -> TokenCount { TokenCount(tokens: tokens, isExact: true) }
    public static func estimated(_ tokens: Int) -> TokenCount { TokenCount(tokens: tokens, isExact: false) }

    /// A sum is exact only when every term is.
    public static func + (lhs: TokenCount, rhs: TokenCount) -> TokenCount {
        TokenCount(tokens: lhs.tokens + rhs.tokens, isExact: lhs.isExact && rhs.isExact)
    }

    public static func += (lhs: inout TokenCount, rhs: TokenCount) { lhs = lhs + rhs }

    /// `1234`, or `~1234` when estimated.
    public var description: String { (isExact ? "" : "~") + String(tokens) }
}
