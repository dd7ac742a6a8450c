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

/// Reads the Messages stream: usage from `message_start` and `message_delta`, text from `text_delta`, thinking
/// from `thinking` blocks (`thinking_delta`, then `signature_delta`) and `redacted_thinking` blocks, tool calls
/// from `tool_use` blocks (named at `content_block_start`, their input in `input_json_delta` pieces that split
/// anywhere), the end from `message_stop`. `stop_reason` `tool_use` is reported as `tool_calls`, the word the
/// engine and the command line use for a reply that calls tools.
public final class AnthropicStreamDecoder: StreamDecoder {
    private let provider: String
    private var pump = SSEEventPump()
    private var usage = Usage.zero
    private var stopReason: String?
    private var ended = false
    /// Content block indexes of `AnthropicRequestBody.responseToolName` calls: their input is the answer text.
    private var responseBlocks: Set<Int> = []
    /// Whether any other tool was called, so a structured answer alone ends as `end_turn`.
    private var calledTools = false

    /// Off only in tests, which check the fast scan against Foundation on the same streams.
    private let fastScan: Bool

    public convenience init(provider: String) {
        self.init(provider: provider, fastScan: true)
    }

    init(provider: String, fastScan: Bool) {
        self.provider = provider
        self.fastScan = fastScan
    }

    public func consume(_ bytes: [UInt8]) throws -> [StreamEvent] {
        try pump.feed(bytes, handleEvent)
    }

    public func finish() throws -> [StreamEvent] {
        try pump.finish()
        guard ended else {
            throw ProviderError(kind: .truncated, provider: provider,
                                message: "the stream closed before message_stop")
        }
        return []
    }

    private func handleEvent(_ sse: SSEEventBytes, into out: inout [StreamEvent]) throws {
        guard !ended else { return }
        try handle(sse, into: &out)
    }

    private func handle(_ sse: SSEEventBytes, into out: inout [StreamEvent]) throws {
        guard !sse.data.isEmpty else { return }
        let event = try read(sse)
        switch event.kind {
        case .messageStart:
            if let model = event.message?.model, !model.isEmpty { out.append(.servedModel(model)) }
            if let reported = event.message?.usage {
                apply(reported)
                out.append(.usage(usage))
            }
        case .contentBlockStart:
            if let block = event.block { start(block, index: event.index ?? 0, into: &out) }
        case .contentBlockDelta:
            if let delta = event.delta { self.delta(delta, index: event.index ?? 0, into: &out) }
        case .messageDelta:
            if let reason = event.delta?.stopReason { stopReason = finishReason(reason) }
            if let reported = event.usage {
                apply(reported)
                out.append(.usage(usage))
            }
        case .messageStop:
            ended = true
            out.append(.finished(reason: stopReason))
        case .error:
            let body = try? decode(Wire.StreamError.self, from: Data(sse.data), sse: sse).error
            throw AnthropicErrors.streamError(type: body?.type, message: body?.message ?? sse.dataText,
                                              provider: provider)
        case .other:
            break  // ping, content_block_stop, and event types added after this was written
        }
    }

    private func start(_ block: Wire.Block, index: Int, into out: inout [StreamEvent]) {
        switch block.type {
        case "tool_use":
            if block.name == AnthropicRequestBody.responseToolName {
                responseBlocks.insert(index)
            } else {
                calledTools = true
                // The start carries `input: {}`; the input itself comes in the deltas.
                out.append(.toolCall(ToolCallDelta(index: index, id: block.id ?? "", name: block.name ?? "")))
            }
        case "redacted_thinking":
            out.append(.reasoning(ReasoningDelta(redactedData: block.data ?? "")))
        case "thinking":
            if let text = block.thinking, !text.isEmpty { out.append(.reasoning(ReasoningDelta(text: text))) }
        case "text":
            if let text = block.text, !text.isEmpty { out.append(.text(text)) }
        default:
            break  // server tool blocks and types added after this was written
        }
    }

    private func delta(_ delta: Wire.Delta, index: Int, into out: inout [StreamEvent]) {
        switch delta.kind {
        case .text:
            if let text = delta.piece, !text.isEmpty { out.append(.text(text)) }
        case .thinking:
            if let text = delta.piece, !text.isEmpty { out.append(.reasoning(ReasoningDelta(text: text))) }
        case .signature:
            if let signature = delta.piece { out.append(.reasoning(ReasoningDelta(signature: signature))) }
        case .inputJSON:
            guard let piece = delta.piece, !piece.isEmpty else { return }
            if responseBlocks.contains(index) {
                out.append(.text(piece))
            } else {
                out.append(.toolCall(ToolCallDelta(index: index, arguments: piece)))
            }
        default:
            break
        }
    }

    /// `tool_use` is `tool_calls` as on every other wire; a reply whose only call was the structured answer
    /// ended as an ordinary answer.
    private func finishReason(_ reason: String) -> String {
        guard reason == "tool_use" else { return reason }
        return calledTools || responseBlocks.isEmpty ? "tool_calls" : "end_turn"
    }

    /// The fast scan for the plain events that make up nearly every stream; Foundation for anything else, so
    /// an unusual event reads exactly as it always did and a broken one is reported the same way.
    private func read(_ sse: SSEEventBytes) throws -> Wire.Event {
        if fastScan {
            do {
                return try Wire.Event.scan(sse.data, eventName: sse.event)
            } catch {
                // Not one the scan vouches for: Foundation decides.
            }
        }
        let data = Data(sse.data)
        var event = Wire.Event()
        let type = try decode(Wire.Envelope.self, from: data, sse: sse).type
        event.kind = Wire.EventKind(name: type ?? sse.event)
        switch event.kind {
        case .messageStart:
            event.message = try decode(Wire.MessageStart.self, from: data, sse: sse).message
        case .contentBlockStart:
            let start = try decode(Wire.BlockStart.self, from: data, sse: sse)
            event.index = start.index
            event.block = start.contentBlock
        case .contentBlockDelta:
            let decoded = try decode(Wire.BlockDelta.self, from: data, sse: sse)
            let delta = decoded.delta
            event.index = decoded.index
            let kind = Wire.DeltaKind(name: delta.type)
            let pieces: [Wire.DeltaKind: String?] = [.text: delta.text, .thinking: delta.thinking,
                                                     .signature: delta.signature, .inputJSON: delta.partialJSON]
            event.delta = Wire.Delta(kind: kind, piece: pieces[kind] ?? nil)
        case .messageDelta:
            let decoded = try decode(Wire.MessageDelta.self, from: data, sse: sse)
            event.delta = decoded.delta.map { Wire.Delta(stopReason: $0.stopReason) }
            event.usage = decoded.usage
        case .messageStop, .error, .other:
            break
        }
        return event
    }

    private func decode<T: Decodable>(_ type: T.Type, from data: Data, sse: SSEEventBytes) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch {
            throw ProviderError(kind: .malformed, provider: provider,
                                message: "unreadable \(sse.event ?? "data") event: \(sse.dataText.prefix(200))")
        }
    }

    /// Counts are cumulative: a reported field replaces ours, an absent one leaves it.
    private func apply(_ reported: Wire.TokenCounts) {
        if let value = reported.inputTokens { usage.input = value }
        // `cache_creation_input_tokens` counts 5-minute and 1-hour writes together; they are billed apart.
        if let value = reported.cacheCreation?.oneHour { usage.cacheWrite1h = value }
        if let value = reported.cacheCreationInputTokens { usage.cacheWrite = max(0, value - usage.cacheWrite1h) }
        if let value = reported.cacheReadInputTokens { usage.cacheRead = value }
        if let value = reported.outputTokens { usage.output = value }
    }

    /// The parts of each event this decoder reads; everything else in them is ignored.
    enum Wire {
        /// What any event type reads, whichever way it was decoded.
        struct Event {
            /// From `type`, or the SSE event name when the JSON has none.
            var kind = EventKind.other
            /// The content block an event belongs to.
            var index: Int?
            var delta: Delta?
            var usage: TokenCounts?
            /// What only a message's or a block's start carries, boxed: the deltas that make up a stream then
            /// copy and free one optional reference instead of a dozen strings.
            private var opening: Opening?

            var message: MessageStart.Message? {
                get { opening?.message }
                set { openingBox().message = newValue }
            }

            var block: Block? {
                get { opening?.block }
                set { openingBox().block = newValue }
            }

            private mutating func openingBox() -> Opening {
                if let opening { return opening }
                let made = Opening()
                opening = made
                return made
            }

            private final class Opening {
                var message: MessageStart.Message?
                var block: Block?
            }
        }

        /// `content_block_delta`'s piece (the member its kind names) and `message_delta`'s stop reason.
        struct Delta {
            var kind = DeltaKind.other
            var piece: String?
            var stopReason: String?
        }

        /// The event types this decoder acts on, read from the name's bytes without making a `String`.
        enum EventKind {
            case messageStart, contentBlockStart, contentBlockDelta, messageDelta, messageStop, error, other

            init(name: String?) {
                guard var name else {
                    self = .other
                    return
                }
                self = name.withUTF8 { EventKind(bytes: $0) }
            }

            init(bytes: UnsafeBufferPointer<UInt8>) {
                if bytes.equals("content_block_delta") {
                    self = .contentBlockDelta
                } else if bytes.equals("content_block_start") {
                    self = .contentBlockStart
                } else if bytes.equals("message_start") {
                    self = .messageStart
                } else if bytes.equals("message_delta") {
                    self = .messageDelta
                } else if bytes.equals("message_stop") {
                    self = .messageStop
                } else if bytes.equals("error") {
                    self = .error
                } else {
                    self = .other  // ping, content_block_stop, and types added after this was written
                }
            }
        }

        /// The kinds of `content_block_delta`; each carries its piece in the member of its own name (`text`,
        /// `thinking`, `signature`, `partial_json`).
        enum DeltaKind: Hashable {
            case text, thinking, signature, inputJSON, other

            init(name: String?) {
                guard var name else {
                    self = .other
                    return
                }
                self = name.withUTF8 { DeltaKind(bytes: $0) }
            }

            init(bytes: UnsafeBufferPointer<UInt8>) {
                if bytes.equals("text_delta") {
                    self = .text
                } else if bytes.equals("thinking_delta") {
                    self = .thinking
                } else if bytes.equals("input_json_delta") {
                    self = .inputJSON
                } else if bytes.equals("signature_delta") {
                    self = .signature
                } else {
                    self = .other
                }
            }
        }

        /// `content_block_start`'s block: a tool call's id and name, a redacted block's data.
        struct Block: Decodable {
            var type: String?
            var id: String?
            var name: String?
            var text: String?
            var thinking: String?
            var data: String?
        }

        struct BlockStart: Decodable {
            let index: Int?
            let contentBlock: Block?
            enum CodingKeys: String, CodingKey { case index, contentBlock = "content_block" }
        }

        struct Envelope: Decodable { let type: String? }

        struct MessageStart: Decodable {
            struct Message: Decodable {
                let model: String?
                let usage: TokenCounts?
            }
            let message: Message
        }

        struct BlockDelta: Decodable {
            struct Delta: Decodable {
                let type: String?
                let text: String?
                let thinking: String?
                let signature: String?
                let partialJSON: String?
                enum CodingKeys: String, CodingKey { case type, text, thinking, signature, partialJSON = "partial_json" }
            }
            let index: Int?
            let delta: Delta
        }

        struct MessageDelta: Decodable {
            struct Delta: Decodable {
                let stopReason: String?
                enum CodingKeys: String, CodingKey { case stopReason = "stop_reason" }
            }
            let delta: Delta?
            let usage: TokenCounts?
        }

        struct StreamError: Decodable {
            struct Body: Decodable {
                let type: String?
                let message: String?
            }
            let error: Body
        }

        struct TokenCounts: Decodable {
            let inputTokens: Int?
            let outputTokens: Int?
            let cacheCreationInputTokens: Int?
            let cacheReadInputTokens: Int?
            /// The split of cache writes by lifetime, when the request asked for a 1-hour cache.
            var cacheCreation: CacheCreation? = nil
            enum CodingKeys: String, CodingKey {
                case inputTokens = "input_tokens", outputTokens = "output_tokens"
                case cacheCreationInputTokens = "cache_creation_input_tokens"
                case cacheReadInputTokens = "cache_read_input_tokens"
                case cacheCreation = "cache_creation"
            }
        }

        struct CacheCreation: Decodable {
            let oneHour: Int?
            enum CodingKeys: String, CodingKey { case oneHour = "ephemeral_1h_input_tokens" }
        }
    }
}
