import Foundation

/// The request body. Written by hand because the output limit's key is data (`WireQuirks.maxTokensField`) and
/// because this runs once per turn, ahead of the first token.
struct OpenAIChatRequestBody {
    var model: String
    var messages: [RequestJSON]
    var includeUsage: Bool
    var maxTokensField: String
    var maxTokens: Int?
    var temperature: Double?
    /// Tools, response format, reasoning and sampling: only what the request sets.
    var options: [(key: String, value: RequestJSON)]

    init(request: ChatRequest, model: String, quirks: WireQuirks, provider: String = "") throws {
        self.model = model
        self.messages = try OpenAIChatMessages.encode(request.messages, provider: provider, model: model, quirks: quirks)
        self.includeUsage = quirks.streamUsageOption
        self.maxTokensField = quirks.maxTokensField
        self.maxTokens = request.maxTokens
        self.temperature = request.temperature
        self.options = Self.options(request.options, model: model, quirks: quirks)
    }

    var json: RequestJSON {
        var members: [(key: String, value: RequestJSON)] = [
            ("model", .string(model)),
            ("messages", .array(messages)),
            ("stream", .bool(true)),
        ]
        if includeUsage { members.append(("stream_options", .object([("include_usage", .bool(true))]))) }
        if let maxTokens, !maxTokensField.isEmpty { members.append((maxTokensField, .int(maxTokens))) }
        if let temperature { members.append(("temperature", .double(temperature))) }
        members += options
        return .object(members)
    }

    private static func options(_ options: ChatOptions, model: String, quirks: WireQuirks) -> [(key: String, value: RequestJSON)] {
        var members: [(key: String, value: RequestJSON)] = []
        if !options.tools.isEmpty {
            members.append(("tools", .array(options.tools.map(tool))))
            // OpenAI refuses parallel_tool_calls without tools.
            if let parallel = options.parallelToolCalls { members.append(("parallel_tool_calls", .bool(parallel))) }
        }
        if let choice = options.toolChoice { members.append(("tool_choice", toolChoice(choice))) }
        if let format = options.responseFormat, let json = responseFormat(format) {
            members.append(("response_format", json))
        }
        if let reasoning = options.reasoning {
            if let member = reasoningMember(reasoning, model: model, quirks: quirks) { members.append(member) }
            // Groq: thinking in its own field rather than inline in the answer.
            if let format = quirks.reasoningFormat, reasoning != .off { members.append(("reasoning_format", .string(format))) }
        }
        if !options.stopSequences.isEmpty { members.append(("stop", .array(options.stopSequences.map(RequestJSON.string)))) }
        if let topP = options.topP { members.append(("top_p", .double(topP))) }
        if let seed = options.seed { members.append(("seed", .int(seed))) }
        return members
    }

    private static func tool(_ tool: ToolDefinition) -> RequestJSON {
        var function: [(key: String, value: RequestJSON)] = [("name", .string(tool.name)), ("parameters", .raw(tool.parameters))]
        if let description = tool.description { function.append(("description", .string(description))) }
        return .object([("type", .string("function")), ("function", .object(function))])
    }

    private static func toolChoice(_ choice: ToolChoice) -> RequestJSON {
        switch choice {
        case .auto: .string("auto")
        case .none: .string("none")
        case .required: .string("required")
        case .tool(let name): .object([("type", .string("function")), ("function", .object([("name", .string(name))]))])
        }
    }

    /// Plain text is the default: nothing is sent for it, so servers without `response_format` still answer.
    private static func responseFormat(_ format: ResponseFormat) -> RequestJSON? {
        switch format {
        case .text: nil
        case .jsonObject: .object([("type", .string("json_object"))])
        case .jsonSchema(let name, let schema, let strict):
            .object([("type", .string("json_schema")),
                     ("json_schema", .object([("name", .string(name)), ("schema", .raw(schema)), ("strict", .bool(strict))]))])
        }
    }

    /// OpenAI's `reasoning_effort`, or OpenRouter's `reasoning` object, as the server's quirks say.
    private static func reasoningMember(_ setting: ReasoningSetting, model: String,
                                        quirks: WireQuirks) -> (key: String, value: RequestJSON)? {
        switch quirks.reasoningStyle {
        case .none:
            return nil
        case .effort:
            let effort: String?
            if let words = quirks.modelEfforts.first(where: { model.hasPrefix($0.modelPrefix) }) {
                effort = setting == .off ? words.off : words.on
            } else {
                switch setting {
                case .off: effort = quirks.reasoningOffEffort
                case .effort(let level): effort = level.rawValue
                case .budget(let tokens): effort = ReasoningEffort(budget: tokens).rawValue
                }
            }
            return effort.map { ("reasoning_effort", .string($0)) }
        case .openRouter:
            switch setting {
            case .off: return ("reasoning", .object([("enabled", .bool(false))]))
            case .effort(let level): return ("reasoning", .object([("effort", .string(level.rawValue))]))
            case .budget(let tokens): return ("reasoning", .object([("max_tokens", .int(tokens))]))
            }
        }
    }
}

extension ReasoningEffort {
    /// The effort for a token budget on wires that take only an effort: up to 2,048 tokens low, up to 8,192
    /// medium, above that high.
    init(budget: Int) {
        self = budget <= 2_048 ? .low : budget <= 8_192 ? .medium : .high
    }
}

/// Neutral messages in Chat Completions' shape. A text-only message keeps its content a plain string (the
/// bytes every server has always been sent); attachments make the content an array of parts.
enum OpenAIChatMessages {
    /// `model` and `quirks` decide whether an assistant's thinking can go back (OpenRouter, same model).
    static func encode(_ messages: [ChatMessage], provider: String, model: String = "",
                       quirks: WireQuirks = WireQuirks()) throws -> [RequestJSON] {
        var out: [RequestJSON] = []
        out.reserveCapacity(messages.count)
        // A tool message holds text only, and every call's answer must follow the calls directly: images and files
        // a tool returned go in one user message after the last answer of the run.
        var pendingImages: [RequestJSON] = []
        func flushImages() {
            guard !pendingImages.isEmpty else { return }
            let note: RequestJSON = .object([("type", .string("text")), ("text", .string("(attachments the tools returned)"))])
            out.append(.object([("role", .string("user")), ("content", .array([note] + pendingImages))]))
            pendingImages = []
        }
        for message in messages {
            let results = message.toolResults
            if results.isEmpty && message.role != .tool { flushImages() }
            // Tool results travel as `tool` messages whatever role holds them (an Anthropic-shaped history puts
            // them in a user message), before the rest of that message.
            for result in results {
                out.append(toolMessage(result))
                pendingImages += try result.content.compactMap { item -> RequestJSON? in
                    if case .text = item { return nil }
                    return try part(item, provider: provider)
                }
            }
            switch message.role {
            case .tool:
                continue
            case .assistant:
                out.append(assistant(message, returning: returnable(message.reasoning, provider: provider, model: model,
                                                                    quirks: quirks)))
            case .system, .user:
                let rest = message.parts.filter { !isToolResult($0) }
                if rest.isEmpty && !results.isEmpty { continue }
                flushImages()
                out.append(.object([("role", .string(message.role.rawValue)),
                                    ("content", try content(rest, provider: provider))]))
            }
        }
        flushImages()
        return out
    }

    private static func isToolResult(_ part: ContentPart) -> Bool {
        if case .toolResult = part { true } else { false }
    }

    /// The thinking that may go back with an assistant message: only over OpenRouter (`reasoning_details`; plain
    /// Chat Completions has no field for it and DeepSeek asks that it not be sent), and only to the provider and
    /// model that wrote it, whose signature it carries.
    private static func returnable(_ reasoning: [ReasoningPart], provider: String, model: String,
                                   quirks: WireQuirks) -> [ReasoningPart] {
        guard quirks.reasoningStyle == .openRouter else { return [] }
        return reasoning.filter { $0.origin?.provider == provider && $0.origin?.model == model
            && ($0.origin?.wire == .openAICompatible || $0.origin?.wire == .openAIChat) }
    }

    /// Text, then the tool calls, then the thinking that may go back.
    private static func assistant(_ message: ChatMessage, returning reasoning: [ReasoningPart]) -> RequestJSON {
        let calls = message.toolCalls
        let text = message.text
        var members: [(key: String, value: RequestJSON)] = [("role", .string("assistant"))]
        members.append(("content", calls.isEmpty || !text.isEmpty ? .string(text) : .null))
        if !calls.isEmpty {
            members.append(("tool_calls", .array(calls.map { call in
                .object([("id", .string(wireID(call.id))), ("type", .string("function")),
                         ("function", .object([("name", .string(call.name)), ("arguments", .string(call.arguments))]))])
            })))
        }
        if !reasoning.isEmpty {
            members.append(("reasoning_details", .array(reasoning.map { part in
                if let data = part.redactedData {
                    return .object([("type", .string("reasoning.encrypted")), ("data", .string(data))])
                }
                var detail: [(key: String, value: RequestJSON)] = [("type", .string("reasoning.text")), ("text", .string(part.text))]
                if let signature = part.signature { detail.append(("signature", .string(signature))) }
                return .object(detail)
            })))
        }
        return .object(members)
    }

    /// Chat's tool message carries text only; an error is said in words, since the wire has no flag for it.
    private static func toolMessage(_ result: ToolResult) -> RequestJSON {
        let text = result.isError ? "Error: " + result.text : result.text
        return .object([("role", .string("tool")), ("tool_call_id", .string(wireID(result.callID))), ("content", .string(text))])
    }

    /// OpenAI refuses a call id longer than 40 characters, which another vendor's ids can be (a Responses
    /// `fc_…` id, a call id made from a long response id): such an id is cut to 23 characters plus a hash of the
    /// whole, the same for the call and its result, so they still pair and two long ids stay apart.
    static func wireID(_ id: String) -> String {
        guard id.utf8.count > maxIDLength else { return id }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in id.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        let digits = String(hash, radix: 16)
        let hex = String(repeating: "0", count: 16 - digits.count) + digits
        return String(id.prefix(maxIDLength - 17)) + "_" + hex
    }

    static let maxIDLength = 40

    private static func content(_ parts: [ContentPart], provider: String) throws -> RequestJSON {
        if parts.allSatisfy({ if case .text = $0 { true } else { false } }) {
            var joined = ""
            for case .text(let text) in parts { joined += text }
            return .string(joined)
        }
        return .array(try parts.compactMap { try part($0, provider: provider) })
    }

    /// One content part; nil for the parts that do not travel as content (calls, results, thinking).
    private static func part(_ part: ContentPart, provider: String) throws -> RequestJSON? {
        switch part {
        case .text(let text):
            .object([("type", .string("text")), ("text", .string(text))])
        case .image(let image):
            .object([("type", .string("image_url")), ("image_url", .object([("url", .string(image.source.urlString))]))])
        case .document(let document):
            try self.document(document, provider: provider)
        case .toolCall, .toolResult, .reasoning:
            nil
        }
    }

    /// A PDF as a `file` part with its bytes as a data URL; a text file as a text part headed by its name.
    private static func document(_ document: DocumentPart, provider: String) throws -> RequestJSON {
        guard case .bytes(let data, let mediaType) = document.source else {
            throw ProviderError(kind: .badRequest, provider: provider,
                                message: "Chat Completions takes a document's bytes, not a URL: attach the file itself")
        }
        if mediaType.hasPrefix("text/") {
            let text = String(decoding: data, as: UTF8.self)
            let heading = document.name.map { "\($0):\n" } ?? ""
            return .object([("type", .string("text")), ("text", .string(heading + text))])
        }
        return .object([("type", .string("file")),
                        ("file", .object([("filename", .string(document.name ?? "document.pdf")),
                                          ("file_data", .string(document.source.urlString))]))])
    }
}
