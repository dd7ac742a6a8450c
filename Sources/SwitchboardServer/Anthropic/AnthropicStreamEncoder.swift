import Foundation
import SwitchboardCore

/// Engine events -> an Anthropic Messages stream (reference §3), whichever provider answers:
/// `message_start`, `ping`, then one content block after another (`content_block_start`, its deltas,
/// `content_block_stop`): thinking as `thinking_delta` closed by its `signature_delta`, redacted thinking as a
/// `redacted_thinking` block, text as `text_delta`, and each tool call as a `tool_use` block (id and name, empty
/// `input`) whose input streams as `input_json_delta` pieces as the upstream sends them; then `message_delta`
/// with the stop reason and the usage, and `message_stop`.
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
/// Signatures and redacted thinking pass only from an Anthropic upstream: another vendor's signature is not one
/// Anthropic would take back, so its thinking goes out unsigned (and its encrypted blocks not at all).
///
/// Parallel calls: a call's block closes when the next call begins if its input is already whole JSON (the
/// usual case, one call after another, as Anthropic sends them); an upstream that interleaves calls' pieces
/// keeps their blocks open, each delta at its own block index, until the calls end.
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
    private var calls = InboundToolCalls()
    /// Each opened call's block index, by its slot.
    private var toolBlocks: [Int: Int] = [:]
    /// The slots of the tool_use blocks not yet stopped, in the order they opened.
    private var openTools: [Int] = []

    private enum Block: Equatable {
        case text
        /// A thinking block; `signed` once its signature went out, after which more thinking is a new block.
        case thinking(signed: Bool)
    }

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
            if open != .thinking(signed: false) { out += try openThinking() }
            out += delta(type: "thinking_delta", field: "thinking", value: text)
            return out
        case .reasoningSeal(let seal):
            return try self.seal(seal)
        case .toolCall(let piece):
            // A piece is the model answering, even one held back until its call is named: the stream starts.
            var out = try start()
            for step in calls.take(piece) { out += try toolStep(step) }
            return out
        case .attemptFailed:
            calls.attemptEnded()
            return []
        case .finished(let summary):
            return try finish(summary)
        case .failed(let failure):
            guard started else { return [] }
            return try fail(.failure(failure))
        case .planned, .notice, .fallback, .retrying:
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
            return out + closeBlocks() + (try fail(.incomplete(summary)))
        }
        // The text block the non-streamed message has: when text arrived without deltas, or when the answer
        // calls no tool (an empty answer still has its empty text block).
        if !hasStreamedText, !summary.text.isEmpty || summary.toolCalls.isEmpty {
            out += try openBlock(.text, AnthropicWireWords.textBlock(""))
            if !summary.text.isEmpty { out += delta(type: "text_delta", field: "text", value: summary.text) }
        }
        out += closeBlocks()
        // Calls that streamed no pieces go whole.
        for (_, call) in calls.unstreamed(summary) {
            index += 1
            out += try blockStart(AnthropicWireWords.toolUseBlock(call, input: .object([])))
            out += delta(type: "input_json_delta", field: "partial_json", value: AnthropicWireWords.input(call).text)
            out += blockStop(index)
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

    /// A signature closes the open thinking block (or comes with a block of its own when no thinking text
    /// preceded it); redacted data is a block of its own. Only an Anthropic upstream's.
    private mutating func seal(_ seal: ReasoningSeal) throws -> [UInt8] {
        guard seal.origin.wire == .anthropic else { return [] }
        var out = try start()
        if let data = seal.redactedData {
            out += closeBlocks()
            index += 1
            out += try blockStart(.object([("data", .string(data)), ("type", .string("redacted_thinking"))]))
            out += blockStop(index)
        }
        if let signature = seal.signature {
            if open != .thinking(signed: false) { out += try openThinking() }
            out += delta(type: "signature_delta", field: "signature", value: signature)
            open = .thinking(signed: true)
        }
        return out
    }

    /// A call opens its own `tool_use` block; its argument pieces go to that block, by index.
    private mutating func toolStep(_ step: InboundToolCalls.Step) throws -> [UInt8] {
        switch step {
        case .open(let slot, let id, let name):
            var out = try start()
            out += closeOpenBlock()
            // One call after another: the previous one is whole and is closed, as Anthropic sends them.
            for done in openTools where calls.isWhole(slot: done) { out += closeTool(done) }
            index += 1
            toolBlocks[slot] = index
            openTools.append(slot)
            out += try blockStart(.object([("id", .string(id)), ("input", .object([])), ("name", .string(name)),
                                           ("type", .string("tool_use"))]))
            return out
        case .arguments(let slot, let piece):
            guard let block = toolBlocks[slot] else { return [] }
            return delta(type: "input_json_delta", field: "partial_json", value: piece, at: block)
        }
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
        var out = closeBlocks()
        index += 1
        open = kind
        if kind == .text { hasStreamedText = true }
        out += try blockStart(block)
        return out
    }

    private mutating func openThinking() throws -> [UInt8] {
        try openBlock(.thinking(signed: false), .object([("signature", .string("")), ("thinking", .string("")),
                                                        ("type", .string("thinking"))]))
    }

    /// Stops the open text or thinking block and every open tool_use block.
    private mutating func closeBlocks() -> [UInt8] {
        var out = closeOpenBlock()
        for slot in openTools { out += closeTool(slot) }
        return out
    }

    private mutating func closeOpenBlock() -> [UInt8] {
        guard open != nil else { return [] }
        open = nil
        return blockStop(index)
    }

    private mutating func closeTool(_ slot: Int) -> [UInt8] {
        guard let position = openTools.firstIndex(of: slot), let block = toolBlocks[slot] else { return [] }
        openTools.remove(at: position)
        return blockStop(block)
    }

    private func blockStart(_ block: RequestJSON) throws -> [UInt8] {
        var data = Array(#"{"content_block":"#.utf8)
        data += try block.bytes()
        data += Array(#","index":\#(index),"type":"content_block_start"}"#.utf8)
        return AnthropicSSE.event("content_block_start", data: data)
    }

    private func blockStop(_ block: Int) -> [UInt8] {
        AnthropicSSE.event("content_block_stop", data: Array(#"{"index":\#(block),"type":"content_block_stop"}"#.utf8))
    }

    /// One delta, written straight into bytes: it runs per token. `block` defaults to the last one opened.
    private func delta(type: String, field: String, value: String, at block: Int? = nil) -> [UInt8] {
        var data: [UInt8] = []
        data.reserveCapacity(value.utf8.count + 96)
        data += Array(#"{"delta":{"#.utf8)
        RequestJSON.appendString(field, to: &data)
        data.append(UInt8(ascii: ":"))
        RequestJSON.appendString(value, to: &data)
        data += Array(#","type":""#.utf8)
        data += Array(type.utf8)
        data += Array(#""},"index":\#(block ?? index),"type":"content_block_delta"}"#.utf8)
        return AnthropicSSE.event("content_block_delta", data: data)
    }
}
