import Foundation
@testable import SwitchboardCore
import XCTest

/// A history with tool calls in a request that offers no tools, on the wires that accept it: OpenAI Chat takes
/// `tool_calls` and `tool` messages without `tools`, and Gemini `functionCall` / `functionResponse` parts without
/// `tools`, so they keep their structured form and say nothing (Anthropic refuses and gets text:
/// AnthropicToolTextTests).
final class ToolHistoryWithoutToolsTests: XCTestCase {
    private let history: [ChatMessage] = [
        .user("What time is it in UTC?"),
        ChatMessage(role: .assistant, parts: [.toolCall(ToolCall(id: "call_1", name: "get_time", arguments: #"{"tz":"UTC"}"#))]),
        .toolResult(ToolResult(callID: "call_1", text: "12:00")),
        .user("And in Tokyo?"),
    ]

    private func body(_ adapter: any ProviderAdapter, wire: WireProtocol) throws -> [String: Any] {
        let endpoint = ProviderEndpoint(name: "p", wire: wire, baseURL: URL(fileURLWithPath: "/"), apiKey: "k")
        let http = try adapter.makeRequest(ChatRequest(messages: history), model: "m", endpoint: endpoint)
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(http.body)) as? [String: Any])
    }

    func testOpenAIChatKeepsToolCallsAndToolMessages() throws {
        let json = try body(OpenAIChatAdapter(), wire: .openAIChat)
        XCTAssertNil(json["tools"])
        let messages = try XCTUnwrap(json["messages"] as? [[String: Any]])
        XCTAssertEqual(messages.map { $0["role"] as? String }, ["user", "assistant", "tool", "user"])
        XCTAssertEqual(((messages[1]["tool_calls"] as? [[String: Any]])?.first?["function"] as? [String: Any])?["name"] as? String,
                       "get_time")
        XCTAssertEqual(messages[2]["tool_call_id"] as? String, "call_1")
        XCTAssertTrue(OpenAIChatAdapter().historyNotes(for: ChatRequest(messages: history)).isEmpty)
    }

    func testGeminiKeepsFunctionCallAndResponseParts() throws {
        let json = try body(GeminiAdapter(), wire: .gemini)
        XCTAssertNil(json["tools"])
        let contents = try XCTUnwrap(json["contents"] as? [[String: Any]])
        let parts = contents.flatMap { $0["parts"] as? [[String: Any]] ?? [] }
        XCTAssertEqual((parts.compactMap { $0["functionCall"] as? [String: Any] }.first)?["name"] as? String, "get_time")
        XCTAssertEqual((parts.compactMap { $0["functionResponse"] as? [String: Any] }.first)?["name"] as? String, "get_time")
        XCTAssertTrue(GeminiAdapter.historyNotes(for: ChatRequest(messages: history)).isEmpty)
    }
}
