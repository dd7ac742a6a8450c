import Foundation
import SwitchboardCore

/// An Anthropic Messages request as the gateway runs it: the neutral conversation and options, plus what the
/// route glue needs (the model as the client named it, streaming or not, the caller's user id).
struct AnthropicMessagesRequest: Sendable {
    var model: String
    var messages: [ChatMessage]
    /// Required by the API for a turn; `count_tokens` takes none.
    var maxTokens: Int?
    var temperature: Double?
    var options: ChatOptions
    var stream: Bool
    /// `metadata` as sent (`user_id`): its strings become the request's tags.
    var metadata: JSONValue?
}

/// `POST /v1/messages` body -> neutral request (reference §3): `system` as a string or text blocks; messages of
/// `user` / `assistant` turns holding a string or blocks (`text`, `image` as base64 or URL, `document`,
/// `tool_use`, `tool_result`, `thinking`, `redacted_thinking`); custom `tools`; `tool_choice`; `thinking`;
/// `max_tokens` (required, as the API requires it); `temperature`, `top_p`, `stop_sequences`,
/// `metadata.user_id`. A user turn's `tool_result` blocks become `tool` messages ahead of the rest of the turn,
/// the neutral form every adapter expects. `cache_control` marks are ignored: the engine places its own.
enum AnthropicRequestDecoder {
    /// `counting`: a `count_tokens` body, which has no `max_tokens`.
    static func decode(_ body: [UInt8], counting: Bool = false) throws(GatewayError) -> AnthropicMessagesRequest {
        let json = try InboundJSON.object(from: body)
        let model = try json.required("model").string()
        let maxTokens = counting ? try json["max_tokens"]?.int() : try json.required("max_tokens").int()
        if let maxTokens, maxTokens < 1 { throw GatewayError.badRequest("max_tokens: must be at least 1") }

        var messages: [ChatMessage] = []
        if let system = json["system"] { messages += try systemMessages(system) }
        let turns = try json.required("messages").array()
        guard !turns.isEmpty else { throw GatewayError.badRequest("messages: at least one message is required") }
        var callNames: [String: String] = [:]
        for turn in turns { messages += try self.messages(turn, callNames: &callNames) }

        var options = ChatOptions()
        if let tools = json["tools"] { options.tools = try tools.array().map(tool) }
        if let choice = json["tool_choice"] {
            (options.toolChoice, options.parallelToolCalls) = try toolChoice(choice)
        }
        if let thinking = json["thinking"] { options.reasoning = try reasoning(thinking, json: json) }
        if let stops = json["stop_sequences"] { options.stopSequences = try stops.strings() }
        if let topP = json["top_p"] { options.topP = try topP.double() }

        return AnthropicMessagesRequest(
            model: model, messages: messages, maxTokens: maxTokens,
            temperature: try json["temperature"]?.double(), options: options,
            stream: try json["stream"]?.bool() ?? false,
            metadata: json["metadata"]?.value)
    }

    /// One system message per text block, in order (the Anthropic adapter joins them again with blank lines).
    private static func systemMessages(_ system: InboundJSON) throws(GatewayError) -> [ChatMessage] {
        if system.isString { return [.system(try system.string())] }
        var out: [ChatMessage] = []
        for block in try system.array() {
            let type = try block.required("type").string()
            guard type == "text" else { throw GatewayError.badRequest("\(block.path).type: system blocks must be text, not \(type)") }
            out.append(.system(try block.required("text").string()))
        }
        return out
    }

    private static func messages(_ turn: InboundJSON, callNames: inout [String: String]) throws(GatewayError) -> [ChatMessage] {
        let roleName = try turn.required("role").string()
        let role: Role
        switch roleName {
        case "user": role = .user
        case "assistant": role = .assistant
        default: throw GatewayError.badRequest("\(turn.path).role: must be user or assistant, not \(roleName)")
        }
        let content = try turn.required("content")
        if content.isString { return [ChatMessage(role: role, text: try content.string())] }

        var out: [ChatMessage] = []
        var parts: [ContentPart] = []
        for block in try content.array() {
            let type = try block.required("type").string()
            switch (type, role) {
            case ("text", _):
                parts.append(.text(try block.required("text").string()))
            case ("image", _):
                parts.append(.image(ImagePart(try source(block.required("source")))))
            case ("document", _):
                parts.append(.document(try document(block)))
            case ("tool_use", .assistant):
                let call = ToolCall(id: try block.required("id").string(), name: try block.required("name").string(),
                                    arguments: try block["input"]?.jsonText().text ?? "{}")
                callNames[call.id] = call.name
                parts.append(.toolCall(call))
            case ("thinking", .assistant):
                parts.append(.reasoning(ReasoningPart(text: try block.required("thinking").string(),
                                                      signature: try block["signature"]?.string(), origin: origin)))
            case ("redacted_thinking", .assistant):
                parts.append(.reasoning(ReasoningPart(text: "", redactedData: try block.required("data").string(),
                                                      origin: origin)))
            case ("tool_result", .user):
                // A tool message answers a call; what the person wrote around it stays a user message after it.
                if !parts.isEmpty { out.append(ChatMessage(role: .user, parts: parts)); parts = [] }
                out.append(.toolResult(try toolResult(block, callNames: callNames)))
            case ("tool_use", _), ("thinking", _), ("redacted_thinking", _), ("tool_result", _):
                throw GatewayError.badRequest("\(block.path).type: a \(type) block cannot be in a \(roleName) message")
            default:
                throw GatewayError.badRequest("\(block.path).type: Switchboard does not take \(type) blocks")
            }
        }
        if !parts.isEmpty || out.isEmpty { out.append(ChatMessage(role: role, parts: parts)) }
        return out
    }

    /// Thinking a client sends back came from an Anthropic model through this gateway or Anthropic itself: only the
    /// Anthropic wire may take it back (its signature is checked there).
    private static let origin = ReasoningOrigin(wire: .anthropic, provider: "anthropic")

    private static func toolResult(_ block: InboundJSON, callNames: [String: String]) throws(GatewayError) -> ToolResult {
        let id = try block.required("tool_use_id").string()
        var content: [ContentPart] = []
        if let value = block["content"] {
            if value.isString {
                content = [.text(try value.string())]
            } else {
                for item in try value.array() {
                    let type = try item.required("type").string()
                    switch type {
                    case "text": content.append(.text(try item.required("text").string()))
                    case "image": content.append(.image(ImagePart(try source(item.required("source")))))
                    case "document": content.append(.document(try document(item)))
                    default: throw GatewayError.badRequest("\(item.path).type: a tool result cannot hold \(type) blocks")
                    }
                }
            }
        }
        return ToolResult(callID: id, content: content, isError: try block["is_error"]?.bool() ?? false,
                          name: callNames[id])
    }

    /// `base64` (with `media_type`), `url`, or for documents `text` (plain text in `data`).
    private static func source(_ source: InboundJSON) throws(GatewayError) -> MediaSource {
        let type = try source.required("type").string()
        switch type {
        case "base64":
            let encoded = try source.required("data").string()
            guard let data = Data(base64Encoded: encoded, options: .ignoreUnknownCharacters) else {
                throw GatewayError.badRequest("\(source.path).data: not valid base64")
            }
            return .bytes(data, mediaType: try source.required("media_type").string())
        case "url":
            let text = try source.required("url").string()
            guard let url = URL(string: text), url.scheme == "https" || url.scheme == "http" else {
                throw GatewayError.badRequest("\(source.path).url: not an http(s) URL")
            }
            return .url(url)
        case "text":
            return .bytes(Data(try source.required("data").string().utf8), mediaType: "text/plain")
        default:
            throw GatewayError.badRequest("\(source.path).type: Switchboard takes base64, url or text sources, not \(type)")
        }
    }

    private static func document(_ block: InboundJSON) throws(GatewayError) -> DocumentPart {
        DocumentPart(try source(block.required("source")), name: try block["title"]?.string())
    }

    /// Custom tools only: a server tool (`web_search_…`, `bash_…`) runs on Anthropic's side, which a routed
    /// request may not reach, so it is refused rather than silently dropped.
    private static func tool(_ tool: InboundJSON) throws(GatewayError) -> ToolDefinition {
        if let type = try tool["type"]?.string(), type != "custom" {
            throw GatewayError.badRequest("\(tool.path).type: \(type) is a server tool, which Switchboard does not run; "
                                      + "only custom tools (name, input_schema) are taken")
        }
        return ToolDefinition(name: try tool.required("name").string(), description: try tool["description"]?.string(),
                              parameters: try tool.required("input_schema").jsonText())
    }

    private static func toolChoice(_ choice: InboundJSON) throws(GatewayError) -> (ToolChoice?, Bool?) {
        let serial = try choice["disable_parallel_tool_use"]?.bool() == true ? false : nil as Bool?
        let type = try choice.required("type").string()
        switch type {
        case "auto": return (.auto, serial)
        case "any": return (.required, serial)
        case "none": return (ToolChoice.none, nil)
        case "tool": return (.tool(try choice.required("name").string()), serial)
        default: throw GatewayError.badRequest("\(choice.path).type: must be auto, any, tool or none, not \(type)")
        }
    }

    /// `enabled` with `budget_tokens`; `disabled`; `adaptive` (the model decides how much) as an effort, from
    /// `output_config.effort` when given (`max` as high), else medium.
    private static func reasoning(_ thinking: InboundJSON, json: InboundJSON) throws(GatewayError) -> ReasoningSetting {
        let type = try thinking.required("type").string()
        switch type {
        case "enabled": return .budget(tokens: try thinking.required("budget_tokens").int())
        case "disabled": return .off
        case "adaptive":
            let effort = try json["output_config"]?["effort"]?.string()
            return .effort(effort.flatMap(ReasoningEffort.init(rawValue:)) ?? (effort == "max" ? .high : .medium))
        default: throw GatewayError.badRequest("\(thinking.path).type: must be enabled, disabled or adaptive, not \(type)")
        }
    }
}
