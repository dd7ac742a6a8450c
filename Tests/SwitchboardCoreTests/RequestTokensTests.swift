import Foundation
@testable import SwitchboardCore
import XCTest

/// Whole requests counted for a model: OpenAI's chat framing on exact text, estimates marked as such.
final class RequestTokensTests: XCTestCase {
    /// The cookbook's `num_tokens_from_messages`, computed by tiktoken (TokenizerExpectations.chats).
    func testChatFramingMatchesOpenAIsCount() {
        for chat in TokenizerExpectations.chats {
            let messages = chat.messages.map { ChatMessage(role: Role(rawValue: $0.role) ?? .user, text: $0.content) }
            XCTAssertEqual(RequestTokens.count(messages, counter: .exact(.cl100kBase)), .exact(chat.cl100k), chat.name)
            XCTAssertEqual(RequestTokens.count(messages, counter: .exact(.o200kBase)), .exact(chat.o200k), chat.name)
            XCTAssertEqual(RequestTokens.count(messages, model: "openai/gpt-4o"), .exact(chat.o200k), chat.name)
        }
    }

    func testAMessageIsCountedAsTheJoinedTextItSends() throws {
        let tokenizer = try XCTUnwrap(TokenEncoding.o200kBase.tokenizer)
        let split = ChatMessage(role: .user, parts: [.text("unbeliev"), .text("able")])
        XCTAssertEqual(RequestTokens.count([split], counter: .exact(.o200kBase)).tokens,
                       3 + 3 + 1 + tokenizer.count("unbelievable"))
    }

    func testOtherModelsKeepTheEstimateMarkedEstimated() throws {
        let messages: [ChatMessage] = [.system("Be brief."), .user("What is a token?")]
        let options = ChatOptions(tools: [ToolDefinition(name: "look", parameters: try JSONText(#"{"type":"object"}"#))])
        XCTAssertEqual(RequestTokens.count(messages, options: options, counter: .estimate),
                       .estimated(RequestTokens.count(messages, options: options)))
        XCTAssertEqual(RequestTokens.count(messages, model: "anthropic/claude-sonnet-4-5"),
                       .estimated(RequestTokens.count(messages)))
    }

    func testImagesToolsAndFilesMakeTheTotalEstimated() throws {
        let tokenizer = try XCTUnwrap(TokenEncoding.o200kBase.tokenizer)
        let text: ChatMessage = .user("Describe this.")
        let base = RequestTokens.count([text], counter: .exact(.o200kBase))
        XCTAssertTrue(base.isExact)

        let image = ChatMessage(role: .user, parts: [.text("Describe this."), .image(ImagePart(data: Data(count: 8), mediaType: "image/png"))])
        XCTAssertEqual(RequestTokens.count([image], counter: .exact(.o200kBase)), .estimated(base.tokens + RequestTokens.perAttachment))

        let tool = ToolDefinition(name: "weather", description: "Weather for a city", parameters: try JSONText(#"{"type":"object"}"#))
        let withTool = RequestTokens.count([text], options: ChatOptions(tools: [tool]), counter: .exact(.o200kBase))
        XCTAssertFalse(withTool.isExact)
        XCTAssertEqual(withTool.tokens, base.tokens + TokenEstimator.estimate("weather") + TokenEstimator.estimate("Weather for a city")
                       + TokenEstimator.estimate(#"{"type":"object"}"#))

        let call = ChatMessage(role: .assistant, parts: [.toolCall(ToolCall(id: "c1", name: "weather", arguments: #"{"city":"Oslo"}"#))])
        let result = ChatMessage.toolResult(ToolResult(callID: "c1", text: "Rain, 4 °C"))
        let toolTurn = RequestTokens.count([text, call, result], counter: .exact(.o200kBase))
        XCTAssertFalse(toolTurn.isExact)
        XCTAssertEqual(toolTurn.tokens, base.tokens + (3 + 1) + TokenEstimator.estimate("weather") + TokenEstimator.estimate(#"{"city":"Oslo"}"#)
                       + TokenEstimator.estimate("Rain, 4 °C") + TokenEstimator.perMessageOverhead,
                       "the assistant message is framed; the tool result is a message of its own, estimated")

        let file = ChatMessage(role: .user, parts: [.text("Summarise:"), .document(DocumentPart(data: Data("Hello file".utf8),
                                                                                                  mediaType: "text/plain", name: "a.txt"))])
        let withFile = RequestTokens.count([file], counter: .exact(.o200kBase))
        XCTAssertFalse(withFile.isExact)
        XCTAssertEqual(withFile.tokens, 3 + 3 + 1 + tokenizer.count("Summarise:") + tokenizer.count("a.txt:\nHello file"))
    }

    /// Thinking goes back only through OpenRouter's `reasoning_details`; OpenAI's own API is never sent it.
    func testThinkingCountsOnlyWhereItIsSentBack() {
        let plain: ChatMessage = .assistant("42")
        let base = RequestTokens.count([plain], counter: .exact(.o200kBase))
        let kept = ChatMessage(role: .assistant, parts: [
            .reasoning(ReasoningPart(text: "Let me think about it.", origin: ReasoningOrigin(wire: .anthropic, provider: "anthropic"))),
            .text("42"),
        ])
        XCTAssertEqual(RequestTokens.count([kept], counter: .exact(.o200kBase)), base)
        let returned = ChatMessage(role: .assistant, parts: [
            .reasoning(ReasoningPart(text: "Let me think about it.", origin: ReasoningOrigin(wire: .openAICompatible, provider: "openrouter"))),
            .text("42"),
        ])
        XCTAssertEqual(RequestTokens.count([returned], counter: .exact(.o200kBase)),
                       .estimated(base.tokens + TokenEstimator.estimate("Let me think about it.")))
    }
}
