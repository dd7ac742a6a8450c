import Foundation
@testable import SwitchboardCore
import XCTest

/// What a turn needs of its model, read from the request alone.
final class CapabilityNeedsTests: XCTestCase {
    private let png = Data([0x89, 0x50, 0x4E, 0x47])
    private func schema() throws -> JSONText { try JSONText(#"{"type": "object"}"#) }

    private func needs(_ messages: [ChatMessage], _ options: ChatOptions = .none) -> Set<Capability> {
        CapabilityNeeds.of(messages: messages, options: options)
    }

    func testPlainTextNeedsNothing() {
        XCTAssertEqual(needs([.system("Be brief."), .user("hi"), .assistant("hello"), .user("again")]), [])
    }

    func testOfferedToolsNeedTools() throws {
        let tool = ToolDefinition(name: "lookup", parameters: try schema())
        XCTAssertEqual(needs([.user("hi")], ChatOptions(tools: [tool])), [.tools])
        XCTAssertEqual(needs([.user("hi")], ChatOptions(tools: [tool], toolChoice: ToolChoice.none)), [.tools])
    }

    func testAnImageAnywhereInTheHistoryNeedsVision() {
        let image = ChatMessage(role: .user, parts: [.text("what is this?"), .image(ImagePart(data: png, mediaType: "image/png"))])
        XCTAssertEqual(needs([image, .assistant("a cat"), .user("and now?")]), [.vision])
        let url = ChatMessage(role: .user, parts: [.image(ImagePart(url: URL(fileURLWithPath: "/x.png")))])
        XCTAssertEqual(needs([url]), [.vision])
        // A tool that returned a screenshot: the model must see it.
        let result = ChatMessage(role: .tool, parts: [.toolResult(ToolResult(callID: "c1", content: [
            .text("screenshot:"), .image(ImagePart(data: png, mediaType: "image/png")),
        ]))])
        XCTAssertEqual(needs([.user("look"), result]), [.vision])
        let textResult = ChatMessage(role: .tool, parts: [.toolResult(ToolResult(callID: "c1", text: "42"))])
        XCTAssertEqual(needs([.user("look"), textResult]), [])
    }

    func testAPDFNeedsPDFAndPlainTextDoesNot() {
        let pdf = ChatMessage(role: .user, parts: [.document(DocumentPart(data: Data("%PDF".utf8), mediaType: "application/pdf"))])
        XCTAssertEqual(needs([pdf]), [.pdf])
        let text = ChatMessage(role: .user, parts: [.document(DocumentPart(data: Data("notes".utf8), mediaType: "text/plain"))])
        XCTAssertEqual(needs([text]), [])
        let pdfURL = ChatMessage(role: .user, parts: [.document(DocumentPart(.url(URL(fileURLWithPath: "/paper.PDF"))))])
        XCTAssertEqual(needs([pdfURL]), [.pdf])
        let textURL = ChatMessage(role: .user, parts: [.document(DocumentPart(.url(URL(fileURLWithPath: "/notes.txt"))))])
        XCTAssertEqual(needs([textURL]), [])
    }

    func testOnlyAJSONSchemaNeedsStructuredOutput() throws {
        XCTAssertEqual(needs([.user("hi")], ChatOptions(responseFormat: .jsonObject)), [])
        XCTAssertEqual(needs([.user("hi")], ChatOptions(responseFormat: .text)), [])
        XCTAssertEqual(needs([.user("hi")], ChatOptions(responseFormat: .jsonSchema(name: "r", schema: try schema(), strict: true))),
                       [.jsonSchema])
    }

    func testAReasoningSettingOtherThanOffNeedsReasoning() {
        XCTAssertEqual(needs([.user("hi")], ChatOptions(reasoning: .off)), [])
        XCTAssertEqual(needs([.user("hi")], ChatOptions(reasoning: .budget(tokens: 0))), [])
        XCTAssertEqual(needs([.user("hi")], ChatOptions(reasoning: .budget(tokens: 2048))), [.reasoning])
        for effort in ReasoningEffort.allCases {
            XCTAssertEqual(needs([.user("hi")], ChatOptions(reasoning: .effort(effort))), [.reasoning])
        }
    }

    func testEverythingAtOnce() throws {
        let tool = ToolDefinition(name: "lookup", parameters: try schema())
        let message = ChatMessage(role: .user, parts: [.image(ImagePart(data: png, mediaType: "image/jpeg")),
                                                       .document(DocumentPart(data: Data("%PDF".utf8), mediaType: "application/pdf"))])
        let turn = TurnRequest(messages: [message], model: ModelRef(id: "a/b"),
                               options: ChatOptions(tools: [tool], responseFormat: .jsonSchema(name: "r", schema: try schema(), strict: false),
                                                    reasoning: .effort(.high)))
        XCTAssertEqual(CapabilityNeeds.of(turn), [.tools, .vision, .pdf, .jsonSchema, .reasoning])
    }
}
