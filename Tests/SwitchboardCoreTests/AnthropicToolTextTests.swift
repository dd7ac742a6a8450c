import Foundation
@testable import SwitchboardCore
import XCTest

/// A history with tool calls sent to Anthropic in a request that offers no tools: the API refuses `tool_use` and
/// `tool_result` blocks then, so the calls and results go as text in their turns and a note says so.
final class AnthropicToolTextTests: XCTestCase {
    private let endpoint = ProviderEndpoint(name: "anthropic", wire: .anthropic,
                                            baseURL: URL(fileURLWithPath: "/"), apiKey: "k")

    private let history: [ChatMessage] = [
        .user("What time is it in UTC?"),
        ChatMessage(role: .assistant, parts: [
            .text("Checking."),
            .toolCall(ToolCall(id: "call_1", name: "get_time", arguments: #"{"tz":"UTC"}"#)),
        ]),
        .toolResult(ToolResult(callID: "call_1", text: "12:00")),
        .user("And in Tokyo?"),
    ]

    private func messages(_ request: ChatRequest) throws -> [[String: Any]] {
        let body = try AnthropicAdapter().makeRequest(request, model: "m", endpoint: endpoint).body
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
        XCTAssertNil(json["tools"])
        return try XCTUnwrap(json["messages"] as? [[String: Any]])
    }

    func testWithoutToolsCallsAndResultsGoAsTextInTheirTurns() throws {
        let sent = try messages(ChatRequest(messages: history))
        XCTAssertEqual(sent.map { $0["role"] as? String }, ["user", "assistant", "user"])
        XCTAssertEqual(sent[1]["content"] as? String, "Checking.\n\n" + #"[called get_time({"tz":"UTC"})]"#)
        XCTAssertEqual(sent[2]["content"] as? String, "[get_time returned: 12:00]\n\nAnd in Tokyo?")
        let text = String(decoding: try AnthropicAdapter().makeRequest(ChatRequest(messages: history), model: "m",
                                                                        endpoint: endpoint).body, as: UTF8.self)
        XCTAssertFalse(text.contains("tool_use"), text)
        XCTAssertFalse(text.contains("tool_result"), text)
    }

    func testAnErrorResultAndAResultsAttachmentsAreKept() throws {
        let history: [ChatMessage] = [
            .user("Plot it"),
            ChatMessage(role: .assistant, parts: [.toolCall(ToolCall(id: "c.2", name: "plot", arguments: ""))]),
            .toolResult(ToolResult(callID: "c.2", content: [.text("no data"), .image(ImagePart(data: Data([1]), mediaType: "image/png"))],
                                   isError: true)),
        ]
        let sent = try messages(ChatRequest(messages: history))
        XCTAssertEqual(sent[1]["content"] as? String, "[called plot()]")
        let blocks = try XCTUnwrap(sent[2]["content"] as? [[String: Any]])
        XCTAssertEqual(blocks.first?["text"] as? String, "[plot failed: no data]")
        XCTAssertEqual(blocks.last?["type"] as? String, "image")
    }

    func testWithToolsOfferedTheBlocksStay() throws {
        let tool = ToolDefinition(name: "get_time", description: nil, parameters: try JSONText(#"{"type":"object"}"#))
        var options = ChatOptions.none
        options.tools = [tool]
        let body = try AnthropicAdapter().makeRequest(ChatRequest(messages: history, options: options), model: "m", endpoint: endpoint).body
        let text = String(decoding: body, as: UTF8.self)
        XCTAssertTrue(text.contains(#""type":"tool_use""#), text)
        XCTAssertTrue(text.contains(#""type":"tool_result""#), text)
        XCTAssertTrue(AnthropicAdapter.historyNotes(for: ChatRequest(messages: history, options: options)).isEmpty)
    }

    /// A structured answer is asked through a tool, so the request defines tools and the blocks are allowed.
    func testAResponseSchemaDefinesATool() throws {
        var options = ChatOptions.none
        options.responseFormat = .jsonObject
        let text = String(decoding: try AnthropicAdapter().makeRequest(ChatRequest(messages: history, options: options),
                                                                       model: "m", endpoint: endpoint).body, as: UTF8.self)
        XCTAssertTrue(text.contains(#""type":"tool_use""#), text)
    }

    func testTheNoteCountsWhatWentAsText() {
        XCTAssertEqual(AnthropicAdapter.historyNotes(for: ChatRequest(messages: history)),
                       ["1 tool call and 1 tool result sent as text: this request offers no tools, "
                        + "and Anthropic refuses tool blocks without them"])
        XCTAssertTrue(AnthropicAdapter.historyNotes(for: ChatRequest(messages: [.user("hi")])).isEmpty)
    }

    /// With no tools the calls are text, so thinking is not turned off for answering another vendor's calls.
    func testThinkingStaysOnWhenTheCallsGoAsText() throws {
        var options = ChatOptions.none
        options.reasoning = .effort(.high)
        let body = try AnthropicAdapter().makeRequest(ChatRequest(messages: history, maxTokens: 2000, options: options),
                                                      model: "m", endpoint: endpoint).body
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
        XCTAssertNotNil(json["thinking"])
    }
}
