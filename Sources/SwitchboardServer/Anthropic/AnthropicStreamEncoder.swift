import Foundation
import SwitchboardCore

/// Engine events -> an Anthropic Messages stream (reference §3), whichever provider answers:
/// `message_start`, `ping`, then one content block after another (`content_block_start`, its deltas,
/// `content_block_stop`): thinking as `thinking_delta`, text as `text_delta`, and each tool call as a
/// `tool_use` block whose input comes as one `input_json_delta` (the engine hands calls over whole, when the
/// answer ends); then `message_delta` with the stop reason and the usage, and `message_stop`.
///
/// Nothing is written until the answer starts (or the turn finishes), so a turn that fails before its first
/// token can still be answered with an HTTP error status. `message_start` carries the usage known then (a
/// provider that reports its input count at the start has done so by the first token); `message_delta.usage`
/// carries the final counts, input included, so a client that folds them (the SDKs overwrite with what the
/// delta gives) ends with the same usage as the non-streamed message.
///
/// A failure after the stream began is an `event: error` and no `message_stop`; an answer that broke off or
/// was stopped is one too, so a client never takes a partial answer for a whole one.
///
/// A thinking block that text or a tool call follows closes without its `signature_delta`: the engine streams
/// thinking as text and hands the signature over only with the finished turn (the non-streamed message has it;
/// unsigned thinking sent back is dropped by the Anthropic adapter, which then answers without thinking).
struct AnthropicStreamEncoder: InboundStreamEncoder {
    let messageID: String
    /// The model named in `message_start` until a route is known.
    let requestedModel: String

    private(set) var started = false
    private var route: RouteInfo?
    private var usage = Usage.zero
    private var index = -1
    private var open: Block?
    private var hasStreamedText = false

    private enum Block { case text, thinking }

    init(messageID: String, requestedModel: String) {
        self.messageID = messageID
        self.requestedModel = requestedModel
    }

    /// The bytes to send for `event`; empty when it shows nothing (routing, notices, usage before the end, a
    /// failure before the stream began, which the caller answers as an HTTP error).
    mutating func encode(_ event: EngineEvent) throws -> [UInt8] {
        switch event {
        case .routed(let info, _):
            if !started { route = info }
            return []
        case .usage(let usage):
            self.usage = usage
            return []
        case .delta(let text):
            guard !text.isEmpty else { return [] }
            var out = try start()
            if open != .text { out += try openBlock(.text, AnthropicWireWords.textBlock("")) }
            out += delta(type: "text_delta", field: "text", value: text)
            return out
        case .reasoning(let text):
            guard !text.isEmpty else { return [] }
            var out = try start()
            if open != .thinking {
                out += try openBlock(.thinking, .object([("signature", .string("")), ("thinking", .string("")),
                                                    ("type", .string("thinking"))]))
            }
            out += delta(type: "thinking_delta", field: "thinking", value: text)
            return out
        case .finished(let summary):
            return try finish(summary)
        case .failed(let failure):
            guard started else { return [] }
            return try fail(.failure(failure))
        case .planned, .notice, .attemptFailed, .fallback, .retrying:
            return []
        }
    }

    /// An `event: error` for a failure after the stream began, its type from the gateway's status (a 503 is
    /// `overloaded_error`, which the SDKs retry).
    mutating func fail(_ error: GatewayError) throws -> [UInt8] {
        AnthropicErrorEncoder.event(type: AnthropicErrorEncoder.map(error).type, message: error.message)
    }

    private mutating func finish(_ summary: TurnSummary) throws -> [UInt8] {
        route = route ?? summary.route
        var out = try start()
        // Broken upstream, or stopped (shutdown, client gone: then nobody reads it).
        if !summary.complete {
            return out + closeBlock() + (try fail(.incomplete(summary)))
        }
        // The thinking's signature arrives with the finished turn; it can still go out if thinking is the open block.
        if open == .thinking, let signature = summary.reasoning.last(where: { !$0.redacted })?.signature {
            out += delta(type: "signature_delta", field: "signature", value: signature)
        }
        // The text block the non-streamed message has: when text arrived without deltas, or when the answer
        // calls no tool (an empty answer still has its empty text block).
        if !hasStreamedText, !summary.text.isEmpty || summary.toolCalls.isEmpty {
            out += try openBlock(.text, AnthropicWireWords.textBlock(""))
            if !summary.text.isEmpty { out += delta(type: "text_delta", field: "text", value: summary.text) }
        }
        out += closeBlock()
        for call in summary.toolCalls {
            index += 1
            out += try blockStart(AnthropicWireWords.toolUseBlock(call, input: .object([])))
            out += delta(type: "input_json_delta", field: "partial_json", value: AnthropicWireWords.input(call).text)
            out += blockStop()
        }
        let messageDelta = try RequestJSON.object([
            ("delta", .object([("stop_reason", .string(AnthropicWireWords.stopReason(summary))), ("stop_sequence", .null)])),
            ("type", .string("message_delta")),
            ("usage", AnthropicWireWords.usage(summary.usage)),
        ]).bytes()
        out += AnthropicSSE.event("message_delta", data: messageDelta)
        out += AnthropicSSE.event("message_stop", data: Array(#"{"type":"message_stop"}"#.utf8))
        return out
    }

    private mutating func start() throws -> [UInt8] {
        guard !started else { return [] }
        started = true
        let message = try RequestJSON.object([
            ("message", .object([
                ("content", .array([])),
                ("id", .string(messageID)),
                ("model", .string(route?.model ?? requestedModel)),
                ("role", .string("assistant")),
                ("stop_reason", .null),
                ("stop_sequence", .null),
                ("type", .string("message")),
                ("usage", AnthropicWireWords.usage(usage)),
            ])),
            ("type", .string("message_start")),
        ]).bytes()
        return AnthropicSSE.event("message_start", data: message)
            + AnthropicSSE.event("ping", data: Array(#"{"type":"ping"}"#.utf8))
    }

    private mutating func openBlock(_ kind: Block, _ block: RequestJSON) throws -> [UInt8] {
        var out = closeBlock()
        index += 1
        open = kind
        if kind == .text { hasStreamedText = true }
        out += try blockStart(block)
        return out
    }

    private mutating func closeBlock() -> [UInt8] {
        guard open != nil else { return [] }
        open = nil
        return blockStop()
    }

    private func blockStart(_ block: RequestJSON) throws -> [UInt8] {
        var data = Array(#"{"content_block":"#.utf8)
        data += try block.bytes()
        data += Array(#","index":\#(index),"type":"content_block_start"}"#.utf8)
        return AnthropicSSE.event("content_block_start", data: data)
    }

    private func blockStop() -> [UInt8] {
        AnthropicSSE.event("content_block_stop", data: Array(#"{"index":\#(index),"type":"content_block_stop"}"#.utf8))
    }

    /// One delta, written straight into bytes: it runs per token.
    private func delta(type: String, field: String, value: String) -> [UInt8] {
        var data: [UInt8] = []
        data.reserveCapacity(value.utf8.count + 96)
        data += Array(#"{"delta":{"#.utf8)
        RequestJSON.appendString(field, to: &data)
        data.append(UInt8(ascii: ":"))
        RequestJSON.appendString(value, to: &data)
        data += Array(#","type":""#.utf8)
        data += Array(type.utf8)
        data += Array(#""},"index":\#(index),"type":"content_block_delta"}"#.utf8)
        return AnthropicSSE.event("content_block_delta", data: data)
    }
}
