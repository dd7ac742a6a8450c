import Foundation

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
