import Foundation

/// OpenAI Chat Completions (`POST {baseURL}/chat/completions`, streamed as SSE ending in `data: [DONE]`).
///
/// The same translation serves every OpenAI-compatible server: `OpenAICompatibleAdapter` reuses it with a
/// different `OpenAIChatDialect`, and the differences in request shape live in `WireQuirks`.
public struct OpenAIChatAdapter: ProviderAdapter {
    let dialect: OpenAIChatDialect

    public init() { self.init(dialect: .openAI) }

    init(dialect: OpenAIChatDialect) { self.dialect = dialect }

    public func makeRequest(_ request: ChatRequest, model: String, endpoint: ProviderEndpoint) throws -> HTTPRequest {
        var headers = HTTPHeaders()
        // Local servers (Ollama, vLLM without --api-key) take no key: send no Authorization at all.
        if let key = endpoint.apiKey, !key.isEmpty { headers.add("Authorization", "Bearer \(key)") }
        headers.add("Content-Type", "application/json")
        headers.add("Accept", "text/event-stream")
        for field in endpoint.extraHeaders { headers.set(field.name, field.value) }

        // Sorted keys make the bytes deterministic, so golden tests can compare them exactly.
        let body = try OpenAIChatRequestBody(request: request, model: model, quirks: endpoint.quirks,
                                             provider: endpoint.name).json.bytes()
        return HTTPRequest(method: "POST", url: EndpointURLs.url(endpoint.baseURL, appending: "chat/completions"),
                           headers: headers, body: body)
    }

    public func makeDecoder(endpoint: ProviderEndpoint) -> any StreamDecoder {
        OpenAIChatStreamDecoder(provider: endpoint.name, quirks: endpoint.quirks, dialect: dialect)
    }

    public func error(status: Int, headers: HTTPHeaders, body: [UInt8], endpoint: ProviderEndpoint) -> ProviderError {
        dialect.httpError(endpoint.name, status, headers, body)
    }
}

/// What differs between OpenAI itself and the servers that copy its protocol, beyond `WireQuirks`: how their
/// error bodies read and where else they may report usage.
struct OpenAIChatDialect: Sendable {
    /// Maps a non-2xx response.
    var httpError: @Sendable (_ provider: String, _ status: Int, _ headers: HTTPHeaders, _ body: [UInt8]) -> ProviderError
    /// Maps an error carried inside a stream, given the chunk's raw JSON.
    var streamError: @Sendable (_ provider: String, _ payload: [UInt8]) -> ProviderError
    /// Usage found outside `usage` on a final chunk (Groq's `x_groq.usage`); used only if `usage` never came.
    var extraUsage: (@Sendable (_ payload: [UInt8]) -> Usage?)?

    static let openAI = OpenAIChatDialect(
        httpError: { provider, status, headers, body in
            ProviderErrorMapping.makeError(provider: provider, status: status, headers: headers, body: body)
        },
        streamError: { provider, payload in
            let details = ProviderErrorMapping.details(fromBody: payload) ?? ProviderErrorMapping.Details()
            return ProviderErrorMapping.makeStreamError(provider: provider, details: details)
        },
        extraUsage: nil)
}

// MARK: - Stream

/// The parts of a `chat.completion.chunk` Switchboard reads. Everything is optional: servers differ in what
/// they send, and an absent field is not an error.
struct OpenAIChatChunk: Decodable {
    struct Choice: Decodable {
        struct Delta: Decodable {
            var content: String?
            /// Thinking: DeepSeek, vLLM and llama.cpp write `reasoning_content`, OpenRouter and Ollama `reasoning`.
            var reasoning: String?
            var toolCalls: [ToolCallPiece]?
            /// OpenRouter's `reasoning_details`: the same thinking with its signature, or encrypted.
            var reasoningDetails: [ReasoningDetail]?

            init(content: String? = nil, reasoning: String? = nil, toolCalls: [ToolCallPiece]? = nil,
                 reasoningDetails: [ReasoningDetail]? = nil) {
                self.content = content
                self.reasoning = reasoning
                self.toolCalls = toolCalls
                self.reasoningDetails = reasoningDetails
            }

            enum CodingKeys: String, CodingKey {
                case content, reasoning
                case reasoningContent = "reasoning_content"
                case toolCalls = "tool_calls"
                case reasoningDetails = "reasoning_details"
            }

            init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: CodingKeys.self)
                content = try container.decodeIfPresent(String.self, forKey: .content)
                // A server that sends both names sends the same text twice: one is read. A `reasoning` that
                // is not text (an object some servers use) is not thinking text and is left out.
                reasoning = try container.decodeIfPresent(String.self, forKey: .reasoningContent)
                    ?? (try? container.decodeIfPresent(String.self, forKey: .reasoning))
                toolCalls = try container.decodeIfPresent([ToolCallPiece].self, forKey: .toolCalls)
                reasoningDetails = try container.decodeIfPresent([ReasoningDetail].self, forKey: .reasoningDetails)
            }
        }

        /// `{"type":"reasoning.text","text","signature"}`, `{"type":"reasoning.encrypted","data"}` or
        /// `{"type":"reasoning.summary","summary"}`.
        struct ReasoningDetail: Decodable {
            var type: String?
            var text: String?
            var signature: String?
            var data: String?
            var summary: String?
        }

        /// One streamed tool-call fragment: `{"index":0,"id":"call_…","type":"function","function":{"name","arguments"}}`.
        struct ToolCallPiece: Decodable {
            struct Function: Decodable {
                var name: String?
                var arguments: String?
            }
            var index: Int?
            var id: String?
            var function: Function?
        }
        var index: Int?
        var delta: Delta?
        var finishReason: String?

        enum CodingKeys: String, CodingKey {
            case index, delta
            case finishReason = "finish_reason"
        }
    }

    /// Any JSON value: only its presence matters.
    struct Present: Decodable {
        init() {}
        init(from decoder: any Decoder) throws {}
    }

    var object: String?
    var model: String?
    var choices: [Choice]?
    var usage: OpenAIWireUsage?
    var error: Present?
}

/// `usage` as OpenAI and its clones report it.
struct OpenAIWireUsage: Decodable {
    struct PromptDetails: Decodable {
        var cachedTokens: Int?
        var cacheWriteTokens: Int?
        enum CodingKeys: String, CodingKey {
            case cachedTokens = "cached_tokens"
            case cacheWriteTokens = "cache_write_tokens"
        }
    }

    struct CompletionDetails: Decodable {
        var reasoningTokens: Int?
        enum CodingKeys: String, CodingKey { case reasoningTokens = "reasoning_tokens" }
    }

    var promptTokens: Int?
    var completionTokens: Int?
    var promptDetails: PromptDetails?
    var completionDetails: CompletionDetails?
    /// DeepSeek's name for cached prompt tokens.
    var promptCacheHitTokens: Int?
    /// OpenRouter's own charge. Decoded from the number's text, so no binary floating point touches it.
    var cost: Decimal?

    enum CodingKeys: String, CodingKey {
        case promptTokens = "prompt_tokens"
        case completionTokens = "completion_tokens"
        case promptDetails = "prompt_tokens_details"
        case completionDetails = "completion_tokens_details"
        case promptCacheHitTokens = "prompt_cache_hit_tokens"
        case cost
    }

    /// Normalised: `prompt_tokens` includes cached and cache-write tokens, `Usage.input` counts neither.
    var normalised: Usage {
        let cacheRead = promptDetails?.cachedTokens ?? promptCacheHitTokens ?? 0
        let cacheWrite = promptDetails?.cacheWriteTokens ?? 0
        let prompt = promptTokens ?? 0
        return Usage(input: max(0, prompt - cacheRead - cacheWrite), output: completionTokens ?? 0,
                     cacheRead: cacheRead, cacheWrite: cacheWrite,
                     reasoning: completionDetails?.reasoningTokens ?? 0)
    }
}

/// Decodes one Chat Completions SSE stream. Completion is `data: [DONE]`; a body that ends without it was cut.
final class OpenAIChatStreamDecoder: StreamDecoder {
    private let provider: String
    private let quirks: WireQuirks
    private let dialect: OpenAIChatDialect
    private let json = JSONDecoder()
    private var pump = SSEEventPump()

    private var reportedModel = false
    /// The model the last scanned chunk named, handed to the next scan so a repeat costs no allocation.
    private var lastModel: String?
    private var finishReason: String?
    private var sawUsage = false
    private var extraUsage: Usage?
    private var done = false
    /// Off only in tests, which check the fast scan against Foundation on the same streams.
    private let fastScan: Bool

    init(provider: String, quirks: WireQuirks, dialect: OpenAIChatDialect, fastScan: Bool = true) {
        self.provider = provider
        self.quirks = quirks
        self.dialect = dialect
        self.fastScan = fastScan
    }

    /// Text that arrived before an error in the same chunk is delivered; the error comes on the next call.
    func consume(_ bytes: [UInt8]) throws -> [StreamEvent] {
        try pump.feed(bytes, handle)
    }

    func finish() throws -> [StreamEvent] {
        try pump.finish()
        guard done else {
            throw ProviderError(kind: .truncated, provider: provider, message: "stream closed before data: [DONE]")
        }
        return []
    }

    private func handle(_ event: SSEEventBytes, into events: inout [StreamEvent]) throws {
        guard !done else { return }
        let data = Self.trimmed(event.data)
        if data.isEmpty { return }
        if Self.isDoneMarker(data) {
            done = true
            if !sawUsage, let extraUsage { events.append(.usage(extraUsage)) }
            events.append(.finished(reason: finishReason))
            return
        }
        if event.event == "error" { throw dialect.streamError(provider, Array(data)) }

        let chunk = try decodeChunk(data)
        // OpenAI-style `error`, OpenRouter's mid-stream error and vLLM's `{"object":"error"}`.
        if chunk.error != nil || chunk.object == "error" { throw dialect.streamError(provider, Array(data)) }

        if !reportedModel, let model = chunk.model, !model.isEmpty {
            reportedModel = true
            events.append(.servedModel(model))
        }
        let choice = chunk.choices?.first { ($0.index ?? 0) == 0 }
        if let delta = choice?.delta {
            Self.thinking(delta, into: &events)
            if let text = delta.content, !text.isEmpty { events.append(.text(text)) }
            for (position, piece) in (delta.toolCalls ?? []).enumerated() {
                // Without an index (some servers send each call whole), the position in the list is one.
                events.append(.toolCall(ToolCallDelta(index: piece.index ?? position, id: piece.id,
                                                      name: piece.function?.name,
                                                      arguments: piece.function?.arguments ?? "")))
            }
        }
        if let reason = choice?.finishReason {
            // Mistral (and OpenRouter without a detail) end a failed generation this way.
            if reason == "error" {
                throw ProviderError(kind: .server, provider: provider, message: "generation ended with finish_reason error")
            }
            finishReason = reason
        }
        if let usage = chunk.usage {
            sawUsage = true
            events.append(.usage(usage.normalised))
            if quirks.reportsCost, let cost = usage.cost { events.append(.reportedCost(Money(cost))) }
        } else if let read = dialect.extraUsage, choice?.finishReason != nil || chunk.choices?.isEmpty == true,
                  let usage = read(Array(data)) {
            extraUsage = usage
        }
    }

    /// The delta's thinking. OpenRouter sends it twice, as `reasoning` text and in `reasoning_details` with its
    /// signature: the text is read once, the signature and any encrypted block from the details.
    private static func thinking(_ delta: OpenAIChatChunk.Choice.Delta, into events: inout [StreamEvent]) {
        let plain = delta.reasoning ?? ""
        var text = plain
        var signature: String?
        var encrypted: [String] = []
        for detail in delta.reasoningDetails ?? [] {
            switch detail.type {
            case "reasoning.text":
                if plain.isEmpty { text += detail.text ?? "" }
                if let value = detail.signature, !value.isEmpty { signature = value }
            case "reasoning.summary":
                if plain.isEmpty { text += detail.summary ?? "" }
            case "reasoning.encrypted":
                if let data = detail.data, !data.isEmpty { encrypted.append(data) }
            default:
                continue
            }
        }
        if !text.isEmpty || signature != nil { events.append(.reasoning(ReasoningDelta(text: text, signature: signature))) }
        for data in encrypted { events.append(.reasoning(ReasoningDelta(redactedData: data))) }
    }

    /// The fast scan for the plain chunks that make up nearly every stream; Foundation for anything else,
    /// so an unusual chunk reads exactly as it always did and a broken one is reported the same way.
    private func decodeChunk(_ data: UnsafeBufferPointer<UInt8>) throws -> OpenAIChatChunk {
        if fastScan {
            do {
                let chunk = try OpenAIChatChunk.scan(data, previousModel: lastModel)
                if chunk.model != nil { lastModel = chunk.model }
                return chunk
            } catch {
                // Not one the scan vouches for: Foundation decides.
            }
        }
        do {
            return try json.decode(OpenAIChatChunk.self, from: Data(data))
        } catch {
            let text = String(decoding: data, as: UTF8.self)
            throw ProviderError(kind: .malformed, provider: provider,
                                message: "unreadable chunk: " + ProviderErrorMapping.clean(text, limit: 200))
        }
    }

    private static func isDoneMarker(_ data: UnsafeBufferPointer<UInt8>) -> Bool {
        let marker: StaticString = "[DONE]"
        return data.sameBytes(as: UnsafeBufferPointer(start: marker.utf8Start, count: marker.utf8CodeUnitCount))
    }

    /// `data` without the spaces and tabs some servers put around it.
    static func trimmed(_ data: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var start = 0
        var end = data.count
        while start < end, data[start] == 0x20 || data[start] == 0x09 { start += 1 }
        while end > start, data[end - 1] == 0x20 || data[end - 1] == 0x09 { end -= 1 }
        return UnsafeBufferPointer(rebasing: data[start..<end])
    }
}
