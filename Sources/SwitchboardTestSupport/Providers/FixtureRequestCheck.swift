import Foundation

/// What the fixture needs from a request before it can answer, checked the way the real servers check it:
/// a bad key is a `.badKey` failure, a request the provider would reject (or that the fixture cannot stream)
/// is `.invalidRequest` with the provider's own words where it has them.
enum FixtureRequestCheck {
    static func failure(for request: RecordedRequest, wire: FixtureWire, json: [String: Any]?,
                        expectedAPIKey: String?) -> FixtureFailure? {
        if let expectedAPIKey, !hasKey(expectedAPIKey, request: request, wire: wire) { return .badKey }
        guard let json else { return .invalidRequest("We could not parse the JSON body of your request.") }
        switch wire {
        case .openAIChat, .openRouter:
            if !(json["model"] is String) { return .invalidRequest("you must provide a model parameter") }
            if !(json["messages"] is [Any]) { return .invalidRequest("Missing required parameter: 'messages'.") }
            if json["stream"] as? Bool != true { return .invalidRequest("fixture: only streaming requests are served") }
        case .anthropic:
            if request.headers["anthropic-version"] == nil {
                return .invalidRequest("anthropic-version: header is required")
            }
            if !(json["max_tokens"] is Int) { return .invalidRequest("max_tokens: Field required") }
            if !(json["messages"] is [Any]) { return .invalidRequest("messages: Field required") }
            if json["stream"] as? Bool != true { return .invalidRequest("fixture: only streaming requests are served") }
        case .gemini:
            if !(json["contents"] is [Any]) { return .invalidRequest("* GenerateContentRequest.contents: contents is not specified") }
            if request.queryValue("alt") != "sse" {
                return .invalidRequest("fixture: only alt=sse streaming is served")
            }
        case .ollama:
            if !(json["model"] is String) { return .invalidRequest("model is required") }
            if json["stream"] as? Bool == false { return .invalidRequest("fixture: only streaming requests are served") }
        }
        return nil
    }

    /// Each provider's key header: Bearer for OpenAI-style, `x-api-key` (or Bearer) for Anthropic,
    /// `x-goog-api-key` (or `?key=`) for Gemini. Ollama takes no key.
    static func hasKey(_ key: String, request: RecordedRequest, wire: FixtureWire) -> Bool {
        let bearer = request.headers["authorization"] == "Bearer \(key)"
        switch wire {
        case .openAIChat, .openRouter: return bearer
        case .anthropic: return request.headers["x-api-key"] == key || bearer
        case .gemini: return request.headers["x-goog-api-key"] == key || request.queryValue("key") == key
        case .ollama: return true
        }
    }
}
