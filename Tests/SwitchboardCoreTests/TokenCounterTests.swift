@testable import SwitchboardCore
import XCTest

/// Which models are counted exactly, and with which encoding.
final class TokenCounterTests: XCTestCase {
    func testOpenAIFamiliesMapToTheirEncodings() {
        let o200k = ["openai/gpt-4o", "openai/gpt-4o-mini-2024-07-18", "openai/chatgpt-4o-latest", "openai/gpt-4.1",
                     "openai/gpt-4-1-mini", "openai/gpt-4.1-nano", "openai/gpt-4.5-preview", "openai/gpt-5",
                     "openai/gpt-5.2-codex", "openai/gpt-5-mini-2025-08-07", "openai/o1", "openai/o3-mini-high",
                     "openai/o4-mini", "openai/o3-pro", "openrouter/openai/gpt-4o", "OpenAI/GPT-4o",
                     "openai/gpt-4o:nitro", "openai/gpt-4o-mini@openrouter", "azure/gpt-4o"]
        for id in o200k { XCTAssertEqual(TokenCounter.forModel(id), .exact(.o200kBase), id) }
        let cl100k = ["openai/gpt-4", "openai/gpt-4-turbo", "openai/gpt-4-turbo-preview", "openai/gpt-4-1106-preview",
                      "openai/gpt-4-32k", "openai/gpt-3.5-turbo", "openai/gpt-3.5-turbo-16k", "openai/text-embedding-3-small",
                      "openai/text-embedding-3-large", "openai/text-embedding-ada-002"]
        for id in cl100k { XCTAssertEqual(TokenCounter.forModel(id), .exact(.cl100kBase), id) }
    }

    func testProviderNamesCountWhenTheProviderIsOpenAI() {
        XCTAssertEqual(TokenCounter.forModel("gpt-4o", provider: "openai"), .exact(.o200kBase))
        XCTAssertEqual(TokenCounter.forModel("gpt-35-turbo", provider: "azure"), .exact(.cl100kBase))
        XCTAssertEqual(TokenCounter.forModel("ft:gpt-4o-mini:acme::abc123", provider: "openai"), .exact(.o200kBase))
        XCTAssertEqual(TokenCounter.forModel("gpt-4o", provider: "groq"), .estimate, "a bare name elsewhere is someone else's model")
        XCTAssertEqual(TokenCounter.forModel("gpt-4o"), .estimate)
    }

    func testOtherModelsAreEstimated() {
        for id in ["anthropic/claude-sonnet-4-5", "google/gemini-2.5-pro", "meta-llama/llama-3.3-70b-instruct",
                   "openai/gpt-oss-120b", "openai/gpt-6-sol", "openai/gpt-audio", "openai/o", "openai/omni-moderation",
                   "demo/mini", "auto", "openai/gpt-40", "openai/o3x", "mistralai/gpt-4o"] {
            XCTAssertEqual(TokenCounter.forModel(id), .estimate, id)
        }
    }

    func testCountsSayWhetherTheyAreExact() {
        let text = "Hello, world! How many tokens is this?"
        let exact = TokenCounter.exact(.o200kBase).count(text)
        XCTAssertTrue(exact.isExact)
        XCTAssertEqual(exact.tokens, TokenEncoding.o200kBase.tokenizer?.count(text))
        let estimate = TokenCounter.estimate.count(text)
        XCTAssertEqual(estimate, .estimated(TokenEstimator.estimate(text)))
        XCTAssertEqual(estimate.description, "~\(estimate.tokens)")
        XCTAssertEqual(exact.description, "\(exact.tokens)")
        XCTAssertFalse((exact + estimate).isExact, "one estimated term makes the sum an estimate")
        XCTAssertEqual((exact + estimate).tokens, exact.tokens + estimate.tokens)
    }
}
