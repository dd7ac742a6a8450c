import Foundation
import SwitchboardCore
import XCTest
@testable import SwitchboardServer

final class CountTokensAnswerTests: XCTestCase {
    private func request(_ text: String) throws -> AnthropicMessagesRequest {
        try AnthropicRequestDecoder.decode(Array("""
            {"model":"x","messages":[{"role":"user","content":\(String(decoding: try JSONEncoder().encode(text), as: UTF8.self))}]}
            """.utf8), counting: true)
    }

    /// A count_tokens body has no max_tokens; a turn's must.
    func testCountingBodyNeedsNoMaxTokens() throws {
        XCTAssertNil(try request("hi").maxTokens)
        XCTAssertThrowsError(try AnthropicRequestDecoder.decode(Array(#"{"model":"x","messages":[{"role":"user","content":"hi"}]}"#.utf8)))
    }

    /// Claude has no offline tokenizer: an estimate, never zero, and growing with the prompt.
    func testClaudeIsEstimated() throws {
        let short = CountTokensAnswer.count(try request("Hello"), model: "anthropic/claude-sonnet-4-5", provider: "anthropic")
        let long = CountTokensAnswer.count(try request(String(repeating: "Hello world. ", count: 100)),
                                           model: "anthropic/claude-sonnet-4-5", provider: "anthropic")
        XCTAssertFalse(short.isExact)
        XCTAssertGreaterThan(short.tokens, 0)
        XCTAssertGreaterThan(long.tokens, short.tokens * 10)
    }

    /// An OpenAI model routed through the Messages endpoint is counted with its own encoding.
    func testOpenAIModelIsExact() throws {
        let count = CountTokensAnswer.count(try request("Hello, world!"), model: "openai/gpt-4o", provider: "openai")
        XCTAssertTrue(count.isExact)
        XCTAssertEqual(count.tokens, RequestTokens.count([.user("Hello, world!")], counter: .forModel("openai/gpt-4o")).tokens)
        XCTAssertEqual(String(decoding: try CountTokensAnswer.body(count), as: UTF8.self), #"{"input_tokens":\#(count.tokens)}"#)
    }
}
