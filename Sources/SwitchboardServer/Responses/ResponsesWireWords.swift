import Foundation
import SwitchboardCore

/// The neutral reply in the Responses API's words, shared by the streamed and the whole-response encoders:
/// output items, usage, the response object around them, and how the turn ended.
enum ResponsesWireWords {
    /// How a finished turn ends a response: `completed`, or `incomplete` with the reason when the output limit or
    /// a content filter cut it.
    static func ending(_ summary: TurnSummary) -> (status: String, incompleteReason: String?) {
        switch AnthropicWireWords.stopReason(summary) {
        case "max_tokens", "model_context_window_exceeded": ("incomplete", "max_output_tokens")
        case "refusal": ("incomplete", "content_filter")
        default: ("completed", nil)
        }
    }

    /// `input_tokens` counts every prompt token, cached ones included (`cached_tokens` says how many of them),
    /// as OpenAI reports it.
    static func usage(_ usage: Usage) -> RequestJSON {
        .object([
            ("input_tokens", .int(usage.promptTotal)),
            ("input_tokens_details", .object([("cache_write_tokens", .int(usage.cacheWrite + usage.cacheWrite1h)),
                                              ("cached_tokens", .int(usage.cacheRead))])),
            ("output_tokens", .int(usage.output)),
            ("output_tokens_details", .object([("reasoning_tokens", .int(usage.reasoning))])),
            ("total_tokens", .int(usage.total)),
        ])
    }

    static func outputText(_ text: String) -> RequestJSON {
        .object([("annotations", .array([])), ("text", .string(text)), ("type", .string("output_text"))])
    }

    static func message(id: String, text: String?, status: String) -> RequestJSON {
        .object([
            ("content", .array(text.map { [outputText($0)] } ?? [])),
            ("id", .string(id)),
            ("role", .string("assistant")),
            ("status", .string(status)),
            ("type", .string("message")),
        ])
    }

    static func summaryText(_ text: String) -> RequestJSON {
        .object([("text", .string(text)), ("type", .string("summary_text"))])
    }

    /// The model's thinking, whichever provider wrote it, as a reasoning item's summary.
    static func reasoning(id: String, text: String?) -> RequestJSON {
        .object([("id", .string(id)), ("summary", .array(text.map { [summaryText($0)] } ?? [])),
                 ("type", .string("reasoning"))])
    }

    static func functionCall(id: String, call: ToolCall, arguments: String, status: String) -> RequestJSON {
        .object([
            ("arguments", .string(arguments)),
            ("call_id", .string(call.id)),
            ("id", .string(id)),
            ("name", .string(call.name)),
            ("status", .string(status)),
            ("type", .string("function_call")),
        ])
    }

    /// A call of a freeform tool, with the text the model gave as its `input`.
    static func customToolCall(id: String, call: ToolCall, input: String, status: String) -> RequestJSON {
        .object([
            ("call_id", .string(call.id)),
            ("id", .string(id)),
            ("input", .string(input)),
            ("name", .string(call.name)),
            ("status", .string(status)),
            ("type", .string("custom_tool_call")),
        ])
    }

    /// The arguments a freeform tool's text travels in to the routed model: `{"input": text}`.
    static func customArguments(_ input: String) -> String {
        var bytes = Array(#"{"input":"#.utf8)
        RequestJSON.appendString(input, to: &bytes)
        bytes.append(UInt8(ascii: "}"))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A freeform tool's text back out of the routed model's arguments; arguments that are not
    /// `{"input": text}` are passed on as they were written, for the client's tool to refuse.
    static func customInput(_ call: ToolCall) -> String {
        guard let object = try? JSONValue(parsing: call.arguments), case .object(let members) = object,
              case .string(let input)? = members["input"] else { return call.arguments }
        return input
    }

    /// One call as its item: a freeform tool's as `custom_tool_call`, any other as `function_call`.
    static func call(_ call: ToolCall, index: Int, ids: ResponsesIDs, custom: Set<String>, status: String) -> RequestJSON {
        custom.contains(call.name)
            ? customToolCall(id: ids.customCall(index), call: call, input: customInput(call), status: status)
            : functionCall(id: ids.call(index), call: call, arguments: call.arguments, status: status)
    }

    /// The items of a finished turn, in the order they stream: thinking, the message, the calls.
    static func output(_ summary: TurnSummary, ids: ResponsesIDs, custom: Set<String> = []) -> [RequestJSON] {
        var items: [RequestJSON] = []
        let thinking = summary.reasoning.map(\.text).joined()
        if !thinking.isEmpty { items.append(reasoning(id: ids.reasoning(0), text: thinking)) }
        if !summary.text.isEmpty || summary.toolCalls.isEmpty {
            items.append(message(id: ids.message(0), text: summary.text, status: "completed"))
        }
        for (index, call) in summary.toolCalls.enumerated() {
            items.append(self.call(call, index: index, ids: ids, custom: custom, status: "completed"))
        }
        return items
    }

    /// The response object. `usage` nil while in progress; `error` for a failed response.
    static func response(_ request: ResponsesEcho, ids: ResponsesIDs, model: String, status: String,
                         output: [RequestJSON], usage: Usage?, incompleteReason: String? = nil,
                         error: (code: String, message: String)? = nil) -> RequestJSON {
        .object([
            ("created_at", .int(ids.createdAt)),
            ("error", error.map { .object([("code", .string($0.code)), ("message", .string($0.message))]) } ?? .null),
            ("id", .string(ids.response)),
            ("incomplete_details", incompleteReason.map { .object([("reason", .string($0))]) } ?? .null),
            ("instructions", request.instructions.map(RequestJSON.string) ?? .null),
            ("max_output_tokens", request.maxTokens.map(RequestJSON.int) ?? .null),
            ("metadata", request.metadata),
            ("model", .string(model)),
            ("object", .string("response")),
            ("output", .array(output)),
            ("parallel_tool_calls", .bool(request.parallelToolCalls)),
            ("previous_response_id", .null),
            ("reasoning", .object([("effort", request.effort.map(RequestJSON.string) ?? .null), ("summary", .null)])),
            ("status", .string(status)),
            ("store", .bool(false)),
            ("temperature", request.temperature.map(RequestJSON.double) ?? .null),
            ("text", .object([("format", .object([("type", .string("text"))]))])),
            ("tool_choice", request.toolChoice),
            ("tools", .array(request.tools)),
            ("top_p", request.topP.map(RequestJSON.double) ?? .null),
            ("truncation", .string("disabled")),
            ("usage", usage.map(self.usage) ?? .null),
        ])
    }
}

/// What the response object repeats of the request, as the API does.
struct ResponsesEcho: Sendable {
    var instructions: String?
    var maxTokens: Int?
    var temperature: Double?
    var topP: Double?
    var parallelToolCalls: Bool
    var effort: String?
    var toolChoice: RequestJSON
    var tools: [RequestJSON]
    /// The freeform tools, whose calls are `custom_tool_call` items.
    var customTools: Set<String>
    var metadata: RequestJSON

    init(_ request: ResponsesRequest) {
        instructions = request.instructions
        maxTokens = request.maxTokens
        temperature = request.temperature
        topP = request.options.topP
        parallelToolCalls = request.options.parallelToolCalls ?? true
        effort = switch request.options.reasoning {
        case .effort(let level)?: level.rawValue
        case .off?: "none"
        default: nil
        }
        toolChoice = switch request.options.toolChoice {
        case nil, .auto?: .string("auto")
        case ToolChoice.none?: .string("none")
        case .required?: .string("required")
        case .tool(let name)?: .object([("name", .string(name)), ("type", .string("function"))])
        }
        customTools = request.customTools
        metadata = request.metadata.map(WireJSON.requestJSON) ?? .object([])
        tools = request.options.tools.map { [customTools] tool in
            if customTools.contains(tool.name) {
                return .object([("name", .string(tool.name)), ("type", .string("custom"))])
            }
            return .object([("description", tool.description.map(RequestJSON.string) ?? .null), ("name", .string(tool.name)),
                            ("parameters", .raw(tool.parameters)), ("strict", .bool(false)), ("type", .string("function"))])
        }
    }
}

/// The ids of one response and its items, all from the gateway's request id so they can be found again.
struct ResponsesIDs: Sendable {
    let base: String
    let createdAt: Int

    init(requestID: String, createdAt: Int) {
        base = String(requestID.filter { $0.isLetter || $0.isNumber })
        self.createdAt = createdAt
    }

    var response: String { "resp_" + base }
    func message(_ index: Int) -> String { "msg_\(base)_\(index)" }
    func reasoning(_ index: Int) -> String { "rs_\(base)_\(index)" }
    func call(_ index: Int) -> String { "fc_\(base)_\(index)" }
    func customCall(_ index: Int) -> String { "ctc_\(base)_\(index)" }
}
