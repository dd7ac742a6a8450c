/// How a model's text is counted: with its published tokenizer when Switchboard bundles it, else with
/// `TokenEstimator` (Anthropic, Gemini, Llama and the rest publish none that runs offline here).
public enum TokenCounter: Sendable, Hashable {
    case exact(TokenEncoding)
    case estimate

    /// The counter for a canonical model id (`openai/gpt-4o`) or a provider's model name (`gpt-4o` on `openai`
    /// or `azure`). Only OpenAI's own models have a known encoding; a model id Switchboard cannot place is estimated.
    public static func forModel(_ id: String, provider: String? = nil) -> TokenCounter {
        let lower = id.lowercased()
        let model: Substring
        if let slash = lower.lastIndex(of: "/") {
            // `openai/gpt-4o`, an OpenRouter-style `openrouter/openai/gpt-4o`, or Azure's OpenAI models.
            let vendors = lower[..<slash].split(separator: "/")
            guard let vendor = vendors.last, vendor == "openai" || vendor == "azure" else { return .estimate }
            model = lower[lower.index(after: slash)...]
        } else {
            guard let provider, ["openai", "azure"].contains(provider.lowercased()) else { return .estimate }
            model = lower[...]
        }
        return encoding(ofOpenAIModel: model).map(TokenCounter.exact) ?? .estimate
    }

    /// OpenAI model names by family, dots or dashes for versions (`gpt-4.1`, or `gpt-4-1` as lookup keys spell
    /// it, which must not catch `gpt-4-1106-preview`). Families not listed (gpt-6, gpt-oss with its own chat
    /// format, audio and image models) are estimated until their encoding is published.
    static func encoding(ofOpenAIModel name: Substring) -> TokenEncoding? {
        var model = name
        if model.hasPrefix("ft:") { model = model.dropFirst(3) }  // a fine-tune names its base model first
        // `:floor`/`:nitro`/`:free`, a fine-tune's suffix, a pinned `@provider`.
        if let end = model.firstIndex(where: { $0 == ":" || $0 == "@" }) { model = model[..<end] }
        func family(_ prefix: String) -> Bool {
            guard model.hasPrefix(prefix) else { return false }
            let rest = model.dropFirst(prefix.count)
            return rest.isEmpty || rest.hasPrefix("-") || rest.hasPrefix(".")
        }
        if family("gpt-4o") || family("chatgpt-4o") || family("gpt-4.1") || family("gpt-4-1") || family("gpt-4.5")
            || family("gpt-4-5") || family("gpt-5") || isOSeries(model) {
            return .o200kBase
        }
        if family("gpt-4") || family("gpt-3.5-turbo") || family("gpt-3-5-turbo") || family("gpt-35-turbo")
            || family("text-embedding-3-small") || family("text-embedding-3-large") || family("text-embedding-ada-002") {
            return .cl100kBase
        }
        return nil
    }

    /// `o1`, `o3-mini`, `o4-mini-high`, `o3-pro`.
    private static func isOSeries(_ model: Substring) -> Bool {
        guard model.first == "o" else { return false }
        let digits = model.dropFirst().prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty else { return false }
        let rest = model.dropFirst(1 + digits.count)
        return rest.isEmpty || rest.hasPrefix("-")
    }

    public var isExact: Bool { if case .exact = self { true } else { false } }

    /// The count of `text`: exact with the encoding (estimated if its rank file could not be read).
    public func count(_ text: String, cache: TokenCountCache? = nil) -> TokenCount {
        guard case .exact(let encoding) = self, let tokenizer = encoding.tokenizer else {
            return .estimated(TokenEstimator.estimate(text))
        }
        if let cache { return .exact(cache.count(text, encoding: encoding) { tokenizer.count($0) }) }
        return .exact(tokenizer.count(text))
    }
}
