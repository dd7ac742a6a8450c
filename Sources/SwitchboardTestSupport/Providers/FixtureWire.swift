import Foundation

/// The wire protocols the provider fixture speaks, chosen by request path.
public enum FixtureWire: String, Sendable, Hashable, CaseIterable {
    /// OpenAI Chat Completions and its clones: any path ending in `/chat/completions` except OpenRouter's.
    case openAIChat
    /// OpenRouter: `/api/v1/chat/completions`, the path of its real base URL `https://openrouter.ai/api/v1`.
    case openRouter
    /// Anthropic Messages: any path ending in `/v1/messages`.
    case anthropic
    /// Gemini: `…/v1beta/models/{model}:streamGenerateContent`.
    case gemini
    /// Ollama's native `/api/chat` (NDJSON).
    case ollama

    /// The protocol a request path (without query) belongs to, or nil when the fixture does not serve it.
    public static func route(path: String) -> FixtureWire? {
        if path.hasSuffix("/api/v1/chat/completions") { return .openRouter }
        if path.hasSuffix("/chat/completions") { return .openAIChat }
        if path.hasSuffix("/v1/messages") { return .anthropic }
        if geminiModel(path: path) != nil { return .gemini }
        if path.hasSuffix("/api/chat") { return .ollama }
        return nil
    }

    /// The model named in a Gemini streaming path (`gemini-2.5-flash`), or nil for any other path.
    public static func geminiModel(path: String) -> String? {
        let suffix = ":streamGenerateContent"
        guard path.hasSuffix(suffix), let range = path.range(of: "/v1beta/models/") else { return nil }
        let model = path[range.upperBound..<path.index(path.endIndex, offsetBy: -suffix.count)]
        guard !model.isEmpty, !model.contains("/") else { return nil }
        return String(model)
    }
}
