import Foundation
import SwitchboardCore

/// A Responses API request as the gateway runs it.
struct ResponsesRequest: Sendable {
    var model: String
    var messages: [ChatMessage]
    var maxTokens: Int?
    var temperature: Double?
    var options: ChatOptions
    var stream: Bool
    /// Echoed in the response object, as the API does.
    var instructions: String?
    /// `metadata` as sent: its strings become the request's tags.
    var metadata: JSONValue?
    /// `prompt_cache_key` and `user` as sent: names of the conversation (`GatewaySessionID`); Codex sends its
    /// conversation's id as `prompt_cache_key`.
    var promptCacheKey: JSONValue? = nil
    var user: JSONValue? = nil
    /// The freeform (`custom`) tools, passed on as functions taking `{"input": text}`: their calls go back to
    /// the client as `custom_tool_call` items.
    var customTools: Set<String> = []
}

/// `POST /v1/responses` body -> neutral request, for the subset Codex CLI and the SDKs' plain calls use
/// (reference §2): `input` as a string or items — messages (`input_text`, `output_text`, `input_image`,
/// `input_file`), `function_call`, `function_call_output`, `custom_tool_call`, `custom_tool_call_output`;
/// `instructions` as the system prompt; function `tools` (flat: name, description, parameters) and freeform
/// `custom` tools (Codex's `apply_patch`); `tool_choice`; `max_output_tokens`; `temperature`; `top_p`;
/// `parallel_tool_calls`; `reasoning.effort`; `text.format`; `stream`.
///
/// A routed model knows only functions, so a custom tool goes to it as a function whose one parameter,
/// `input`, is the free text (its grammar, when given, is quoted in the description), and a call of it comes
/// back as the `custom_tool_call` the client offered — the way other Responses gateways carry them.
///
/// Switchboard keeps no responses, so `previous_response_id` and `item_reference` are refused (send the whole
/// conversation with `store: false`, as Codex does). `reasoning` items are left out: their content is another
/// provider's encrypted thinking, which no routed model can read. Built-in tools OpenAI runs itself
/// (`web_search`, `file_search`, `local_shell`…) are refused with their name rather than dropped unseen.
enum ResponsesRequestDecoder {
    static func decode(_ body: [UInt8]) throws(GatewayError) -> ResponsesRequest {
        let json = try InboundJSON.object(from: body)
        let model = try json.required("model").string()
        if json["previous_response_id"] != nil {
            throw GatewayError.badRequest("previous_response_id: Switchboard does not store responses; send the whole "
                                      + "conversation in input (store: false)")
        }
        var messages: [ChatMessage] = []
        let instructions = try json["instructions"]?.string()
        if let instructions, !instructions.isEmpty { messages.append(.system(instructions)) }
        let input = try json.required("input")
        if input.isString {
            messages.append(.user(try input.string()))
        } else {
            var callNames: [String: String] = [:]
            for item in try input.array() { try add(item, to: &messages, callNames: &callNames) }
        }
        guard messages.contains(where: { $0.role != .system }) else {
            throw GatewayError.badRequest("input: at least one input item is required")
        }

        var options = ChatOptions()
        var customTools: Set<String> = []
        if let tools = json["tools"] {
            for item in try tools.array() {
                let (definition, custom) = try tool(item)
                options.tools.append(definition)
                if custom { customTools.insert(definition.name) }
            }
        }
        if let choice = json["tool_choice"] { options.toolChoice = try toolChoice(choice) }
        options.parallelToolCalls = try json["parallel_tool_calls"]?.bool()
        if let effort = try json["reasoning"]?["effort"]?.string() { options.reasoning = try reasoning(effort) }
        if let format = json["text"]?["format"] { options.responseFormat = try responseFormat(format) }
        if let topP = json["top_p"] { options.topP = try topP.double() }
        let maxTokens = try json["max_output_tokens"]?.int()
        if let maxTokens, maxTokens < 1 { throw GatewayError.badRequest("max_output_tokens: must be at least 1") }

        return ResponsesRequest(model: model, messages: messages, maxTokens: maxTokens,
                                temperature: try json["temperature"]?.double(), options: options,
                                stream: try json["stream"]?.bool() ?? false, instructions: instructions,
                                metadata: json["metadata"]?.value, promptCacheKey: json["prompt_cache_key"]?.value,
                                user: json["user"]?.value, customTools: customTools)
    }

    private static func add(_ item: InboundJSON, to messages: inout [ChatMessage],
                            callNames: inout [String: String]) throws(GatewayError) {
        // An item with a role and no type is a message (the SDKs' "easy input message").
        let type = try item["type"]?.string() ?? (item["role"] != nil ? "message" : "")
        switch type {
        case "message":
            messages.append(try message(item))
        case "function_call", "custom_tool_call":
            let arguments = type == "custom_tool_call"
                ? try ResponsesWireWords.customArguments(item.required("input").string())
                : try item["arguments"]?.string() ?? "{}"
            let call = ToolCall(id: try item.required("call_id").string(), name: try item.required("name").string(),
                                arguments: arguments)
            callNames[call.id] = call.name
            // Calls join the assistant message they follow: one assistant turn, as every wire wants it.
            if let last = messages.last, last.role == .assistant, !last.parts.contains(where: isToolResult) {
                messages[messages.count - 1].parts.append(.toolCall(call))
            } else {
                messages.append(ChatMessage(role: .assistant, parts: [.toolCall(call)]))
            }
        case "function_call_output", "custom_tool_call_output":
            let id = try item.required("call_id").string()
            let output = try item.required("output")
            let content: [ContentPart] = output.isString ? [.text(try output.string())] : try parts(output)
            messages.append(.toolResult(ToolResult(callID: id, content: content, name: callNames[id])))
        case "reasoning":
            return
        case "item_reference":
            throw GatewayError.badRequest("\(item.path): Switchboard does not store items; send the item itself")
        case "":
            throw GatewayError.badRequest("\(item.path).type: Field required")
        default:
            throw GatewayError.badRequest("\(item.path).type: Switchboard does not take \(type) items")
        }
    }

    private static func isToolResult(_ part: ContentPart) -> Bool {
        if case .toolResult = part { true } else { false }
    }

    private static func message(_ item: InboundJSON) throws(GatewayError) -> ChatMessage {
        let roleName = try item.required("role").string()
        let role: Role
        switch roleName {
        case "user": role = .user
        case "assistant": role = .assistant
        case "system", "developer": role = .system
        default: throw GatewayError.badRequest("\(item.path).role: must be user, assistant, system or developer, not \(roleName)")
        }
        let content = try item.required("content")
        if content.isString { return ChatMessage(role: role, text: try content.string()) }
        return ChatMessage(role: role, parts: try parts(content))
    }

    /// Content parts: text of any of its names, images as data: or http(s) URLs, files as data: URLs.
    private static func parts(_ content: InboundJSON) throws(GatewayError) -> [ContentPart] {
        var parts: [ContentPart] = []
        for part in try content.array() {
            let type = try part.required("type").string()
            switch type {
            case "input_text", "output_text", "text":
                parts.append(.text(try part.required("text").string()))
            case "refusal":
                parts.append(.text(try part.required("refusal").string()))
            case "input_image":
                guard let url = part["image_url"] else {
                    throw GatewayError.badRequest("\(part.path): images are taken as image_url (a data: or http URL), not file_id")
                }
                parts.append(.image(ImagePart(try media(url))))
            case "input_file":
                guard let data = part["file_data"] else {
                    throw GatewayError.badRequest("\(part.path): files are taken as file_data (a data: URL), not file_id or file_url")
                }
                parts.append(.document(DocumentPart(try media(data), name: try part["filename"]?.string())))
            default:
                throw GatewayError.badRequest("\(part.path).type: Switchboard does not take \(type) content")
            }
        }
        return parts
    }

    /// `data:<type>;base64,<bytes>` as bytes, an http(s) URL as a URL.
    private static func media(_ value: InboundJSON) throws(GatewayError) -> MediaSource {
        let text = try value.string()
        if text.hasPrefix("data:") {
            guard let comma = text.firstIndex(of: ","), text[..<comma].hasSuffix(";base64"),
                  let data = Data(base64Encoded: String(text[text.index(after: comma)...]), options: .ignoreUnknownCharacters) else {
                throw GatewayError.badRequest("\(value.path): a data: URL must be base64 (data:<type>;base64,...)")
            }
            let mediaType = String(text[text.index(text.startIndex, offsetBy: 5)..<comma].dropLast(";base64".count))
            return .bytes(data, mediaType: mediaType.isEmpty ? "application/octet-stream" : mediaType)
        }
        guard let url = URL(string: text), url.scheme == "https" || url.scheme == "http" else {
            throw GatewayError.badRequest("\(value.path): not a data: or http(s) URL")
        }
        return .url(url)
    }

    /// The tool as the routed model sees it, and whether it is a freeform `custom` tool.
    private static func tool(_ tool: InboundJSON) throws(GatewayError) -> (ToolDefinition, Bool) {
        let type = try tool.required("type").string()
        let name = try tool.required("name").string()
        let description = try tool["description"]?.string()
        switch type {
        case "function":
            guard let parameters = try tool["parameters"]?.jsonText() ?? noParameters else {
                throw GatewayError.badRequest("\(tool.path).parameters: Field required")
            }
            return (ToolDefinition(name: name, description: description, parameters: parameters), false)
        case "custom":
            guard let parameters = freeformParameters else {
                throw GatewayError.badRequest("\(tool.path): the freeform tool's parameters could not be written")
            }
            var text = description ?? ""
            if let format = tool["format"], try format["type"]?.string() == "grammar",
               let definition = try format["definition"]?.string() {
                let syntax = try format["syntax"]?.string() ?? "grammar"
                text += (text.isEmpty ? "" : "\n\n") + "The input is free text matching this \(syntax) grammar:\n" + definition
            }
            return (ToolDefinition(name: name, description: text.isEmpty ? nil : text, parameters: parameters), true)
        default:
            throw GatewayError.badRequest("\(tool.path).type: \(type) tools are not supported by Switchboard; "
                                          + "only function and custom tools are passed to the routed model")
        }
    }

    /// A freeform tool's one parameter: its text.
    private static let freeformParameters = try? JSONText(
        #"{"additionalProperties":false,"properties":{"input":{"description":"The tool's input, as free text.","type":"string"}},"required":["input"],"type":"object"}"#)

    /// A function without parameters takes an empty object.
    private static let noParameters = try? JSONText(#"{"properties":{},"type":"object"}"#)

    private static func toolChoice(_ choice: InboundJSON) throws(GatewayError) -> ToolChoice {
        if choice.isString {
            let word = try choice.string()
            switch word {
            case "auto": return .auto
            case "none": return .none
            case "required": return .required
            default: throw GatewayError.badRequest("tool_choice: must be auto, none or required, not \(word)")
            }
        }
        let type = try choice.required("type").string()
        guard type == "function" || type == "custom" else {
            throw GatewayError.badRequest("tool_choice.type: must be function or custom, not \(type)")
        }
        return .tool(try choice.required("name").string())
    }

    /// `minimal` is the lowest effort every routed wire has (low); `none` turns thinking off.
    private static func reasoning(_ effort: String) throws(GatewayError) -> ReasoningSetting {
        switch effort {
        case "none": return .off
        case "minimal", "low": return .effort(.low)
        case "medium": return .effort(.medium)
        case "high", "xhigh": return .effort(.high)
        default: throw GatewayError.badRequest("reasoning.effort: must be none, minimal, low, medium or high, not \(effort)")
        }
    }

    private static func responseFormat(_ format: InboundJSON) throws(GatewayError) -> ResponseFormat {
        let type = try format.required("type").string()
        switch type {
        case "text": return .text
        case "json_object": return .jsonObject
        case "json_schema":
            return .jsonSchema(name: try format["name"]?.string() ?? "response", schema: try format.required("schema").jsonText(),
                               strict: try format["strict"]?.bool() ?? false)
        default: throw GatewayError.badRequest("text.format.type: must be text, json_object or json_schema, not \(type)")
        }
    }
}
