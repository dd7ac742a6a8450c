import Foundation
@testable import SwitchboardCore
import XCTest

/// The neutral message parts: what `text` means now that a message holds more than text, and that the JSON
/// already written for text messages still reads.
final class ContentPartTests: XCTestCase {
    func testTextIsOnlyTheVisibleText() {
        let message = ChatMessage(role: .assistant, parts: [
            .reasoning(ReasoningPart(text: "let me think", signature: "sig")),
            .text("It is "),
            .toolCall(ToolCall(id: "call_1", name: "weather", arguments: #"{"city":"Paris"}"#)),
            .text("sunny."),
        ])
        XCTAssertEqual(message.text, "It is sunny.")
        XCTAssertEqual(message.toolCalls.map(\.name), ["weather"])
        XCTAssertEqual(message.reasoning.map(\.text), ["let me think"])
        XCTAssertFalse(message.isTextOnly)
        XCTAssertTrue(ChatMessage.user("hi").isTextOnly)
    }

    func testATextMessageWrittenBeforePartsExistedStillDecodes() throws {
        // The synthesized coding of the one-case enum this type used to be.
        let old = #"{"role":"user","parts":[{"text":{"_0":"Hello"}},{"text":{"_0":" there"}}]}"#
        let message = try JSONDecoder().decode(ChatMessage.self, from: Data(old.utf8))
        XCTAssertEqual(message, ChatMessage(role: .user, parts: [.text("Hello"), .text(" there")]))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let again = String(decoding: try encoder.encode(ChatMessage(role: .user, text: "Hello")), as: UTF8.self)
        XCTAssertEqual(again, #"{"parts":[{"text":{"_0":"Hello"}}],"role":"user"}"#)
    }

    func testEveryPartRoundTrips() throws {
        let origin = ReasoningOrigin(wire: .anthropic, provider: "anthropic", model: "claude-sonnet-4-5")
        let message = ChatMessage(role: .assistant, parts: [
            .reasoning(ReasoningPart(text: "hmm", signature: "EqQB", origin: origin)),
            .reasoning(ReasoningPart(text: "", redactedData: "opaque==", origin: origin)),
            .image(ImagePart(data: Data([0x89, 0x50, 0x4E, 0x47]), mediaType: "image/png")),
            .image(ImagePart(url: try XCTUnwrap(URL(string: "https://example.com/cat.jpg")))),
            .document(DocumentPart(data: Data("%PDF-1.7".utf8), mediaType: "application/pdf", name: "report.pdf")),
            .toolCall(ToolCall(id: "toolu_1", name: "f", arguments: "{}", signature: "gsig")),
        ])
        let tool = ChatMessage.toolResult(ToolResult(callID: "toolu_1", content: [.text("42")], isError: true, name: "f"))
        for original in [message, tool] {
            let decoded = try JSONDecoder().decode(ChatMessage.self, from: JSONEncoder().encode(original))
            XCTAssertEqual(decoded, original)
        }
        XCTAssertEqual(tool.role, .tool)
        XCTAssertEqual(tool.toolResults.first?.text, "42")
        XCTAssertEqual(tool.text, "", "a tool result is not visible answer text")
    }

    func testInlineBytesBecomeADataURL() {
        let source = MediaSource.bytes(Data([0xFF, 0xD8, 0xFF]), mediaType: "image/jpeg")
        XCTAssertEqual(source.urlString, "data:image/jpeg;base64,/9j/")
        XCTAssertEqual(source.mediaType, "image/jpeg")
    }

    func testARedactedBlockSaysSo() {
        XCTAssertTrue(ReasoningPart(text: "", redactedData: "x").redacted)
        XCTAssertFalse(ReasoningPart(text: "a", signature: "s").redacted)
    }

    func testJSONTextRefusesWhatIsNotJSON() throws {
        XCTAssertThrowsError(try JSONText(#"{"type":"object""#))
        let schema = try JSONText(#"{"type": "object", "properties": {}}"#)
        XCTAssertEqual(schema.text, #"{"type": "object", "properties": {}}"#, "kept as written")
        XCTAssertEqual((schema.object as? [String: Any])?["type"] as? String, "object")
        XCTAssertEqual(try JSONText(object: ["b": 1, "a": [true]]).text, #"{"a":[true],"b":1}"#)
        XCTAssertThrowsError(try JSONDecoder().decode(JSONText.self, from: Data(#""{nope""#.utf8)))
    }

    func testRequestOptionsReadThroughTheRequest() throws {
        var request = ChatRequest(messages: [.user("hi")])
        XCTAssertEqual(request.tools, [])
        request.tools = [ToolDefinition(name: "f", parameters: try JSONText(#"{"type":"object"}"#))]
        request.reasoning = .effort(.high)
        XCTAssertEqual(request.options.tools.map(\.name), ["f"])
        XCTAssertEqual(request.options.reasoning, .effort(.high))
    }

    func testAnEffortBecomesABudgetWithAFloor() {
        XCTAssertEqual(ReasoningEffort.high.budget(maxTokens: 10_000), 8_000)
        XCTAssertEqual(ReasoningEffort.low.budget(maxTokens: 1_000), 1_024)
    }
}
