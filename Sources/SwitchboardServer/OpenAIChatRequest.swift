import Foundation
import SwitchboardCore

/// OpenAI's Chat Completions request (with OpenRouter's extensions) decoded into a neutral `InboundTurn`. Pure:
/// bytes in, a turn or a 400 naming the field out.
public struct OpenAIChatRequest: Sendable {
    public var turn: InboundTurn
    /// `stream_options.include_usage`: a last chunk with `usage` (and `choices: []`) before `[DONE]`.
    public var includeUsage: Bool

    public static func decode(_ bytes: [UInt8]) throws(GatewayError) -> OpenAIChatRequest {
        let body = try WireJSON.parse(bytes)
        guard let items = try WireJSON.array(body["messages"], "messages"), !items.isEmpty else {
            throw .badRequest("'messages' must be a non-empty array", code: "invalid_messages")
        }
        var messages: [ChatMessage] = []
        for (index, item) in items.enumerated() {
            messages.append(try message(item, at: index))
        }
        if let n = try WireJSON.int(body["n"], "n"), n != 1 {
            throw .badRequest("'n' other than 1 is not supported: ask for each choice in its own request", code: "unsupported_parameter")
        }
        var options = ChatOptions()
        options.tools = try tools(body["tools"])
        options.toolChoice = try toolChoice(body["tool_choice"])
        options.parallelToolCalls = try WireJSON.bool(body["parallel_tool_calls"], "parallel_tool_calls")
        options.responseFormat = try responseFormat(body["response_format"])
        options.reasoning = try reasoning(effort: body["reasoning_effort"], object: body["reasoning"])
        options.stopSequences = try stop(body["stop"])
        options.topP = try WireJSON.double(body["top_p"], "top_p")
        options.seed = try WireJSON.int(body["seed"], "seed")
        if let temperature = try WireJSON.double(body["temperature"], "temperature"), !(0...2).contains(temperature) {
            throw .badRequest("'temperature' must be from 0 to 2")
        }
        let legacyMaxTokens = try WireJSON.positiveInt(body["max_tokens"], "max_tokens")
        let maxTokens = try WireJSON.positiveInt(body["max_completion_tokens"], "max_completion_tokens") ?? legacyMaxTokens
        let streamOptions = try WireJSON.object(body["stream_options"], "stream_options")
        let turn = InboundTurn(
            model: try WireJSON.string(body["model"], "model").flatMap { $0.isEmpty ? nil : $0 },
            fallbackModels: try WireJSON.strings(body["models"], "models") ?? [],
            messages: messages,
            maxTokens: maxTokens,
            temperature: try WireJSON.double(body["temperature"], "temperature"),
            options: options,
            stream: try WireJSON.bool(body["stream"], "stream") ?? false,
            provider: try providerPreferences(body["provider"]),
            tags: try tags(body["metadata"]),
            conversation: GatewaySessionID.fromBody(metadata: body["metadata"], promptCacheKey: body["prompt_cache_key"],
                                                    user: body["user"]))
        return OpenAIChatRequest(turn: turn,
                                 includeUsage: try WireJSON.bool(streamOptions?["include_usage"], "stream_options.include_usage") ?? false)
    }

    // MARK: Messages

    static func message(_ value: JSONValue, at index: Int) throws(GatewayError) -> ChatMessage {
        let field = "messages[\(index)]"
        guard let object = try WireJSON.object(value, field) else { throw .badRequest("'\(field)' must be an object") }
        let roleName = try WireJSON.string(object["role"], field + ".role") ?? ""
        switch roleName {
        case "system", "developer":
            return ChatMessage(role: .system, text: try textOnly(object["content"], field + ".content"))
        case "user":
            return ChatMessage(role: .user, parts: try parts(object["content"], field + ".content"))
        case "assistant":
            var parts: [ContentPart] = []
            if let reasoning = try WireJSON.string(object["reasoning"] ?? object["reasoning_content"], field + ".reasoning"),
               !reasoning.isEmpty {
                parts.append(.reasoning(ReasoningPart(text: reasoning)))
            }
            if object["content"] != nil, object["content"] != .null {
                parts += try self.parts(object["content"], field + ".content")
            }
            for (callIndex, call) in (try WireJSON.array(object["tool_calls"], field + ".tool_calls") ?? []).enumerated() {
                parts.append(.toolCall(try toolCall(call, field + ".tool_calls[\(callIndex)]")))
            }
            if parts.isEmpty { parts = [.text("")] }
            return ChatMessage(role: .assistant, parts: parts)
        case "tool":
            guard let callID = try WireJSON.string(object["tool_call_id"], field + ".tool_call_id"), !callID.isEmpty else {
                throw .badRequest("'\(field).tool_call_id' is required for a tool message")
            }
            let content = try parts(object["content"], field + ".content")
            return .toolResult(ToolResult(callID: callID, content: content,
                                          name: try WireJSON.string(object["name"], field + ".name")))
        case "":
            throw .badRequest("'\(field).role' is required")
        default:
            throw .badRequest("'\(field).role' must be system, developer, user, assistant or tool, not '\(roleName)'")
        }
    }

    /// Content as parts: a string, or an array of `text`, `image_url` and `file` parts.
    static func parts(_ value: JSONValue?, _ field: String) throws(GatewayError) -> [ContentPart] {
        switch value {
        case .string(let text)?: return [.text(text)]
        case .array(let items)?:
            var parts: [ContentPart] = []
            for (index, item) in items.enumerated() {
                parts.append(try part(item, "\(field)[\(index)]"))
            }
            return parts
        case nil, .null?: throw .badRequest("'\(field)' is required")
        default: throw .badRequest("'\(field)' must be a string or an array of content parts")
        }
    }

    static func textOnly(_ value: JSONValue?, _ field: String) throws(GatewayError) -> String {
        var text = ""
        for part in try parts(value, field) {
            guard case .text(let piece) = part else { throw .badRequest("'\(field)' may only hold text") }
            text += piece
        }
        return text
    }

    static func part(_ value: JSONValue, _ field: String) throws(GatewayError) -> ContentPart {
        guard let object = try WireJSON.object(value, field) else { throw .badRequest("'\(field)' must be an object") }
        let type = try WireJSON.string(object["type"], field + ".type") ?? ""
        switch type {
        case "text", "input_text":
            return .text(try WireJSON.string(object["text"], field + ".text") ?? "")
        case "image_url":
            let url: String?
            if case .string(let direct)? = object["image_url"] {
                url = direct
            } else {
                url = try WireJSON.string(try WireJSON.object(object["image_url"], field + ".image_url")?["url"], field + ".image_url.url")
            }
            guard let url else { throw .badRequest("'\(field).image_url.url' is required") }
            return .image(ImagePart(try media(url, field + ".image_url.url")))
        case "file":
            guard let file = try WireJSON.object(object["file"], field + ".file"),
                  let data = try WireJSON.string(file["file_data"], field + ".file.file_data") else {
                throw .badRequest("'\(field).file.file_data' (a data: URL) is required; file ids are not supported")
            }
            let source = try media(data, field + ".file.file_data")
            guard case .bytes = source else { throw .badRequest("'\(field).file.file_data' must be a data: URL") }
            return .document(DocumentPart(source, name: try WireJSON.string(file["filename"], field + ".file.filename")))
        default:
            throw .badRequest("'\(field).type' '\(type)' is not supported (text, image_url, file)", code: "unsupported_content")
        }
    }

    /// A `data:<type>;base64,<data>` URL as bytes, or an http(s) URL as given.
    static func media(_ text: String, _ field: String) throws(GatewayError) -> MediaSource {
        if text.hasPrefix("data:") {
            guard let comma = text.firstIndex(of: ",") else { throw .badRequest("'\(field)' is not a valid data: URL") }
            let header = text[text.index(text.startIndex, offsetBy: 5)..<comma]
            guard header.hasSuffix(";base64") else { throw .badRequest("'\(field)' must be a base64 data: URL") }
            let mediaType = String(header.dropLast(7))
            guard !mediaType.isEmpty, let data = Data(base64Encoded: String(text[text.index(after: comma)...])) else {
                throw .badRequest("'\(field)' is not a valid base64 data: URL")
            }
            return .bytes(data, mediaType: mediaType)
        }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            throw .badRequest("'\(field)' must be an http(s) URL or a data: URL")
        }
        return .url(url)
    }

    static func toolCall(_ value: JSONValue, _ field: String) throws(GatewayError) -> ToolCall {
        guard let object = try WireJSON.object(value, field),
              let function = try WireJSON.object(object["function"], field + ".function"),
              let name = try WireJSON.string(function["name"], field + ".function.name") else {
            throw .badRequest("'\(field)' must have function.name")
        }
        return ToolCall(id: try WireJSON.string(object["id"], field + ".id") ?? "",
                        name: name, arguments: try WireJSON.string(function["arguments"], field + ".function.arguments") ?? "{}")
    }

    // MARK: Options

    static func tools(_ value: JSONValue?) throws(GatewayError) -> [ToolDefinition] {
        var out: [ToolDefinition] = []
        for (index, item) in (try WireJSON.array(value, "tools") ?? []).enumerated() {
            let field = "tools[\(index)]"
            guard let object = try WireJSON.object(item, field) else { throw .badRequest("'\(field)' must be an object") }
            let type = try WireJSON.string(object["type"], field + ".type") ?? "function"
            guard type == "function", let function = try WireJSON.object(object["function"], field + ".function"),
                  let name = try WireJSON.string(function["name"], field + ".function.name"), !name.isEmpty else {
                throw .badRequest("'\(field)' must be {\"type\": \"function\", \"function\": {\"name\", ...}}", code: "invalid_tools")
            }
            let parameters = try function["parameters"].map { (schema: JSONValue) throws(GatewayError) in try WireJSON.text(schema) }
            out.append(ToolDefinition(name: name, description: try WireJSON.string(function["description"], field + ".function.description"),
                                      parameters: parameters ?? Self.emptyParameters))
        }
        return out
    }

    static let emptyParameters: JSONText = {
        // A literal known to be valid JSON.
        guard let text = try? JSONText(#"{"properties":{},"type":"object"}"#) else { preconditionFailure("invalid literal") }
        return text
    }()

    static func toolChoice(_ value: JSONValue?) throws(GatewayError) -> ToolChoice? {
        switch value {
        case nil, .null?: return nil
        case .string("auto")?: return .auto
        case .string("none")?: return ToolChoice.none
        case .string("required")?: return .required
        case .object(let object)?:
            guard let function = try WireJSON.object(object["function"], "tool_choice.function"),
                  let name = try WireJSON.string(function["name"], "tool_choice.function.name") else {
                throw .badRequest("'tool_choice' must name a function: {\"type\": \"function\", \"function\": {\"name\"}}")
            }
            return .tool(name)
        default: throw .badRequest("'tool_choice' must be auto, none, required or a function")
        }
    }

    static func responseFormat(_ value: JSONValue?) throws(GatewayError) -> ResponseFormat? {
        guard let object = try WireJSON.object(value, "response_format") else { return nil }
        switch try WireJSON.string(object["type"], "response_format.type") {
        case "text"?: return .text
        case "json_object"?: return .jsonObject
        case "json_schema"?:
            guard let spec = try WireJSON.object(object["json_schema"], "response_format.json_schema"),
                  let schema = spec["schema"] else {
                throw .badRequest("'response_format.json_schema.schema' is required")
            }
            return .jsonSchema(name: try WireJSON.string(spec["name"], "response_format.json_schema.name") ?? "response",
                               schema: try WireJSON.text(schema),
                               strict: try WireJSON.bool(spec["strict"], "response_format.json_schema.strict") ?? false)
        default: throw .badRequest("'response_format.type' must be text, json_object or json_schema")
        }
    }

    /// `reasoning_effort` (OpenAI) or `reasoning: {effort | max_tokens | enabled}` (OpenRouter). `minimal` reads as
    /// low and `none` as off; OpenRouter's object wins when both are given.
    static func reasoning(effort: JSONValue?, object: JSONValue?) throws(GatewayError) -> ReasoningSetting? {
        if let settings = try WireJSON.object(object, "reasoning") {
            if let budget = try WireJSON.positiveInt(settings["max_tokens"], "reasoning.max_tokens") { return .budget(tokens: budget) }
            if let word = try WireJSON.string(settings["effort"], "reasoning.effort") { return try self.effort(word, "reasoning.effort") }
            if let enabled = try WireJSON.bool(settings["enabled"], "reasoning.enabled") { return enabled ? .effort(.medium) : .off }
            return nil
        }
        guard let word = try WireJSON.string(effort, "reasoning_effort") else { return nil }
        return try self.effort(word, "reasoning_effort")
    }

    static func effort(_ word: String, _ field: String) throws(GatewayError) -> ReasoningSetting {
        switch word {
        case "none": .off
        case "minimal", "low": .effort(.low)
        case "medium": .effort(.medium)
        case "high", "xhigh": .effort(.high)
        default: throw .badRequest("'\(field)' must be none, minimal, low, medium or high")
        }
    }

    static func stop(_ value: JSONValue?) throws(GatewayError) -> [String] {
        switch value {
        case nil, .null?: return []
        case .string(let text)?: return [text]
        default: return try WireJSON.strings(value, "stop") ?? []
        }
    }

    static func providerPreferences(_ value: JSONValue?) throws(GatewayError) -> ProviderPreferences {
        var preferences = ProviderPreferences()
        guard let object = try WireJSON.object(value, "provider") else { return preferences }
        let lower = { (list: [String]?) in (list ?? []).map { $0.lowercased() } }
        preferences.order = lower(try WireJSON.strings(object["order"], "provider.order"))
        preferences.only = lower(try WireJSON.strings(object["only"], "provider.only"))
        preferences.ignore = lower(try WireJSON.strings(object["ignore"], "provider.ignore"))
        preferences.allowFallbacks = try WireJSON.bool(object["allow_fallbacks"], "provider.allow_fallbacks")
        preferences.requireParameters = try WireJSON.bool(object["require_parameters"], "provider.require_parameters")
        if let sort = try WireJSON.string(object["sort"], "provider.sort") {
            guard ["price", "throughput", "latency"].contains(sort) else {
                throw .badRequest("'provider.sort' must be price, throughput or latency")
            }
            preferences.sort = sort
        }
        if let price = try WireJSON.object(object["max_price"], "provider.max_price") {
            preferences.maxPromptPrice = try WireJSON.decimal(price["prompt"], "provider.max_price.prompt")
            preferences.maxCompletionPrice = try WireJSON.decimal(price["completion"], "provider.max_price.completion")
        }
        return preferences
    }

    /// `metadata` values that are strings become tags (`key:value`; `tags` as they are), as on every endpoint.
    static func tags(_ value: JSONValue?) throws(GatewayError) -> [String] {
        guard let metadata = try WireJSON.object(value, "metadata") else { return [] }
        return GatewayTags.extract(headerValues: [], metadata: .object(metadata))
    }
}
