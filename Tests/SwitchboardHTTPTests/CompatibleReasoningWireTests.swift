import Foundation
import SwitchboardCore
import SwitchboardHTTP
import SwitchboardTestSupport
import XCTest

/// Thinking from OpenAI-compatible servers over HTTP on 127.0.0.1: Groq asked for it gets `reasoning_format:
/// parsed` and its own effort words, and thinking left inline as `<think>…</think>` (Groq's default `raw`, Ollama
/// and vLLM serving DeepSeek-R1 or Qwen3) arrives as thinking, never as the answer.
final class CompatibleReasoningWireTests: FixtureTestCase {
    private static let thinking = ["The user asks for ", "a capital."]

    private func engine(_ endpoint: ProviderEndpoint, model: String) -> RoutingEngine {
        let price = Price(input: Decimal(string: "0.000001"), output: Decimal(string: "0.000002"))
        let deployment = Deployment(provider: endpoint.name, providerModel: model, price: price, capabilities: [.reasoning])
        let catalog = ModelCatalog(models: [CatalogModel(id: "acme/thinker", name: "Thinker", deployments: [deployment])])
        let planner = RoutePlanner(catalog: catalog, registry: ProviderRegistry(endpoints: [endpoint]))
        return RoutingEngine(planner: planner, transport: transport,
                             timeouts: Timeouts(connect: .seconds(2), firstToken: .seconds(2), stall: .seconds(2)))
    }

    /// An endpoint with the directory's quirks for `name`, at the fixture's OpenAI-style address.
    private func endpoint(_ name: String) throws -> ProviderEndpoint {
        let known = try XCTUnwrap(ProviderDirectory.provider(named: name))
        return ProviderEndpoint(name: name, wire: known.wire, baseURL: fixture.openAIBaseURL, apiKey: "key-1", quirks: known.quirks)
    }

    private func turn(_ reasoning: ReasoningSetting?) throws -> TurnRequest {
        TurnRequest(messages: [.user("Capital of France?")], model: try ModelRef(parsing: "acme/thinker"),
                    options: ChatOptions(reasoning: reasoning))
    }

    private func lastBody() throws -> [String: Any] {
        try XCTUnwrap(fixture.recordedRequests().last?.jsonBody())
    }

    private func streamed(_ events: [EngineEvent]) -> (thinking: String, text: String) {
        var thinking = "", text = ""
        for event in events {
            if case .reasoning(let piece) = event { thinking += piece }
            if case .delta(let piece) = event { text += piece }
        }
        return (thinking, text)
    }

    // MARK: Groq, parsed

    func testGroqAskedForThinkingGetsItParsedAndReadsTheReasoningField() async throws {
        fixture.update { $0.answer = FixtureAnswer(chunks: ["Paris."]); $0.answer.reasoning = Self.thinking }
        let (events, _) = try await collectTurn(engine(try endpoint("groq"), model: "openai/gpt-oss-120b"), try turn(.effort(.high)))
        let body = try lastBody()
        XCTAssertEqual(body["reasoning_format"] as? String, "parsed")
        XCTAssertEqual(body["reasoning_effort"] as? String, "high")
        XCTAssertNil(body["include_reasoning"])

        let summary = try finishedSummary(events)
        XCTAssertTrue(summary.complete)
        XCTAssertEqual(summary.text, "Paris.")
        XCTAssertEqual(summary.reasoning.map(\.text), ["The user asks for a capital."])
        XCTAssertEqual(streamed(events).thinking, "The user asks for a capital.")
        XCTAssertEqual(summary.message.parts.first, .reasoning(summary.reasoning[0]), "stored as a reasoning part")
    }

    func testGroqQwenTakesItsOwnEffortWords() async throws {
        let groq = try endpoint("groq")
        _ = try await collectTurn(engine(groq, model: "qwen/qwen3-32b"), try turn(.effort(.low)))
        var body = try lastBody()
        XCTAssertEqual(body["reasoning_effort"] as? String, "default")
        XCTAssertEqual(body["reasoning_format"] as? String, "parsed")

        _ = try await collectTurn(engine(groq, model: "qwen/qwen3-32b"), try turn(.off))
        body = try lastBody()
        XCTAssertEqual(body["reasoning_effort"] as? String, "none")
        XCTAssertNil(body["reasoning_format"], "nothing to format when thinking is off")

        // gpt-oss cannot stop thinking, and models that do not think refuse the field: off sends nothing.
        _ = try await collectTurn(engine(groq, model: "openai/gpt-oss-20b"), try turn(.off))
        body = try lastBody()
        XCTAssertNil(body["reasoning_effort"])
        XCTAssertNil(body["reasoning_format"])

        _ = try await collectTurn(engine(groq, model: "llama-3.3-70b-versatile"), try turn(nil))
        body = try lastBody()
        XCTAssertNil(body["reasoning_effort"])
        XCTAssertNil(body["reasoning_format"])
    }

    // MARK: Inline <think>

    /// Groq's default (`raw`), Ollama and vLLM: the thinking opens the content, its tags cut across chunks.
    private static let inline = FixtureAnswer(chunks: ["<th", "ink>\nThe user asks for ", "a capital.\n</thi", "nk>\n\nPar",
                                                       "is. Models write <think> ", "tags sometimes."])

    func testInlineThinkingFromGroqOllamaAndAConfiguredServerArrivesAsThinking() async throws {
        fixture.update { $0.answer = Self.inline }
        var vllm = try endpoint("groq")
        vllm.name = "my-vllm"
        vllm.quirks = WireQuirks(thinkTags: true)
        for endpoint in [try endpoint("groq"), try endpoint("ollama"), vllm] {
            let (events, _) = try await collectTurn(engine(endpoint, model: "qwen3:8b"), try turn(nil))
            let summary = try finishedSummary(events)
            XCTAssertTrue(summary.complete, endpoint.name)
            XCTAssertEqual(summary.text, "Paris. Models write <think> tags sometimes.", endpoint.name)
            XCTAssertEqual(summary.reasoning.map(\.text), ["The user asks for a capital."], endpoint.name)
            XCTAssertEqual(streamed(events).thinking, "The user asks for a capital.", endpoint.name)
            XCTAssertEqual(streamed(events).text, summary.text, endpoint.name)
        }
    }

    func testAServerWithoutTheQuirkKeepsTheTagsAsText() async throws {
        fixture.update { $0.answer = Self.inline }
        let openAI = ProviderEndpoint(name: "openai", wire: .openAIChat, baseURL: fixture.openAIBaseURL, apiKey: "key-1")
        let (events, _) = try await collectTurn(engine(openAI, model: "gpt-4o"), try turn(nil))
        let summary = try finishedSummary(events)
        XCTAssertEqual(summary.text, Self.inline.text)
        XCTAssertEqual(summary.reasoning, [])
    }

    func testInlineThinkingCutOffMidStreamIsKeptAsThinking() async throws {
        fixture.update { $0.answer = Self.inline }
        fixture.faults.enqueue(.disconnectAfter(chunks: 3))
        let (events, _) = try await collectTurn(engine(try endpoint("ollama"), model: "qwen3:8b"), try turn(nil))
        let summary = try finishedSummary(events)
        XCTAssertFalse(summary.complete)
        XCTAssertEqual(summary.text, "")
        XCTAssertEqual(streamed(events).thinking, "The user asks for a capital.")
        XCTAssertEqual(summary.reasoning.map(\.text), ["The user asks for a capital."])
    }
}
