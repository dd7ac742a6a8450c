import Foundation
import SwitchboardCore
import SwitchboardHTTP
import SwitchboardTestSupport
import XCTest

/// A session that used tools goes on with Anthropic in a turn that offers none (the workbench, `ask --session`
/// without `--tools`): through the engine over 127.0.0.1 the calls and results reach Anthropic as text, a notice
/// says so, and the answer comes back.
final class AnthropicToolTextWireTests: FixtureTestCase {
    private var anthropic: ProviderEndpoint {
        ProviderEndpoint(name: "anthropic", wire: .anthropic, baseURL: fixture.anthropicBaseURL, apiKey: "sk-ant-1")
    }

    private func engine() -> RoutingEngine {
        let deployment = Deployment(provider: "anthropic", providerModel: "claude-x",
                                    price: Price(input: Decimal(string: "0.000003"), output: Decimal(string: "0.000015")))
        let catalog = ModelCatalog(models: [CatalogModel(id: "acme/claude", name: "Claude", deployments: [deployment])])
        let planner = RoutePlanner(catalog: catalog, registry: ProviderRegistry(endpoints: [anthropic]))
        return RoutingEngine(planner: planner, transport: transport,
                             timeouts: Timeouts(connect: .seconds(2), firstToken: .seconds(2), stall: .seconds(2)))
    }

    /// The tool round was made on OpenAI (its call id); the next turn names no tools.
    private func turn() throws -> TurnRequest {
        let history: [ChatMessage] = [
            .user("What time is it in UTC?"),
            ChatMessage(role: .assistant, parts: [.toolCall(ToolCall(id: "call_Xy12", name: "get_time", arguments: #"{"tz":"UTC"}"#))]),
            .toolResult(ToolResult(callID: "call_Xy12", text: "12:00")),
            ChatMessage(role: .assistant, text: "It is 12:00 UTC."),
            .user("Thanks. And what did the tool say exactly?"),
        ]
        return TurnRequest(messages: history, model: try ModelRef(parsing: "acme/claude"), maxTokens: 500)
    }

    func testToolHistoryGoesAsTextWhenTheTurnOffersNoTools() async throws {
        let (events, text) = try await collectTurn(engine(), turn())
        let summary = try finishedSummary(events)
        XCTAssertTrue(summary.complete)
        XCTAssertEqual(text, answer.chunks.joined())

        let notices = events.compactMap { if case .notice(let text) = $0 { text } else { nil } }
        XCTAssertTrue(notices.contains("anthropic: 1 tool call and 1 tool result sent as text: this request offers no tools, "
                                       + "and Anthropic refuses tool blocks without them"), "\(notices)")

        let body = try XCTUnwrap(fixture.recordedRequests().last?.jsonBody())
        XCTAssertNil(body["tools"])
        let messages = try XCTUnwrap(body["messages"] as? [[String: Any]])
        XCTAssertEqual(messages.map { $0["role"] as? String }, ["user", "assistant", "user", "assistant", "user"])
        XCTAssertEqual(messages[1]["content"] as? String, #"[called get_time({"tz":"UTC"})]"#)
        XCTAssertEqual(messages[2]["content"] as? String, "[get_time returned: 12:00]")
        let raw = String(decoding: try XCTUnwrap(fixture.recordedRequests().last?.body), as: UTF8.self)
        XCTAssertFalse(raw.contains("tool_use"), raw)
        XCTAssertFalse(raw.contains("tool_result"), raw)
    }
}
