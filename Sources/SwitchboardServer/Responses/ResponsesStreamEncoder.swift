import Foundation
import SwitchboardCore

/// Engine events -> a Responses API stream (reference §2): `event: <type>` and `data: {...}` with a
/// `sequence_number` on every event. `response.created` and `response.in_progress`, then each output item
/// (`response.output_item.added` … `response.output_item.done`): thinking as a reasoning item's summary
/// (`response.reasoning_summary_text.delta`), text as a message (`response.content_part.added`,
/// `response.output_text.delta` … `.done`, `response.content_part.done`), and each tool call as a
/// `function_call` item whose arguments stream as the upstream sends them (`response.output_item.added`, then
/// `response.function_call_arguments.delta` pieces, `.done`, `response.output_item.done`), or for a freeform
/// tool a `custom_tool_call` item (`response.custom_tool_call_input.delta` / `.done`) whose deltas are the text
/// decoded from the routed model's `{"input": …}` arguments as they arrive. Then one terminal event:
/// `response.completed` (with usage), `response.incomplete` (the output limit or a filter cut it) or
/// `response.failed` (the turn failed, or the answer broke off).
///
/// Parallel calls each have their own item and `output_index`; a call's item is done when the next call begins
/// if its arguments are already whole JSON, else (an upstream that interleaves calls) when the calls end.
///
/// As with the other wires, nothing is written until the answer starts, so a turn that fails before its first
/// token is answered with an HTTP error instead.
struct ResponsesStreamEncoder: InboundStreamEncoder {
    let request: ResponsesEcho
    let ids: ResponsesIDs
    let requestedModel: String

    private(set) var started = false
    private var sequence = 0
    private var model: String?
    /// The items that are done, with their `output_index`: calls may finish out of order.
    private var done: [(index: Int, item: RequestJSON)] = []
    private var nextIndex = 0
    private var open: OpenItem?
    private var hasStreamedText = false
    private var messages = 0
    private var thoughts = 0
    private var calls = InboundToolCalls()
    /// Each streamed call's item, by slot; `openCalls` are the slots whose item is not done yet.
    private var callItems: [Int: CallItem] = [:]
    private var openCalls: [Int] = []

    private struct CallItem {
        var id: String
        var callID: String
        var name: String
        var index: Int
        /// A freeform tool's call: its text, decoded from the arguments as they come; nil for a function call.
        var custom: ResponsesCustomInputStream?
    }

    private var output: [RequestJSON] { done.sorted { $0.index < $1.index }.map(\.item) }

    private struct OpenItem {
        enum Kind { case message, reasoning }
        var kind: Kind
        var id: String
        var index: Int
        var text = ""
    }

    init(request: ResponsesEcho, ids: ResponsesIDs, requestedModel: String) {
        self.request = request
        self.ids = ids
        self.requestedModel = requestedModel
    }

    /// The bytes to send for `event`; empty when it shows nothing (see `AnthropicStreamEncoder.encode`).
    mutating func encode(_ event: EngineEvent) throws -> [UInt8] {
        switch event {
        case .routed(let info, _):
            if !started { model = info.model }
            return []
        case .delta(let text):
            guard !text.isEmpty else { return [] }
            var out = try start()
            if open?.kind != .message { out += try openMessage() }
            out += textDelta(text, type: "response.output_text.delta", indexKey: "content_index")
            return out
        case .reasoning(let text):
            guard !text.isEmpty else { return [] }
            var out = try start()
            if open?.kind != .reasoning { out += try openReasoning() }
            out += textDelta(text, type: "response.reasoning_summary_text.delta", indexKey: "summary_index")
            return out
        case .toolCall(let piece):
            // A piece is the model answering, even one held back (unnamed yet, or a freeform tool's): it starts.
            var out = try start()
            for step in calls.take(piece) { out += try callStep(step) }
            return out
        case .attemptFailed:
            calls.attemptEnded()
            return []
        case .finished(let summary):
            return try finish(summary)
        case .failed(let failure):
            guard started else { return [] }
            return try fail(.failure(failure))
        case .planned, .notice, .usage, .reasoningSeal, .fallback, .retrying:
            // Thinking is a summary here: no signature or encrypted content goes out.
            return []
        }
    }

    /// `response.failed` for a failure after the stream began, with the gateway's code for it.
    mutating func fail(_ error: GatewayError) throws -> [UInt8] {
        let response = ResponsesWireWords.response(request, ids: ids, model: model ?? requestedModel, status: "failed",
                                                   output: output, usage: nil,
                                                   error: (error.code ?? error.type, error.message))
        return try event("response.failed", [("response", response)])
    }

    private mutating func finish(_ summary: TurnSummary) throws -> [UInt8] {
        model = model ?? summary.route.model
        var out = try start()
        out += try closeItem()
        // Broken upstream, or stopped (shutdown, client gone: then nobody reads it).
        if !summary.complete { return out + (try fail(.incomplete(summary))) }
        if !hasStreamedText, !summary.text.isEmpty || summary.toolCalls.isEmpty {
            out += try openMessage()
            if !summary.text.isEmpty {
                out += textDelta(summary.text, type: "response.output_text.delta", indexKey: "content_index")
            }
            out += try closeItem()
        }
        for slot in openCalls { out += try closeCall(slot) }
        for (slot, call, streamed) in calls.final(summary) where !streamed {
            out += try callEvents(call, number: slot)
        }
        let ending = ResponsesWireWords.ending(summary)
        let response = ResponsesWireWords.response(request, ids: ids, model: model ?? summary.route.model,
                                                   status: ending.status, output: output, usage: summary.usage,
                                                   incompleteReason: ending.incompleteReason)
        return out + (try event(ending.status == "completed" ? "response.completed" : "response.incomplete",
                                [("response", response)]))
    }

    /// What a tool-call piece opened or added: a `function_call` item and its argument pieces, or a freeform
    /// tool's `custom_tool_call` item and its decoded text.
    private mutating func callStep(_ step: InboundToolCalls.Step) throws -> [UInt8] {
        switch step {
        case .open(let slot, let callID, let name):
            var out = try start()
            out += try closeItem()
            // One call after another: the previous one is whole and is done, as OpenAI sends them.
            for previous in openCalls where calls.isWhole(slot: previous) {
                out += try closeCall(previous)
            }
            let custom = request.customTools.contains(name)
            let item = CallItem(id: custom ? ids.customCall(slot) : ids.call(slot), callID: callID, name: name,
                                index: reserveIndex(), custom: custom ? ResponsesCustomInputStream() : nil)
            callItems[slot] = item
            openCalls.append(slot)
            let call = ToolCall(id: callID, name: name, arguments: "")
            let pending = custom ? ResponsesWireWords.customToolCall(id: item.id, call: call, input: "", status: "in_progress")
                : ResponsesWireWords.functionCall(id: item.id, call: call, arguments: "", status: "in_progress")
            out += try event("response.output_item.added", [("item", pending), ("output_index", .int(item.index))])
            return out
        case .arguments(let slot, let piece):
            guard var item = callItems[slot] else { return [] }
            var delta = piece
            if var custom = item.custom {
                delta = custom.feed(piece)
                item.custom = custom
                callItems[slot] = item
                guard !delta.isEmpty else { return [] }
            }
            let kind = item.custom == nil ? "response.function_call_arguments.delta" : "response.custom_tool_call_input.delta"
            return try event(kind, [("delta", .string(delta)), ("item_id", .string(item.id)), ("output_index", .int(item.index))])
        }
    }

    /// A streamed call's `.done` events; empty arguments are `{}`, as the recorded reply has them.
    private mutating func closeCall(_ slot: Int) throws -> [UInt8] {
        guard let position = openCalls.firstIndex(of: slot), let item = callItems[slot] else { return [] }
        openCalls.remove(at: position)
        let streamed = calls.arguments(slot: slot)
        let arguments = streamed.isEmpty ? "{}" : streamed
        let place: [(key: String, value: RequestJSON)] = [("item_id", .string(item.id)), ("output_index", .int(item.index))]
        let call = ToolCall(id: item.callID, name: item.name, arguments: arguments)
        var out: [UInt8]
        let finished: RequestJSON
        if item.custom != nil {
            let input = ResponsesWireWords.customInput(call)
            out = try event("response.custom_tool_call_input.done", place + [("input", .string(input))])
            finished = ResponsesWireWords.customToolCall(id: item.id, call: call, input: input, status: "completed")
        } else {
            out = try event("response.function_call_arguments.done",
                            [("arguments", .string(arguments))] + place + [("name", .string(item.name))])
            finished = ResponsesWireWords.functionCall(id: item.id, call: call, arguments: arguments, status: "completed")
        }
        done.append((item.index, finished))
        out += try event("response.output_item.done", [("item", finished), ("output_index", .int(item.index))])
        return out
    }

    private mutating func reserveIndex() -> Int {
        defer { nextIndex += 1 }
        return nextIndex
    }

    /// One call as an item: added, its arguments (a freeform tool's text) in one delta, done.
    private mutating func callEvents(_ call: ToolCall, number: Int) throws -> [UInt8] {
        let index = reserveIndex()
        let custom = request.customTools.contains(call.name)
        let id = custom ? ids.customCall(number) : ids.call(number)
        let text = custom ? ResponsesWireWords.customInput(call) : call.arguments
        let kind = custom ? "response.custom_tool_call_input" : "response.function_call_arguments"
        let pending = custom ? ResponsesWireWords.customToolCall(id: id, call: call, input: "", status: "in_progress")
            : ResponsesWireWords.functionCall(id: id, call: call, arguments: "", status: "in_progress")
        var out = try event("response.output_item.added", [("item", pending), ("output_index", .int(index))])
        out += try event(kind + ".delta", [("delta", .string(text)), ("item_id", .string(id)), ("output_index", .int(index))])
        var done: [(key: String, value: RequestJSON)] = [("item_id", .string(id)), ("output_index", .int(index))]
        done += custom ? [("input", .string(text))] : [("arguments", .string(text)), ("name", .string(call.name))]
        out += try event(kind + ".done", done)
        let item = ResponsesWireWords.call(call, index: number, ids: ids, custom: request.customTools, status: "completed")
        self.done.append((index, item))
        out += try event("response.output_item.done", [("item", item), ("output_index", .int(index))])
        return out
    }

    private mutating func start() throws -> [UInt8] {
        guard !started else { return [] }
        started = true
        let response = ResponsesWireWords.response(request, ids: ids, model: model ?? requestedModel,
                                                   status: "in_progress", output: [], usage: nil)
        return try event("response.created", [("response", response)])
            + event("response.in_progress", [("response", response)])
    }

    private mutating func openMessage() throws -> [UInt8] {
        var out = try closeItem()
        let item = OpenItem(kind: .message, id: ids.message(messages), index: reserveIndex())
        messages += 1
        hasStreamedText = true
        open = item
        out += try event("response.output_item.added", [
            ("item", ResponsesWireWords.message(id: item.id, text: nil, status: "in_progress")),
            ("output_index", .int(item.index)),
        ])
        out += try event("response.content_part.added", [
            ("content_index", .int(0)), ("item_id", .string(item.id)), ("output_index", .int(item.index)),
            ("part", ResponsesWireWords.outputText("")),
        ])
        return out
    }

    private mutating func openReasoning() throws -> [UInt8] {
        var out = try closeItem()
        let item = OpenItem(kind: .reasoning, id: ids.reasoning(thoughts), index: reserveIndex())
        thoughts += 1
        open = item
        out += try event("response.output_item.added", [
            ("item", ResponsesWireWords.reasoning(id: item.id, text: nil)), ("output_index", .int(item.index)),
        ])
        out += try event("response.reasoning_summary_part.added", [
            ("item_id", .string(item.id)), ("output_index", .int(item.index)),
            ("part", ResponsesWireWords.summaryText("")), ("summary_index", .int(0)),
        ])
        return out
    }

    /// Ends the open item with its `.done` events and keeps it for the final response object.
    private mutating func closeItem() throws -> [UInt8] {
        guard let item = open else { return [] }
        open = nil
        let place: [(key: String, value: RequestJSON)] = [("item_id", .string(item.id)), ("output_index", .int(item.index))]
        var out: [UInt8] = []
        let done: RequestJSON
        switch item.kind {
        case .message:
            out += try event("response.output_text.done", place + [
                ("content_index", .int(0)), ("logprobs", .array([])), ("text", .string(item.text)),
            ])
            out += try event("response.content_part.done", place + [
                ("content_index", .int(0)), ("part", ResponsesWireWords.outputText(item.text)),
            ])
            done = ResponsesWireWords.message(id: item.id, text: item.text, status: "completed")
        case .reasoning:
            out += try event("response.reasoning_summary_text.done", place + [
                ("summary_index", .int(0)), ("text", .string(item.text)),
            ])
            out += try event("response.reasoning_summary_part.done", place + [
                ("part", ResponsesWireWords.summaryText(item.text)), ("summary_index", .int(0)),
            ])
            done = ResponsesWireWords.reasoning(id: item.id, text: item.text)
        }
        self.done.append((item.index, done))
        out += try event("response.output_item.done", [("item", done), ("output_index", .int(item.index))])
        return out
    }

    /// One text delta, written straight into bytes: it runs per token.
    private mutating func textDelta(_ text: String, type: String, indexKey: String) -> [UInt8] {
        guard var item = open else { return [] }
        item.text += text
        open = item
        var data: [UInt8] = []
        data.reserveCapacity(text.utf8.count + item.id.utf8.count + 160)
        data += Array("{\"\(indexKey)\":0,\"delta\":".utf8)
        RequestJSON.appendString(text, to: &data)
        data += Array(",\"item_id\":".utf8)
        RequestJSON.appendString(item.id, to: &data)
        if type == "response.output_text.delta" { data += Array(#","logprobs":[]"#.utf8) }
        data += Array(",\"output_index\":\(item.index),\"sequence_number\":\(sequence),\"type\":\"\(type)\"}".utf8)
        sequence += 1
        return Self.sse(type, data)
    }

    private mutating func event(_ type: String, _ members: [(key: String, value: RequestJSON)]) throws -> [UInt8] {
        let data = try RequestJSON.object(members + [("sequence_number", .int(sequence)), ("type", .string(type))]).bytes()
        sequence += 1
        return Self.sse(type, data)
    }

    static func sse(_ type: String, _ data: [UInt8]) -> [UInt8] {
        AnthropicSSE.event(type, data: data)
    }
}
