import Foundation
import SwitchboardCore
import SwitchboardHTTP
import XCTest

/// A tool conversation across llmock's three protocols, driven through the engine in process (`ask` never runs a
/// tool, so it cannot send a result): a model calls a tool on one protocol, the result goes back on another (or
/// the same), and llmock, whose auto mode answers in text only once the last turn is a tool result in that
/// protocol's own shape, answers. A result sent in the wrong shape would be called again.
final class LlmockToolRoundTripTests: XCTestCase {
    private var server: LlmockServer!
    private var transport: AsyncHTTPTransport!

    private struct Side {
        var provider: String
        var wire: WireProtocol
        var path: String
        var model: String
    }

    private let sides = [Side(provider: "openai", wire: .openAIChat, path: "/v1", model: "gpt-4o-mini"),
                         Side(provider: "anthropic", wire: .anthropic, path: "/anthropic", model: "claude-sonnet-4-5"),
                         Side(provider: "gemini", wire: .gemini, path: "/gemini", model: "gemini-2.5-flash")]

    // llmock is started and stopped on the main thread: a process spawned from a concurrency pool thread inherits
    // that thread's blocked signals, SIGTERM among them, and then `stop()` waits forever for it to exit.
    override func setUpWithError() throws {
        server = try LlmockServer.start()
    }

    override func setUp() async throws {
        transport = AsyncHTTPTransport()
    }

    override func tearDown() async throws {
        try await transport?.shutdown()
    }

    override func tearDown() {
        server?.stop()
    }

    private func engine(_ side: Side) throws -> RoutingEngine {
        let url = try XCTUnwrap(URL(string: server.baseURL + side.path))
        let endpoint = ProviderEndpoint(name: side.provider, wire: side.wire, baseURL: url, apiKey: "sk-llmock-test-0001")
        let price = Price(input: Decimal(string: "0.000001"), output: Decimal(string: "0.000004"))
        let deployment = Deployment(provider: side.provider, providerModel: side.model, price: price)
        let catalog = ModelCatalog(models: [CatalogModel(id: "acme/tools", name: "Tools", deployments: [deployment])])
        let planner = RoutePlanner(catalog: catalog, registry: ProviderRegistry(endpoints: [endpoint]))
        return RoutingEngine(planner: planner, transport: transport,
                             timeouts: Timeouts(connect: .seconds(5), firstToken: .seconds(5), stall: .seconds(5)))
    }

    private func summary(_ engine: RoutingEngine, _ turn: TurnRequest) async throws -> TurnSummary {
        for try await event in engine.run(turn) {
            if case .finished(let summary) = event { return summary }
        }
        throw LlmockError.badResponse("the turn ended without a summary")
    }

    private static func tools() throws -> [ToolDefinition] {
        [ToolDefinition(name: "get_weather", description: "Current weather for a city", parameters: try JSONText(
            #"{"type":"object","properties":{"city":{"type":"string"},"unit":{"type":"string","enum":["celsius","fahrenheit"]}},"required":["city"]}"#)),
         ToolDefinition(name: "search_files", description: "Search the project files", parameters: try JSONText(
            #"{"type":"object","properties":{"query":{"type":"string"}},"required":["query"]}"#))]
    }

    func testAToolCalledOnOneProtocolIsAnsweredOnEachProtocol() async throws {
        for first in sides {
            for second in sides {
                let pair = "\(first.provider) -> \(second.provider)"
                try server.reset()
                var turn = TurnRequest(messages: [ChatMessage(role: .user, text: "What is the weather in Paris?")],
                                       model: try ModelRef(parsing: "acme/tools"), maxTokens: 512,
                                       options: ChatOptions(tools: try Self.tools(), toolChoice: .auto))
                let called = try await summary(try engine(first), turn)
                XCTAssertEqual(called.finishReason, "tool_calls", pair)
                let call = try XCTUnwrap(called.toolCalls.first, pair)
                XCTAssertEqual(called.toolCalls.map(\.name), ["get_weather"], pair)
                XCTAssertEqual(try object(call.arguments)["city"] as? String, "mock-city", pair)

                // The result answers the call by its id alone; the adapter finds the name where its protocol needs it.
                turn.messages += [called.message, .toolResult(ToolResult(callID: call.id, text: "18 °C and sunny"))]
                let answered = try await summary(try engine(second), turn)
                XCTAssertTrue(answered.complete, pair)
                XCTAssertTrue(answered.toolCalls.isEmpty, "\(pair): llmock read the result as one, so it did not call again")
                XCTAssertNotEqual(answered.finishReason, "tool_calls", pair)
                XCTAssertFalse(answered.text.isEmpty, pair)

                let sent = try XCTUnwrap(try server.served().last?["body"] as? [String: Any], pair)
                try checkHistory(sent, on: second.provider, pair: pair)
            }
        }
    }

    /// The call and its result in the second protocol's shape, the result naming the call it answers.
    private func checkHistory(_ body: [String: Any], on provider: String, pair: String) throws {
        switch provider {
        case "openai":
            let messages = try XCTUnwrap(body["messages"] as? [[String: Any]], pair)
            XCTAssertEqual(messages.map { $0["role"] as? String }, ["user", "assistant", "tool"], pair)
            let call = try XCTUnwrap((messages[1]["tool_calls"] as? [[String: Any]])?.first, pair)
            XCTAssertEqual((call["function"] as? [String: Any])?["name"] as? String, "get_weather", pair)
            XCTAssertEqual(messages[2]["tool_call_id"] as? String, call["id"] as? String, pair)
            XCTAssertEqual(messages[2]["content"] as? String, "18 °C and sunny", pair)
        case "anthropic":
            let messages = try XCTUnwrap(body["messages"] as? [[String: Any]], pair)
            XCTAssertEqual(messages.map { $0["role"] as? String }, ["user", "assistant", "user"], pair)
            let use = try XCTUnwrap((messages[1]["content"] as? [[String: Any]])?.first { $0["type"] as? String == "tool_use" }, pair)
            XCTAssertEqual(use["name"] as? String, "get_weather", pair)
            let result = try XCTUnwrap((messages[2]["content"] as? [[String: Any]])?.first, pair)
            XCTAssertEqual(result["type"] as? String, "tool_result", pair)
            XCTAssertEqual(result["tool_use_id"] as? String, use["id"] as? String, pair)
        default:
            let contents = try XCTUnwrap(body["contents"] as? [[String: Any]], pair)
            XCTAssertEqual(contents.map { $0["role"] as? String }, ["user", "model", "user"], pair)
            let parts = { (index: Int) in contents[index]["parts"] as? [[String: Any]] ?? [] }
            let call = try XCTUnwrap(parts(1).compactMap { $0["functionCall"] as? [String: Any] }.first, pair)
            XCTAssertEqual(call["name"] as? String, "get_weather", pair)
            let response = try XCTUnwrap(parts(2).compactMap { $0["functionResponse"] as? [String: Any] }.first, pair)
            XCTAssertEqual(response["name"] as? String, "get_weather", "\(pair): matched to its call's name by id")
        }
    }

    private func object(_ json: String) throws -> [String: Any] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    }
}
