import Foundation

/// The Messages request body, written by hand (RequestJSON, keys sorted) because it runs on every turn.
///
/// Options in Anthropic's words:
/// - tools as `{name, description, input_schema}`; tool choice `auto` / `any` (our `required`) / `tool` / `none`;
///   parallel calls off as `disable_parallel_tool_use`;
/// - reasoning as `thinking: {type: enabled, budget_tokens}`: an effort is a share of `max_tokens` (low 20 %,
///   medium 50 %, high 80 %, at least the API's 1,024), a budget is taken as given (at least 1,024). The budget
///   counts inside `max_tokens`, so when it would not leave the requested answer length, `max_tokens` becomes
///   budget + answer length. Off sends nothing (thinking is off unless asked for). With thinking on the API
///   refuses `temperature` (not sent), a `top_p` below 0.95 (not sent) and a forced tool choice (then thinking
///   is not sent: the forced call is the caller's harder requirement); nor is it sent when the turn answers tool
///   calls made without Anthropic's thinking (another vendor's), which the API would refuse;
/// - response format: the API has none, so a JSON Schema (or "any JSON object") is asked for the documented
///   way, as one more tool, `responseToolName`, whose input schema is the schema, and the model is made to
///   call it (`any` when the caller's own tools are offered too, so it may still call those). The stream
///   decoder turns that call's input back into answer text;
/// - `stop_sequences`, `top_p`; there is no seed.
struct AnthropicRequestBody {
    /// The tool that carries a structured answer. The decoder recognises it by this name.
    static let responseToolName = "switchboard_response"

    static func json(for request: ChatRequest, model: String, provider: String) throws -> RequestJSON {
        let toolsDefined = definesTools(request.options)
        let encoded = try AnthropicMessages.encode(request.messages, provider: provider, toolsDefined: toolsDefined)
        guard encoded.turns.contains(where: { $0.role == .user }) else {
            throw ProviderError(kind: .badRequest, provider: provider, message: "the conversation has no user message")
        }
        let options = request.options
        var tools: [AnthropicMessages.Block] = []
        for definition in options.tools { tools.append(tool(definition)) }
        let responseSchema = responseSchema(options.responseFormat)
        if let responseSchema {
            tools.append([("name", .string(responseToolName)),
                          ("description", .string("Give the answer as this tool's input: it must match the schema.")),
                          ("input_schema", .raw(responseSchema))])
        }
        let choice = toolChoice(options, forcedResponse: responseSchema != nil)
        let answerTokens = request.maxTokens ?? AnthropicAdapter.defaultMaxTokens
        let budget = thinking(request, forced: choice.forced, answerTokens: answerTokens)
        let maxTokens = self.maxTokens(budget: budget, answerTokens: answerTokens)

        let caching = options.caching
            ? AnthropicCaching(toolTokens: toolTokens(options.tools) + (responseSchema.map { TokenEstimator.estimate($0.text) } ?? 0),
                               systemTokens: encoded.system.reduce(0) { $0 + TokenEstimator.estimate($1) },
                               turns: encoded.turns)
            : .off
        if caching.tools, !tools.isEmpty { tools[tools.count - 1].append(AnthropicCaching.marker) }

        var members: [(key: String, value: RequestJSON)] = [
            ("model", .string(model)),
            ("max_tokens", .int(maxTokens)),
            ("messages", .array(encoded.turns.enumerated().map { index, turn in
                .object([("role", .string(turn.role == .assistant ? "assistant" : "user")),
                         ("content", AnthropicMessages.content(turn, cacheLast: caching.prefixTurn == index))])
            })),
            ("stream", .bool(true)),
        ]
        if !encoded.system.isEmpty {
            let system = encoded.system.joined(separator: "\n\n")
            members.append(("system", caching.system
                ? .array([.object(AnthropicMessages.text(system) + [AnthropicCaching.marker])])
                : .string(system)))
        }
        if let temperature = request.temperature, budget == nil { members.append(("temperature", .double(temperature))) }
        if !tools.isEmpty {
            var list: [RequestJSON] = []
            for block in tools { list.append(.object(block)) }
            members.append(("tools", .array(list)))
        }
        if let json = choice.json { members.append(("tool_choice", json)) }
        if let budget {
            members.append(("thinking", .object([("type", .string("enabled")), ("budget_tokens", .int(budget))])))
        }
        if !options.stopSequences.isEmpty {
            members.append(("stop_sequences", .array(options.stopSequences.map(RequestJSON.string))))
        }
        if let topP = options.topP, budget == nil || topP >= 0.95 { members.append(("top_p", .double(topP))) }
        return .object(members)
    }

    /// The request carries a `tools` list: the caller's tools, or the tool a structured answer is asked through.
    /// Without one, tool calls and results in the history go as text (`AnthropicToolText`).
    static func definesTools(_ options: ChatOptions) -> Bool {
        !options.tools.isEmpty || responseSchema(options.responseFormat) != nil
    }

    /// Thinking would be refused: the turn answers tool calls made without Anthropic's thinking, sent as
    /// `tool_use` blocks (as text, when no tools are defined, they are no tool calls to the API).
    static func answersCallsWithoutThinking(_ request: ChatRequest) -> Bool {
        definesTools(request.options) && AnthropicMessages.continuesToolCallWithoutThinking(request.messages)
    }

    /// The budget counts inside `max_tokens`: when it would not leave the answer length, both are asked for.
    static func maxTokens(budget: Int?, answerTokens: Int) -> Int {
        budget.map { $0 >= answerTokens ? $0 + answerTokens : answerTokens } ?? answerTokens
    }

    /// `max_tokens` the body for `request` carries (the budget hold reads it without building the body).
    static func maxTokens(for request: ChatRequest) -> Int {
        let answerTokens = request.maxTokens ?? AnthropicAdapter.defaultMaxTokens
        let forced = toolChoice(request.options, forcedResponse: responseSchema(request.options.responseFormat) != nil).forced
        return maxTokens(budget: thinking(request, forced: forced, answerTokens: answerTokens), answerTokens: answerTokens)
    }

    /// The thinking budget sent, nil when thinking is not asked for or would be refused.
    private static func thinking(_ request: ChatRequest, forced: Bool, answerTokens: Int) -> Int? {
        forced || answersCallsWithoutThinking(request) ? nil : thinkingBudget(request.options.reasoning, maxTokens: answerTokens)
    }

    private static func toolTokens(_ tools: [ToolDefinition]) -> Int {
        tools.reduce(0) { $0 + TokenEstimator.estimate($1.name) + TokenEstimator.estimate($1.description ?? "")
            + TokenEstimator.estimate($1.parameters.text) }
    }

    private static func tool(_ tool: ToolDefinition) -> AnthropicMessages.Block {
        var members: AnthropicMessages.Block = [("name", .string(tool.name)), ("input_schema", .raw(tool.parameters))]
        if let description = tool.description { members.append(("description", .string(description))) }
        return members
    }

    /// The schema the response tool takes: the caller's, or any object for "JSON object"; nil for plain text.
    private static func responseSchema(_ format: ResponseFormat?) -> JSONText? {
        switch format {
        case .none, .text?: nil
        case .jsonObject?: try? JSONText(#"{"type":"object"}"#)
        case .jsonSchema(_, let schema, _)?: schema
        }
    }

    /// `forced` when the model must call a tool, which the API does not allow together with thinking.
    private static func toolChoice(_ options: ChatOptions, forcedResponse: Bool) -> (json: RequestJSON?, forced: Bool) {
        let hasTools = !options.tools.isEmpty
        // The API refuses disable_parallel_tool_use with `none`.
        let serial: [(key: String, value: RequestJSON)] = options.parallelToolCalls == false ? [("disable_parallel_tool_use", .bool(true))] : []
        if forcedResponse {
            if hasTools, options.toolChoice != ToolChoice.none {
                if case .tool(let name) = options.toolChoice {
                    return (.object([("type", .string("tool")), ("name", .string(name))] + serial), true)
                }
                return (.object([("type", .string("any"))] + serial), true)
            }
            return (.object([("type", .string("tool")), ("name", .string(responseToolName))]), true)
        }
        guard hasTools else { return (nil, false) }
        switch options.toolChoice {
        case nil:
            return serial.isEmpty ? (nil, false) : (.object([("type", .string("auto"))] + serial), false)
        case .auto?: return (.object([("type", .string("auto"))] + serial), false)
        case .none?: return (.object([("type", .string("none"))]), false)
        case .required?: return (.object([("type", .string("any"))] + serial), true)
        case .tool(let name)?: return (.object([("type", .string("tool")), ("name", .string(name))] + serial), true)
        }
    }

    /// `budget_tokens` for a reasoning setting; nil for none or off.
    static func thinkingBudget(_ setting: ReasoningSetting?, maxTokens: Int) -> Int? {
        switch setting {
        case nil, .off?: nil
        case .effort(let level)?: level.budget(maxTokens: maxTokens)
        case .budget(let tokens)?: max(minimumThinkingBudget, tokens)
        }
    }

    static let minimumThinkingBudget = 1_024
}
