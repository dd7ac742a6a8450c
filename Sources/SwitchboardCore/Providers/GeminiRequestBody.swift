import Foundation

/// The `generateContent` body: `contents`, `systemInstruction`, `tools`, `toolConfig` and `generationConfig`,
/// each only when the request sets it. `RequestJSON` writes the keys sorted, so equal requests give equal bytes.
enum GeminiRequestBody {
    static func bytes(for request: ChatRequest, model: String, provider: String) throws -> [UInt8] {
        let options = GeminiContents.Options(provider: provider,
                                             validatesSignatures: GeminiAdapter.bareModelName(model).hasPrefix("gemini-3"))
        let contents = try GeminiContents.encode(request.messages, options: options)
        guard !contents.isEmpty else {
            throw ProviderError(kind: .badRequest, provider: provider, message: "the conversation has no user message")
        }
        var members: [(key: String, value: RequestJSON)] = [("contents", .array(contents))]
        let systemText = request.messages.filter { $0.role == .system }.map(\.text).filter { !$0.isEmpty }
        if !systemText.isEmpty {
            members.append(("systemInstruction",
                            .object([("parts", .array([.object([("text", .string(systemText.joined(separator: "\n\n")))])]))])))
        }
        let tools = request.tools
        if !tools.isEmpty {
            members.append(("tools", .array([.object([("functionDeclarations", .array(try tools.map(declaration)))])])))
            // Gemini has no switch for parallel calls: `parallelToolCalls` is not sent.
            if let choice = request.toolChoice { members.append(("toolConfig", toolConfig(choice))) }
        }
        let config = try generationConfig(request)
        if !config.isEmpty { members.append(("generationConfig", .object(config))) }
        return try RequestJSON.object(members).bytes()
    }

    private static func declaration(_ tool: ToolDefinition) throws -> RequestJSON {
        var members: [(key: String, value: RequestJSON)] = [("name", .string(tool.name))]
        if let description = tool.description { members.append(("description", .string(description))) }
        if let schema = GeminiSchema.rewrite(tool.parameters), !GeminiSchema.isEmptyObject(schema) {
            members.append(("parameters", .raw(try JSONText(object: schema))))
        }
        return .object(members)
    }

    /// AUTO, NONE, ANY (at least one call), or ANY limited to one named function.
    private static func toolConfig(_ choice: ToolChoice) -> RequestJSON {
        let calling: [(key: String, value: RequestJSON)] = switch choice {
        case .auto: [("mode", .string("AUTO"))]
        case .none: [("mode", .string("NONE"))]
        case .required: [("mode", .string("ANY"))]
        case .tool(let name): [("mode", .string("ANY")), ("allowedFunctionNames", .array([.string(name)]))]
        }
        return .object([("functionCallingConfig", .object(calling))])
    }

    private static func generationConfig(_ request: ChatRequest) throws -> [(key: String, value: RequestJSON)] {
        var config: [(key: String, value: RequestJSON)] = []
        if let maxTokens = request.maxTokens { config.append(("maxOutputTokens", .int(maxTokens))) }
        if let temperature = request.temperature { config.append(("temperature", .double(temperature))) }
        if let topP = request.topP { config.append(("topP", .double(topP))) }
        if let seed = request.seed { config.append(("seed", .int(seed))) }
        if !request.stopSequences.isEmpty { config.append(("stopSequences", .array(request.stopSequences.map(RequestJSON.string)))) }
        switch request.responseFormat {
        case .jsonObject?:
            config.append(("responseMimeType", .string("application/json")))
        case .jsonSchema(_, let schema, _)?:
            config.append(("responseMimeType", .string("application/json")))
            if let rewritten = GeminiSchema.rewrite(schema) {
                config.append(("responseSchema", .raw(try JSONText(object: rewritten))))
            }
        case .text?, nil:
            break
        }
        if let reasoning = request.reasoning { config.append(("thinkingConfig", thinkingConfig(reasoning, maxTokens: request.maxTokens))) }
        return config
    }

    /// `thinkingBudget` in tokens (Gemini 3 still takes it beside `thinkingLevel`), with thought summaries
    /// asked for so thinking streams. Off is a budget of 0 (models that cannot stop thinking refuse it).
    /// An effort is a share of the output limit (`ReasoningEffort.budget`); without a limit, Google's own
    /// levels: low 1,024, medium 8,192, high 24,576 tokens.
    static func thinkingConfig(_ setting: ReasoningSetting, maxTokens: Int?) -> RequestJSON {
        guard let budget = thinkingBudget(setting, maxTokens: maxTokens) else {
            return .object([("thinkingBudget", .int(0))])
        }
        return .object([("includeThoughts", .bool(true)), ("thinkingBudget", .int(budget))])
    }

    /// `thinkingBudget` for a reasoning setting; nil for off.
    static func thinkingBudget(_ setting: ReasoningSetting, maxTokens: Int?) -> Int? {
        switch setting {
        case .off:
            return nil
        case .budget(let tokens):
            return tokens
        case .effort(let effort):
            if let maxTokens { return effort.budget(maxTokens: maxTokens) }
            return switch effort {
            case .low: 1_024
            case .medium: 8_192
            case .high: 24_576
            }
        }
    }

    /// The reply tokens a request may be billed for: Gemini bills thinking as output, and its thinking budget is
    /// not documented to fit inside `maxOutputTokens`, so a hold covers both. Nil when no limit is sent.
    static func outputLimit(for request: ChatRequest) -> Int? {
        guard let maxTokens = request.maxTokens else { return nil }
        guard let setting = request.reasoning, let budget = thinkingBudget(setting, maxTokens: maxTokens) else { return maxTokens }
        return maxTokens + max(0, budget)
    }
}
