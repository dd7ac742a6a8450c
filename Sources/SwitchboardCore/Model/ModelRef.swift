import Foundation

/// How a deployment should be chosen among the providers that serve a model.
public enum RoutingVariant: String, Sendable, Hashable, Codable, CaseIterable {
    /// Cheapest provider first.
    case floor
    /// Fastest observed provider first.
    case nitro
}

/// What a person types to name a model: `vendor/model[:variant][@provider]`.
///
/// Examples: `anthropic/claude-sonnet-4-5`, `openai/gpt-4o-mini:floor`,
/// `meta-llama/llama-3.3-70b-instruct@groq`, `ollama/llama3.2:3b`. Only the known variants after the last colon
/// count as variants, so provider-side names with colons (`:free`, `llama3.2:3b`) stay part of the model id.
public struct ModelRef: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The model id without variant or provider pin, e.g. `openai/gpt-4o-mini` or a bare alias `fast`.
    public var id: String
    public var variant: RoutingVariant?
    /// A provider pin (`@groq`): only that provider's deployment may serve the turn.
    public var provider: String?

    public init(id: String, variant: RoutingVariant? = nil, provider: String? = nil) {
        self.id = id
        self.variant = variant
        self.provider = provider
    }

    /// Parses the text form; throws `ModelRefError` on an empty id or an empty pin.
    public init(parsing text: String) throws {
        var rest = text.trimmingCharacters(in: .whitespaces)
        var provider: String?
        if let at = rest.lastIndex(of: "@") {
            let pin = String(rest[rest.index(after: at)...])
            guard !pin.isEmpty else { throw ModelRefError.emptyProvider(text) }
            provider = pin.lowercased()
            rest = String(rest[..<at])
        }
        var variant: RoutingVariant?
        if let colon = rest.lastIndex(of: ":"), let known = RoutingVariant(rawValue: String(rest[rest.index(after: colon)...])) {
            variant = known
            rest = String(rest[..<colon])
        }
        guard !rest.isEmpty, !rest.hasPrefix("/"), !rest.hasSuffix("/") else { throw ModelRefError.emptyModel(text) }
        self.init(id: rest, variant: variant, provider: provider)
    }

    /// The part before the first slash, if any (`anthropic` in `anthropic/claude-sonnet-4-5`).
    public var vendor: String? {
        id.firstIndex(of: "/").map { String(id[..<$0]) }
    }

    public var description: String {
        var text = id
        if let variant { text += ":" + variant.rawValue }
        if let provider { text += "@" + provider }
        return text
    }
}

public enum ModelRefError: Error, Equatable, CustomStringConvertible {
    case emptyModel(String)
    case emptyProvider(String)

    public var description: String {
        switch self {
        case .emptyModel(let text):
            "'\(text)' names no model: write vendor/model, e.g. openai/gpt-4o-mini"
        case .emptyProvider(let text):
            "'\(text)' ends in '@' without a provider: write e.g. meta-llama/llama-3.3-70b-instruct@groq"
        }
    }
}
