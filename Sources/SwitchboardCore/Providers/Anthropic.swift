import Foundation

/// Anthropic's Messages API: `POST {root}/v1/messages`, streamed as named SSE events ending in `message_stop`.
public struct AnthropicAdapter: ProviderAdapter {
    /// Pinned because the newer `2026-10-21` rejects `temperature`, which Switchboard forwards.
    public static let apiVersion = "2023-06-01"
    /// The API requires `max_tokens` on every request; when the turn sets none we ask for this many, which every
    /// current Claude model allows and which is long enough that ordinary answers are not cut off.
    public static let defaultMaxTokens = 4096

    public init() {}

    public func makeRequest(_ request: ChatRequest, model: String, endpoint: ProviderEndpoint) throws -> HTTPRequest {
        var request = request
        if !endpoint.promptCaching { request.options.caching = false }
        let body = try AnthropicAdapter.body(for: request, model: model, provider: endpoint.name)
        var headers = HTTPHeaders()
        if let key = endpoint.apiKey, !key.isEmpty { headers.add("x-api-key", key) }
        headers.add("anthropic-version", AnthropicAdapter.apiVersion)
        headers.add("content-type", "application/json")
        headers.add("accept", "text/event-stream")
        return HTTPRequest(method: "POST", url: try AnthropicAdapter.messagesURL(endpoint: endpoint),
                           headers: headers.overridden(by: endpoint.extraHeaders), body: body)
    }

    public func makeDecoder(endpoint: ProviderEndpoint) -> any StreamDecoder {
        AnthropicStreamDecoder(provider: endpoint.name)
    }

    public func error(status: Int, headers: HTTPHeaders, body: [UInt8], endpoint: ProviderEndpoint) -> ProviderError {
        AnthropicErrors.error(status: status, headers: headers, body: body, provider: endpoint.name)
    }

    /// `{root}/v1/messages`, keeping any path prefix of the root and tolerating a trailing slash.
    static func messagesURL(endpoint: ProviderEndpoint) throws -> URL {
        var root = endpoint.baseURL.absoluteString
        while root.hasSuffix("/") { root.removeLast() }
        guard let url = URL(string: root + "/v1/messages") else {
            throw ProviderError(kind: .badRequest, provider: endpoint.name,
                                message: "base URL \(endpoint.baseURL.absoluteString) cannot take a path")
        }
        return url
    }

    /// The JSON body with sorted keys, so equal requests give equal bytes (`AnthropicRequestBody`).
    static func body(for request: ChatRequest, model: String, provider: String) throws -> [UInt8] {
        try AnthropicRequestBody.json(for: request, model: model, provider: provider).bytes()
    }

    /// What the request leaves out of the history because Anthropic would reject it, in words for a notice:
    /// another vendor's thinking (dropped, not turned into text) and unsigned thinking. Reads the parts only,
    /// so it costs nothing when there is no thinking.
    public func historyNotes(for request: ChatRequest) -> [String] { Self.historyNotes(for: request) }

    /// `max_tokens` as sent: raised to thinking budget + answer length when the budget would not leave the answer.
    public func outputLimit(for request: ChatRequest) -> Int? { AnthropicRequestBody.maxTokens(for: request) }

    public static func historyNotes(for request: ChatRequest) -> [String] {
        var foreign: [String?] = []
        var unsigned = 0
        for message in request.messages where message.role == .assistant {
            for case .reasoning(let part) in message.parts where AnthropicMessages.thinking(part) == nil {
                if part.origin?.wire == .anthropic { unsigned += 1 } else { foreign.append(part.origin?.provider) }
            }
        }
        var notes: [String] = []
        if !foreign.isEmpty {
            let names = Set(foreign.map { $0 ?? "an unknown provider" }).sorted().joined(separator: ", ")
            notes.append("\(foreign.count) thinking block\(foreign.count == 1 ? "" : "s") from \(names) dropped: "
                         + "Anthropic accepts only its own signed thinking")
        }
        if unsigned > 0 {
            notes.append("\(unsigned) unsigned Anthropic thinking block\(unsigned == 1 ? "" : "s") dropped: the API needs the signature back")
        }
        if let note = AnthropicToolText.note(request) { notes.append(note) }
        if let setting = request.reasoning, setting != .off, AnthropicRequestBody.answersCallsWithoutThinking(request) {
            notes.append("thinking off for this turn: it answers tool calls made without Anthropic's thinking, which the API refuses with thinking on")
        }
        return notes
    }
}

/// Anthropic's error types, for errors inside a stream (which carry no status) and for what the shared mapping
/// does not know.
enum AnthropicErrors {
    static func error(status: Int, headers: HTTPHeaders, body: [UInt8], provider: String) -> ProviderError {
        var error = ProviderErrorMapping.makeError(provider: provider, status: status, headers: headers, body: body)
        if isOutOfCredit(error.message) { error.kind = .billing }
        return error
    }

    /// `event: error` after HTTP 200: the error type stands in for the status.
    static func streamError(type: String?, message: String, provider: String) -> ProviderError {
        let base = type.flatMap { kinds[$0] } ?? .server
        var kind = ProviderErrorMapping.refine(kind: base, code: nil, type: type, message: message)
        if isOutOfCredit(message) { kind = .billing }
        return ProviderError(kind: kind, provider: provider, message: message)
    }

    /// Anthropic reports an empty balance as a 400 `invalid_request_error`; as billing, the engine may still try
    /// another provider, which it would not do for a bad request.
    private static func isOutOfCredit(_ message: String) -> Bool {
        message.lowercased().contains("credit balance is too low")
    }

    private static let kinds: [String: ProviderError.Kind] = [
        "invalid_request_error": .badRequest, "authentication_error": .auth, "permission_error": .auth,
        "billing_error": .billing, "not_found_error": .notFound, "request_too_large": .contextLength,
        "rate_limit_error": .rateLimited, "api_error": .server, "timeout_error": .timeout,
        "overloaded_error": .overloaded,
    ]
}
