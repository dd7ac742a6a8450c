/// What every heading of a stored reply says first, in the same words wherever it is shown (`history show`, the
/// Markdown export): which model on which provider, the tokens, the cost.
public enum ReplyFacts {
    /// "gpt-4o via openai", "1200 in / 300 out", "$0.0042" (or "unknown" when the price was missing).
    public static func parts(model: String?, provider: String?, usage: Usage?, cost: Money?) -> [String] {
        var parts: [String] = []
        if let model { parts.append(provider.map { "\(model) via \($0)" } ?? model) }
        if let usage { parts.append("\(usage.promptTotal) in / \(usage.output) out") }
        parts.append(cost.displayString)
        return parts
    }
}
