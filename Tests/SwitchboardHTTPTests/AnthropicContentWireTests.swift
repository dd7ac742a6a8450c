import Foundation
import SwitchboardCore
import SwitchboardHTTP
import SwitchboardTestSupport
import XCTest

/// Tools, thinking and cache usage over the Messages API end to end: the engine against the fixture on
/// 127.0.0.1; and a tool conversation moving from OpenAI to Anthropic and back.
final class AnthropicContentWireTests: FixtureTestCase {
    private static let price = Price(input: Decimal(string: "0.000003"), output: Decimal(string: "0.000015"),
                                     cacheRead: Decimal(string: "0.0000003"), cacheWrite: Decimal(string: "0.00000375"))
    private static let usage = Usage(input: 24, output: 36, cacheRead: 800, cacheWrite: 100, cacheWrite1h: 50)

    /// Signed thinking, a redacted block, a few words, then two calls whose input splits mid-JSON.
    private static let toolAnswer: FixtureAnswer = {
        var answer = FixtureAnswer(chunks: ["Checking ", "both."], usage: usage, finish: .toolCalls)
        answer.reasoning = ["The user wants ", "two cities."]
        answer.reasoningSignature = "EqQBCkgIARABGAIiQ"
        answer.redactedThinking = ["EmwKAhgBEgy3va3pzix"]
        answer.toolCalls = [
            FixtureToolCall(id: "toolu_01Paris", name: "weather", argumentChunks: [#"{"ci"#, #"ty": "Pa"#, #"ris", "unit": "\u00b0C"}"#]),
            FixtureToolCall(id: "toolu_01Rome", name: "weather", argumentChunks: [#"{"city"#, #"": "Ro"#, #"me"}"#]),
        ]
        return answer
    }()

    private var anthropic: ProviderEndpoint {
        ProviderEndpoint(name: "anthropic", wire: .anthropic, baseURL: fixture.anthropicBaseURL, apiKey: "sk-ant-1")
    }

    private var openAI: ProviderEndpoint {
        ProviderEndpoint(name: "openai", wire: .openAIChat, baseURL: fixture.openAIBaseURL, apiKey: "sk-1",
                         quirks: WireQuirks(maxTokensField: "max_completion_tokens", reasoningOffEffort: "minimal"))
    }

    private func engine(_ endpoint: ProviderEndpoint) -> RoutingEngine {
        let deployment = Deployment(provider: endpoint.name, providerModel: "model-\(endpoint.name)", price: Self.price)
        let catalog = ModelCatalog(models: [CatalogModel(id: "acme/tools", name: "Tools", deployments: [deployment])])
        let planner = RoutePlanner(catalog: catalog, registry: ProviderRegistry(endpoints: [endpoint]))
        return RoutingEngine(planner: planner, transport: transport,
                             timeouts: Timeouts(connect: .seconds(2), firstToken: .seconds(2), stall: .seconds(2)))
    }

    private func toolTurn() throws -> TurnRequest {
        let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        let question = ChatMessage(role: .user, parts: [.text("Weather here and in Rome?"), .image(ImagePart(data: png, mediaType: "image/png"))])
        let schema = try JSONText(#"{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}"#)
        let options = ChatOptions(tools: [ToolDefinition(name: "weather", description: "Current weather", parameters: schema)],
                                  toolChoice: .auto, parallelToolCalls: false, reasoning: .effort(.high))
        return TurnRequest(messages: [.system("Be brief."), question], model: try ModelRef(parsing: "acme/tools"),
                           maxTokens: 4000, options: options)
    }

    private func lastBody() throws -> [String: Any] {
        try XCTUnwrap(fixture.recordedRequests().last?.jsonBody())
    }

    func testThinkingRedactedThinkingAndTwoToolCallsSplitMidJSONThroughTheEngine() async throws {
        fixture.update { $0.answer = Self.toolAnswer }
        let (events, _) = try await collectTurn(engine(anthropic), toolTurn())
        let summary = try finishedSummary(events)
        XCTAssertTrue(summary.complete, "a reply that ends in tool calls is complete")
        XCTAssertEqual(summary.finishReason, "tool_calls")
        XCTAssertEqual(summary.text, "Checking both.")
        XCTAssertEqual(summary.toolCalls, [
            ToolCall(id: "toolu_01Paris", name: "weather", arguments: #"{"city": "Paris", "unit": "\u00b0C"}"#),
            ToolCall(id: "toolu_01Rome", name: "weather", arguments: #"{"city": "Rome"}"#),
        ])
        XCTAssertEqual(summary.reasoning.map(\.text), ["The user wants two cities.", ""])
        XCTAssertEqual(summary.reasoning.map(\.signature), ["EqQBCkgIARABGAIiQ", nil])
        XCTAssertEqual(summary.reasoning.map(\.redactedData), [nil, "EmwKAhgBEgy3va3pzix"])
        XCTAssertEqual(summary.reasoning.first?.origin?.wire, .anthropic)
        XCTAssertEqual(summary.usage, Self.usage, "5-minute and 1-hour cache writes and cache reads read")
        XCTAssertEqual(summary.cost, Self.price.cost(of: Self.usage))

        let body = try lastBody()
        XCTAssertEqual(body["thinking"] as? NSDictionary, ["type": "enabled", "budget_tokens": 3200] as NSDictionary)
        XCTAssertEqual(body["tool_choice"] as? NSDictionary, ["type": "auto", "disable_parallel_tool_use": true] as NSDictionary)
        XCTAssertEqual((body["tools"] as? [[String: Any]])?.first?["name"] as? String, "weather")
        XCTAssertEqual(body["system"] as? String, "Be brief.")
        let content = try XCTUnwrap((body["messages"] as? [[String: Any]])?.first?["content"] as? [[String: Any]])
        XCTAssertEqual(content.map { $0["type"] as? String }, ["text", "image"])
    }

    /// The reply goes back as it came (signed thinking, redacted block, tool_use with the same ids) with the
    /// results in one user turn.
    func testTheCallsAndThinkingGoBackUnchangedWithTheResults() async throws {
        fixture.update { $0.answer = Self.toolAnswer }
        let engine = engine(anthropic)
        var turn = try toolTurn()
        let first = try finishedSummary(try await collectTurn(engine, turn).events)

        fixture.update { $0.answer = FixtureAnswer(text: "Paris 18°C, Rome 24°C.") }
        turn.messages += [first.message] + first.toolCalls.map { .toolResult(ToolResult(callID: $0.id, text: "sunny")) }
        let second = try finishedSummary(try await collectTurn(engine, turn).events)
        XCTAssertEqual(second.text, "Paris 18°C, Rome 24°C.")
        XCTAssertEqual(second.finishReason, "end_turn")
        XCTAssertNotNil(try lastBody()["thinking"], "its own signed thinking came back, so thinking stays on")

        let messages = try XCTUnwrap(try lastBody()["messages"] as? [[String: Any]])
        XCTAssertEqual(messages.map { $0["role"] as? String }, ["user", "assistant", "user"])
        let reply = try XCTUnwrap(messages[1]["content"] as? [[String: Any]])
        XCTAssertEqual(reply.map { $0["type"] as? String }, ["thinking", "redacted_thinking", "text", "tool_use", "tool_use"])
        XCTAssertEqual(reply[0]["signature"] as? String, "EqQBCkgIARABGAIiQ")
        XCTAssertEqual(reply[0]["thinking"] as? String, "The user wants two cities.")
        XCTAssertEqual(reply[1]["data"] as? String, "EmwKAhgBEgy3va3pzix")
        XCTAssertEqual(reply[3]["id"] as? String, "toolu_01Paris")
        XCTAssertEqual(reply[3]["input"] as? [String: String], ["city": "Paris", "unit": "°C"])
        let results = try XCTUnwrap(messages[2]["content"] as? [[String: Any]])
        XCTAssertEqual(results.map { $0["tool_use_id"] as? String }, ["toolu_01Paris", "toolu_01Rome"])
    }

    /// OpenAI calls the tools (with its own reasoning); Anthropic continues with the same call ids and without
    /// OpenAI's reasoning; OpenAI takes the Anthropic reply back, thinking left out, ids intact.
    func testAToolConversationMovesFromOpenAIToAnthropicAndBack() async throws {
        var openAIAnswer = FixtureAnswer(chunks: [""], finish: .toolCalls)
        openAIAnswer.reasoning = ["secret openai reasoning"]
        openAIAnswer.toolCalls = [FixtureToolCall(id: "call_pAr1s", name: "weather", argumentChunks: [#"{"city":"#, #""Paris"}"#])]
        fixture.update { $0.answer = openAIAnswer }
        var turn = try toolTurn()
        let first = try finishedSummary(try await collectTurn(engine(openAI), turn).events)
        XCTAssertEqual(first.toolCalls.map(\.id), ["call_pAr1s"])
        XCTAssertEqual(first.reasoning.map(\.text), ["secret openai reasoning"])
        turn.messages += [first.message, .toolResult(ToolResult(callID: "call_pAr1s", text: "18C"))]

        fixture.update { $0.answer = Self.toolAnswer }
        let secondEvents = try await collectTurn(engine(anthropic), turn).events
        let second = try finishedSummary(secondEvents)
        let notices = secondEvents.compactMap { if case .notice(let text) = $0 { text } else { nil } }
        XCTAssertEqual(notices, ["anthropic: 1 thinking block from openai dropped: Anthropic accepts only its own signed thinking",
                                 "anthropic: thinking off for this turn: it answers tool calls made without Anthropic's thinking, which the API refuses with thinking on"],
                       "the turn says what it left out")
        XCTAssertEqual(second.toolCalls.map(\.id), ["toolu_01Paris", "toolu_01Rome"])
        let anthropicBody = try lastBody()
        let sent = String(decoding: try JSONSerialization.data(withJSONObject: anthropicBody), as: UTF8.self)
        XCTAssertFalse(sent.contains("secret openai reasoning"), "another vendor's thinking is not sent to Anthropic")
        let messages = try XCTUnwrap(anthropicBody["messages"] as? [[String: Any]])
        XCTAssertEqual(messages.map { $0["role"] as? String }, ["user", "assistant", "user"])
        let call = try XCTUnwrap((messages[1]["content"] as? [[String: Any]])?.first)
        XCTAssertEqual(call["type"] as? String, "tool_use")
        XCTAssertEqual(call["id"] as? String, "call_pAr1s")
        XCTAssertEqual(call["input"] as? [String: String], ["city": "Paris"])
        XCTAssertEqual((messages[2]["content"] as? [[String: Any]])?.first?["tool_use_id"] as? String, "call_pAr1s")
        var request = ChatRequest(messages: turn.messages)
        request.options = turn.options
        XCTAssertEqual(AnthropicAdapter.historyNotes(for: request).count, 2)
        XCTAssertNil(anthropicBody["thinking"], "the API refuses thinking when the calls it answers were made without it")

        turn.messages += [second.message] + second.toolCalls.map { .toolResult(ToolResult(callID: $0.id, text: "sunny")) }
        fixture.update { $0.answer = FixtureAnswer(text: "Both sunny.") }
        let third = try finishedSummary(try await collectTurn(engine(openAI), turn).events)
        XCTAssertEqual(third.text, "Both sunny.")
        let back = try XCTUnwrap(try lastBody()["messages"] as? [[String: Any]])
        XCTAssertEqual(back.map { $0["role"] as? String }, ["system", "user", "assistant", "tool", "assistant", "tool", "tool"])
        XCTAssertEqual((back[4]["tool_calls"] as? [[String: Any]])?.map { $0["id"] as? String }, ["toolu_01Paris", "toolu_01Rome"])
        XCTAssertEqual(back[5]["tool_call_id"] as? String, "toolu_01Paris")
        let openAISent = String(decoding: try JSONSerialization.data(withJSONObject: back), as: UTF8.self)
        XCTAssertFalse(openAISent.contains("EqQBCkgIARABGAIiQ"), "Anthropic's thinking does not go to OpenAI")
    }
}
