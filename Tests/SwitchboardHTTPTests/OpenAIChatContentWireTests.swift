import Foundation
import SwitchboardCore
import SwitchboardHTTP
import SwitchboardTestSupport
import XCTest

/// Tools, thinking and images over Chat Completions end to end: the engine against the fixture on 127.0.0.1,
/// OpenAI's shape and OpenRouter's.
final class OpenAIChatContentWireTests: FixtureTestCase {
    private static let price = Price(input: Decimal(string: "0.000003"), output: Decimal(string: "0.000015"),
                                     cacheRead: Decimal(string: "0.0000003"))

    /// Thinking first, a few words, then two calls whose argument pieces interleave and split mid-JSON.
    private static let toolAnswer: FixtureAnswer = {
        var answer = FixtureAnswer(chunks: ["Checking ", "both."], finish: .toolCalls)
        answer.reasoning = ["The user wants ", "two cities."]
        answer.toolCalls = [
            FixtureToolCall(id: "call_paris", name: "weather", argumentChunks: [#"{"ci"#, #"ty": "Pa"#, #"ris", "unit": "\u00b0C"}"#]),
            FixtureToolCall(id: "call_rome", name: "weather", argumentChunks: [#"{"city"#, #"": "Ro"#, #"me"}"#]),
        ]
        answer.interleaveToolCalls = true
        return answer
    }()

    private func engine(_ endpoint: ProviderEndpoint) -> RoutingEngine {
        let deployment = Deployment(provider: endpoint.name, providerModel: "model-\(endpoint.name)", price: Self.price)
        let catalog = ModelCatalog(models: [CatalogModel(id: "acme/tools", name: "Tools", deployments: [deployment])])
        let planner = RoutePlanner(catalog: catalog, registry: ProviderRegistry(endpoints: [endpoint]))
        return RoutingEngine(planner: planner, transport: transport,
                             timeouts: Timeouts(connect: .seconds(2), firstToken: .seconds(2), stall: .seconds(2)))
    }

    private func toolTurn(_ reasoning: ReasoningSetting) throws -> TurnRequest {
        let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        let question = ChatMessage(role: .user, parts: [.text("Weather here and in Rome?"), .image(ImagePart(data: png, mediaType: "image/png"))])
        let schema = try JSONText(#"{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}"#)
        let options = ChatOptions(tools: [ToolDefinition(name: "weather", description: "Current weather", parameters: schema)],
                                  toolChoice: .auto, parallelToolCalls: true, reasoning: reasoning)
        return TurnRequest(messages: [question], model: try ModelRef(parsing: "acme/tools"), maxTokens: 512, options: options)
    }

    private func check(_ summary: TurnSummary, _ events: [EngineEvent], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertTrue(summary.complete, "a reply that ends in tool calls is complete", file: file, line: line)
        XCTAssertEqual(summary.finishReason, "tool_calls", file: file, line: line)
        XCTAssertEqual(summary.text, "Checking both.", file: file, line: line)
        XCTAssertEqual(summary.toolCalls, [
            ToolCall(id: "call_paris", name: "weather", arguments: #"{"city": "Paris", "unit": "\u00b0C"}"#),
            ToolCall(id: "call_rome", name: "weather", arguments: #"{"city": "Rome"}"#),
        ], file: file, line: line)
        XCTAssertEqual(summary.reasoning.map(\.text), ["The user wants two cities."], file: file, line: line)
        let streamedThinking = events.compactMap { if case .reasoning(let text) = $0 { text } else { nil } }.joined()
        XCTAssertEqual(streamedThinking, "The user wants two cities.", file: file, line: line)
        XCTAssertEqual(summary.usage, FixtureAnswer.standardUsage, "cached and reasoning tokens read", file: file, line: line)
        XCTAssertEqual(summary.cost, Self.price.cost(of: FixtureAnswer.standardUsage), file: file, line: line)
    }

    private func lastBody() throws -> [String: Any] {
        try XCTUnwrap(fixture.recordedRequests().last?.jsonBody())
    }

    func testOpenAIToolCallsSplitMidJSONAndInterleavedJoinWithThinkingAndTheImageGoesOut() async throws {
        fixture.update { $0.answer = Self.toolAnswer }
        let endpoint = ProviderEndpoint(name: "openai", wire: .openAIChat, baseURL: fixture.openAIBaseURL, apiKey: "sk-1",
                                        quirks: WireQuirks(maxTokensField: "max_completion_tokens", reasoningOffEffort: "minimal"))
        let (events, _) = try await collectTurn(engine(endpoint), toolTurn(.effort(.high)))
        check(try finishedSummary(events), events)

        let body = try lastBody()
        XCTAssertEqual(body["reasoning_effort"] as? String, "high")
        XCTAssertEqual(body["max_completion_tokens"] as? Int, 512)
        XCTAssertEqual(body["parallel_tool_calls"] as? Bool, true)
        XCTAssertEqual(body["tool_choice"] as? String, "auto")
        let tool = try XCTUnwrap((body["tools"] as? [[String: Any]])?.first?["function"] as? [String: Any])
        XCTAssertEqual(tool["name"] as? String, "weather")
        XCTAssertEqual((tool["parameters"] as? [String: Any])?["required"] as? [String], ["city"])
        let content = try XCTUnwrap(((body["messages"] as? [[String: Any]])?.first?["content"]) as? [[String: Any]])
        XCTAssertEqual(content.map { $0["type"] as? String }, ["text", "image_url"])
        XCTAssertEqual((content[1]["image_url"] as? [String: Any])?["url"] as? String, "data:image/png;base64,iVBORw0KGgo=")
    }

    func testOpenRouterThinkingAndToolsWithItsReasoningObject() async throws {
        fixture.update { $0.answer = Self.toolAnswer; $0.answer.reasoningSignature = "EqQBCkgIARABGAIiQ" }
        let endpoint = ProviderEndpoint(name: "openrouter", wire: .openAICompatible, baseURL: fixture.openRouterBaseURL,
                                        apiKey: "sk-or-1",
                                        quirks: WireQuirks(streamUsageOption: false, reportsCost: true, reasoningStyle: .openRouter))
        let (events, _) = try await collectTurn(engine(endpoint), toolTurn(.budget(tokens: 3000)))
        let summary = try finishedSummary(events)
        check(summary, events)
        XCTAssertEqual(summary.reportedCost, Money(FixtureAnswer.standardCost))
        let body = try lastBody()
        XCTAssertEqual((body["reasoning"] as? [String: Any])?["max_tokens"] as? Int, 3000)
        XCTAssertNil(body["reasoning_effort"])
        XCTAssertEqual(summary.reasoning.map(\.signature), ["EqQBCkgIARABGAIiQ"])

        // The next turn hands the signed thinking back with the calls, as the upstream requires.
        var next = try toolTurn(.budget(tokens: 3000))
        next.messages += [summary.message] + summary.toolCalls.map { .toolResult(ToolResult(callID: $0.id, text: "sunny")) }
        fixture.update { $0.answer = FixtureAnswer(text: "Sunny in both.") }
        _ = try finishedSummary(try await collectTurn(engine(endpoint), next).events)
        let messages = try XCTUnwrap(try lastBody()["messages"] as? [[String: Any]])
        let details = try XCTUnwrap(messages[1]["reasoning_details"] as? [[String: Any]])
        XCTAssertEqual(details.first?["signature"] as? String, "EqQBCkgIARABGAIiQ")
        XCTAssertEqual(details.first?["text"] as? String, "The user wants two cities.")
    }

    func testTheCallsGoBackWithTheirResultsOnTheNextTurn() async throws {
        fixture.update { $0.answer = Self.toolAnswer }
        let endpoint = ProviderEndpoint(name: "openai", wire: .openAIChat, baseURL: fixture.openAIBaseURL, apiKey: "sk-1")
        let engine = engine(endpoint)
        var turn = try toolTurn(.effort(.low))
        let first = try finishedSummary(try await collectTurn(engine, turn).events)

        fixture.update { $0.answer = FixtureAnswer(text: "Paris 18°C, Rome 24°C.") }
        turn.messages += [first.message] + first.toolCalls.map { .toolResult(ToolResult(callID: $0.id, text: "sunny")) }
        let second = try finishedSummary(try await collectTurn(engine, turn).events)
        XCTAssertEqual(second.text, "Paris 18°C, Rome 24°C.")
        XCTAssertEqual(second.finishReason, "stop")
        XCTAssertEqual(second.toolCalls, [])

        let messages = try XCTUnwrap(try lastBody()["messages"] as? [[String: Any]])
        XCTAssertEqual(messages.map { $0["role"] as? String }, ["user", "assistant", "tool", "tool"])
        let calls = try XCTUnwrap(messages[1]["tool_calls"] as? [[String: Any]])
        XCTAssertEqual(calls.map { $0["id"] as? String }, ["call_paris", "call_rome"])
        XCTAssertEqual((calls[0]["function"] as? [String: Any])?["arguments"] as? String, #"{"city": "Paris", "unit": "\u00b0C"}"#)
        XCTAssertEqual(messages[2]["tool_call_id"] as? String, "call_paris")
        XCTAssertEqual(messages[1]["content"] as? String, "Checking both.")
    }
}
