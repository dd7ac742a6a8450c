import Foundation
import SwitchboardCore
import SwitchboardHTTP
import SwitchboardTestSupport
import XCTest

/// Tools, thinking and images over Gemini end to end: the engine against the fixture on 127.0.0.1, and a
/// conversation that calls tools on OpenAI, continues on Gemini and goes back.
final class GeminiContentWireTests: FixtureTestCase {
    private static let price = Price(input: Decimal(string: "0.00000125"), output: Decimal(string: "0.00001"),
                                     cacheRead: Decimal(string: "0.00000031"))

    /// Thinking, a few words, then two calls in one chunk (Gemini sends calls whole).
    private static let toolAnswer: FixtureAnswer = {
        var answer = FixtureAnswer(chunks: ["Checking ", "both."], finish: .toolCalls)
        answer.reasoning = ["The user wants ", "two cities."]
        answer.toolCalls = [
            FixtureToolCall(id: "unused", name: "weather", argumentChunks: [#"{"city": "Paris", "unit": "°C"}"#]),
            FixtureToolCall(id: "unused", name: "weather", argumentChunks: [#"{"city": "Rome"}"#]),
        ]
        return answer
    }()

    private func geminiEndpoint() -> ProviderEndpoint {
        ProviderEndpoint(name: "gemini", wire: .gemini, baseURL: fixture.geminiBaseURL, apiKey: "g-1")
    }

    private func openAIEndpoint() -> ProviderEndpoint {
        ProviderEndpoint(name: "openai", wire: .openAIChat, baseURL: fixture.openAIBaseURL, apiKey: "sk-1")
    }

    private func engine(_ endpoint: ProviderEndpoint) -> RoutingEngine {
        let deployment = Deployment(provider: endpoint.name, providerModel: "gemini-2.5-pro", price: Self.price)
        let catalog = ModelCatalog(models: [CatalogModel(id: "acme/tools", name: "Tools", deployments: [deployment])])
        let planner = RoutePlanner(catalog: catalog, registry: ProviderRegistry(endpoints: [endpoint]))
        return RoutingEngine(planner: planner, transport: transport,
                             timeouts: Timeouts(connect: .seconds(2), firstToken: .seconds(2), stall: .seconds(2)))
    }

    private static func weather() throws -> ToolDefinition {
        let schema = #"{"type":"object","additionalProperties":false,"properties":{"city":{"type":"string"},"unit":{"type":"string"}},"required":["city"]}"#
        return ToolDefinition(name: "weather", description: "Current weather", parameters: try JSONText(schema))
    }

    private func toolTurn() throws -> TurnRequest {
        let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        let question = ChatMessage(role: .user, parts: [.text("Weather here and in Rome?"), .image(ImagePart(data: png, mediaType: "image/png"))])
        let options = ChatOptions(tools: [try Self.weather()], toolChoice: .auto, reasoning: .effort(.high))
        return TurnRequest(messages: [question], model: try ModelRef(parsing: "acme/tools"), maxTokens: 512, options: options)
    }

    private func lastBody() throws -> [String: Any] {
        try XCTUnwrap(fixture.recordedRequests().last?.jsonBody())
    }

    private func contents() throws -> [[String: Any]] {
        try XCTUnwrap(try lastBody()["contents"] as? [[String: Any]])
    }

    private func parts(_ content: [String: Any]) -> [[String: Any]] {
        content["parts"] as? [[String: Any]] ?? []
    }

    func testGeminiThinkingTwoCallsInOneChunkUsageAndTheImageGoesOut() async throws {
        fixture.update { $0.answer = Self.toolAnswer }
        let (events, _) = try await collectTurn(engine(geminiEndpoint()), toolTurn())
        let summary = try finishedSummary(events)

        XCTAssertTrue(summary.complete, "a reply that ends in calls is complete")
        XCTAssertEqual(summary.finishReason, "tool_calls")
        XCTAssertEqual(summary.text, "Checking both.", "the inlineData echo adds no text")
        XCTAssertEqual(summary.toolCalls.map(\.name), ["weather", "weather"])
        XCTAssertEqual(summary.toolCalls.map(\.arguments), [#"{"city":"Paris","unit":"°C"}"#, #"{"city":"Rome"}"#])
        let ids = summary.toolCalls.map(\.id)
        XCTAssertEqual(Set(ids).count, 2)
        XCTAssertTrue(ids.allSatisfy { $0.hasPrefix("call_") }, "\(ids)")
        XCTAssertNotNil(summary.toolCalls[0].signature, "the first call's signature is kept")
        XCTAssertNil(summary.toolCalls[1].signature)
        XCTAssertEqual(summary.reasoning.map(\.text), ["The user wants two cities."])
        XCTAssertNotNil(summary.reasoning.first?.signature)
        XCTAssertEqual(summary.reasoning.first?.origin?.wire, .gemini)
        let streamedThinking = events.compactMap { if case .reasoning(let text) = $0 { text } else { nil } }.joined()
        XCTAssertEqual(streamedThinking, "The user wants two cities.")
        XCTAssertEqual(summary.usage, FixtureAnswer.standardUsage, "thoughts and cached tokens read")
        XCTAssertEqual(summary.cost, Self.price.cost(of: FixtureAnswer.standardUsage))

        let body = try lastBody()
        let config = try XCTUnwrap(body["generationConfig"] as? [String: Any])
        XCTAssertEqual(config["maxOutputTokens"] as? Int, 512)
        XCTAssertEqual(config["thinkingConfig"] as? NSDictionary, ["includeThoughts": true, "thinkingBudget": 1024])
        XCTAssertEqual((body["toolConfig"] as? [String: [String: String]])?["functionCallingConfig"], ["mode": "AUTO"])
        let declaration = try XCTUnwrap(((body["tools"] as? [[String: Any]])?.first?["functionDeclarations"] as? [[String: Any]])?.first)
        XCTAssertEqual(declaration["name"] as? String, "weather")
        XCTAssertNil((declaration["parameters"] as? [String: Any])?["additionalProperties"])
        let sent = parts(try contents()[0])
        XCTAssertEqual(sent.last?["inlineData"] as? [String: String], ["mimeType": "image/png", "data": "iVBORw0KGgo="])
    }

    func testSignaturesGoBackOnTheNextGeminiTurn() async throws {
        fixture.update { $0.answer = Self.toolAnswer }
        let engine = engine(geminiEndpoint())
        var turn = try toolTurn()
        let first = try finishedSummary(try await collectTurn(engine, turn).events)

        fixture.update { $0.answer = FixtureAnswer(text: "Paris 18°C, Rome 24°C.") }
        turn.messages += [first.message] + first.toolCalls.map { .toolResult(ToolResult(callID: $0.id, text: "sunny")) }
        let second = try finishedSummary(try await collectTurn(engine, turn).events)
        XCTAssertEqual(second.finishReason, "STOP")
        XCTAssertEqual(second.text, "Paris 18°C, Rome 24°C.")

        let turns = try contents()
        XCTAssertEqual(turns.map { $0["role"] as? String }, ["user", "model", "user"])
        let model = parts(turns[1])
        XCTAssertEqual(model[0]["thought"] as? Bool, true)
        XCTAssertEqual(model[0]["thoughtSignature"] as? String, first.reasoning.first?.signature)
        XCTAssertEqual(model[1]["text"] as? String, "Checking both.")
        XCTAssertEqual(model[2]["thoughtSignature"] as? String, first.toolCalls[0].signature)
        XCTAssertEqual(model.compactMap { ($0["functionCall"] as? [String: Any])?["name"] as? String }, ["weather", "weather"])
        let responses = parts(turns[2]).compactMap { $0["functionResponse"] as? [String: Any] }
        XCTAssertEqual(responses.map { $0["name"] as? String }, ["weather", "weather"])
        XCTAssertEqual(responses.map { $0["response"] as? [String: String] }, [["output": "sunny"], ["output": "sunny"]])
    }

    /// OpenAI calls a tool; Gemini gets the history in its shape (OpenAI's thinking left out), answers with its own
    /// calls; OpenAI gets Gemini's calls back under the ids Gemini's were given, each result answering its call.
    func testAToolConversationMovesFromOpenAIToGeminiAndBack() async throws {
        var openAIAnswer = FixtureAnswer(chunks: ["Looking."], finish: .toolCalls)
        openAIAnswer.reasoning = ["OpenAI private thoughts"]
        openAIAnswer.toolCalls = [FixtureToolCall(id: "call_oa_1", name: "weather", argumentChunks: [#"{"city": "Oslo"}"#])]
        fixture.update { $0.answer = openAIAnswer }
        var turn = try toolTurn()
        let onOpenAI = try finishedSummary(try await collectTurn(engine(openAIEndpoint()), turn).events)
        XCTAssertEqual(onOpenAI.toolCalls.map(\.id), ["call_oa_1"])
        turn.messages += [onOpenAI.message, .toolResult(ToolResult(callID: "call_oa_1", text: #"{"temp": -3}"#)),
                          .user("And Paris and Rome?")]

        fixture.update { $0.answer = Self.toolAnswer }
        let onGemini = try finishedSummary(try await collectTurn(engine(geminiEndpoint()), turn).events)
        XCTAssertEqual(onGemini.finishReason, "tool_calls")
        let geminiTurns = try contents()
        XCTAssertEqual(geminiTurns.map { $0["role"] as? String }, ["user", "model", "user"])
        let model = parts(geminiTurns[1])
        XCTAssertEqual(model.compactMap { $0["text"] as? String }, ["Looking."], "OpenAI's thinking is not sent to Gemini")
        XCTAssertEqual((model.last?["functionCall"] as? [String: Any])?["args"] as? [String: String], ["city": "Oslo"])
        let answer = parts(geminiTurns[2])
        let response = try XCTUnwrap(answer.first?["functionResponse"] as? [String: Any])
        XCTAssertEqual(response["name"] as? String, "weather", "the result is matched to its call's name by id")
        XCTAssertEqual(response["response"] as? [String: Int], ["temp": -3])
        XCTAssertEqual(answer.last?["text"] as? String, "And Paris and Rome?")

        turn.messages += [onGemini.message] + onGemini.toolCalls.enumerated().map { index, call in
            .toolResult(ToolResult(callID: call.id, text: index == 0 ? "18" : "24"))
        }
        fixture.update { $0.answer = FixtureAnswer(text: "Oslo -3, Paris 18, Rome 24.") }
        let back = try finishedSummary(try await collectTurn(engine(openAIEndpoint()), turn).events)
        XCTAssertEqual(back.text, "Oslo -3, Paris 18, Rome 24.")
        let messages = try XCTUnwrap(try lastBody()["messages"] as? [[String: Any]])
        XCTAssertEqual(messages.map { $0["role"] as? String }, ["user", "assistant", "tool", "user", "assistant", "tool", "tool"])
        let geminiCalls = try XCTUnwrap(messages[4]["tool_calls"] as? [[String: Any]])
        XCTAssertEqual(geminiCalls.map { $0["id"] as? String }, onGemini.toolCalls.map(\.id))
        XCTAssertEqual(messages[5]["tool_call_id"] as? String, onGemini.toolCalls[0].id)
        XCTAssertEqual(messages[6]["tool_call_id"] as? String, onGemini.toolCalls[1].id)
        XCTAssertEqual(messages[6]["content"] as? String, "24")
    }

    /// Anthropic thinks (signed) and calls a tool; Gemini continues without Anthropic's thinking and answers the
    /// result by name; Anthropic gets Gemini's calls back under Gemini's ids, without Gemini's thinking.
    func testAToolConversationMovesFromAnthropicToGeminiAndBack() async throws {
        let anthropic = ProviderEndpoint(name: "anthropic", wire: .anthropic, baseURL: fixture.anthropicBaseURL, apiKey: "sk-ant-1")
        var anthropicAnswer = FixtureAnswer(chunks: ["Looking."], finish: .toolCalls)
        anthropicAnswer.reasoning = ["Claude private thoughts"]
        anthropicAnswer.toolCalls = [FixtureToolCall(id: "toolu_01Oslo", name: "weather", argumentChunks: [#"{"city": "Oslo"}"#])]
        fixture.update { $0.answer = anthropicAnswer }
        var turn = try toolTurn()
        let onAnthropic = try finishedSummary(try await collectTurn(engine(anthropic), turn).events)
        XCTAssertEqual(onAnthropic.reasoning.first?.origin?.wire, .anthropic)
        turn.messages += [onAnthropic.message, .toolResult(ToolResult(callID: "toolu_01Oslo", text: "-3"))]
        XCTAssertEqual(GeminiAdapter.historyNotes(for: ChatRequest(messages: turn.messages)).count, 1)

        fixture.update { $0.answer = Self.toolAnswer }
        let onGemini = try finishedSummary(try await collectTurn(engine(geminiEndpoint()), turn).events)
        let geminiTurns = try contents()
        let model = parts(geminiTurns[1])
        XCTAssertEqual(model.compactMap { $0["text"] as? String }, ["Looking."], "Anthropic's thinking is not sent to Gemini")
        XCTAssertTrue(model.allSatisfy { $0["thought"] == nil && $0["thoughtSignature"] == nil })
        let response = try XCTUnwrap(parts(geminiTurns[2]).first?["functionResponse"] as? [String: Any])
        XCTAssertEqual(response["name"] as? String, "weather")
        XCTAssertEqual(response["response"] as? [String: String], ["output": "-3"])

        turn.messages += [onGemini.message] + onGemini.toolCalls.map { .toolResult(ToolResult(callID: $0.id, text: "20")) }
        fixture.update { $0.answer = FixtureAnswer(text: "Oslo -3, Paris 20, Rome 20.") }
        let back = try finishedSummary(try await collectTurn(engine(anthropic), turn).events)
        XCTAssertEqual(back.text, "Oslo -3, Paris 20, Rome 20.")
        let messages = try XCTUnwrap(try lastBody()["messages"] as? [[String: Any]])
        let blocks = messages.flatMap { $0["content"] as? [[String: Any]] ?? [] }
        let uses = blocks.filter { $0["type"] as? String == "tool_use" }.compactMap { $0["id"] as? String }
        let answers = blocks.filter { $0["type"] as? String == "tool_result" }.compactMap { $0["tool_use_id"] as? String }
        XCTAssertEqual(uses, ["toolu_01Oslo"] + onGemini.toolCalls.map(\.id))
        XCTAssertEqual(answers, uses, "each result answers its call")
        XCTAssertFalse(blocks.contains { $0["type"] as? String == "thinking" && $0["thinking"] as? String == "The user wants two cities." },
                       "Gemini's thinking is not sent to Anthropic")
        XCTAssertFalse(blocks.contains { ($0["text"] as? String)?.contains("two cities") == true })
    }
}
