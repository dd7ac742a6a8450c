import XCTest
@testable import SwitchboardCore

final class CanonicalModelIDTests: XCTestCase {
    func testNormalisationIgnoresCaseDotsAndVendorSpelling() {
        let key = "anthropic/claude-sonnet-4-5"
        for spelling in ["anthropic/claude-sonnet-4.5", "Anthropic/Claude-Sonnet-4-5", " anthropic/claude-sonnet-4.5 "] {
            XCTAssertEqual(CanonicalModelID.normalized(spelling), key, spelling)
        }
        XCTAssertEqual(CanonicalModelID.normalized("gemini/gemini-2.5-flash"), "google/gemini-2-5-flash")
        XCTAssertEqual(CanonicalModelID.normalized("xai/grok-4.6"), "x-ai/grok-4-6")
        XCTAssertEqual(CanonicalModelID.normalized("mistral/mistral-large"), "mistralai/mistral-large")
        XCTAssertEqual(CanonicalModelID.normalized("deepseek-ai/DeepSeek-V3.1"), "deepseek/deepseek-v3-1")
        XCTAssertEqual(CanonicalModelID.normalized("gpt-4o-mini"), "gpt-4o-mini")
        XCTAssertEqual(CanonicalModelID.normalized("openai/gpt-oss-20b:free"), "openai/gpt-oss-20b:free")
    }

    func testCanonicalIDsForDirectProviders() {
        let cases: [(String, String, String)] = [
            ("anthropic", "claude-sonnet-4-5", "anthropic/claude-sonnet-4-5"),
            ("openai", "gpt-4o-mini", "openai/gpt-4o-mini"),
            ("gemini", "gemini-2.5-flash", "google/gemini-2.5-flash"),
            ("xai", "grok-4", "x-ai/grok-4"),
            ("mistral", "mistral-large-latest", "mistralai/mistral-large-latest"),
            ("deepseek", "deepseek-chat", "deepseek/deepseek-chat"),
            ("openrouter", "anthropic/claude-sonnet-4.5", "anthropic/claude-sonnet-4.5"),
            ("together", "zai-org/GLM-4.6", "z-ai/glm-4.6"),
            ("groq", "openai/gpt-oss-120b", "openai/gpt-oss-120b"),
            // Another vendor's model on a first-party API goes to that vendor.
            ("mistral", "deepseek-v4-1-flash-1017", "deepseek/deepseek-v4-1-flash-1017"),
            ("groq", "llama-guard-3-8b", "meta-llama/llama-guard-3-8b"),
            ("groq", "compound", "groq/compound"),
        ]
        for (provider, providerModel, expected) in cases {
            XCTAssertEqual(CanonicalModelID.canonicalID(provider: provider, providerModel: providerModel), expected,
                           "\(provider) \(providerModel)")
        }
    }

    func testAliasesForHostedOpenModels() {
        XCTAssertEqual(CanonicalModelID.canonicalID(provider: "groq", providerModel: "llama-3.3-70b-versatile"),
                       "meta-llama/llama-3.3-70b-instruct")
        XCTAssertEqual(CanonicalModelID.canonicalID(provider: "together",
                                                    providerModel: "meta-llama/Llama-3.3-70B-Instruct-Turbo"),
                       "meta-llama/llama-3.3-70b-instruct")
        XCTAssertEqual(CanonicalModelID.canonicalID(provider: "groq", providerModel: "llama-3.1-8b-instant"),
                       "meta-llama/llama-3.1-8b-instruct")
        XCTAssertEqual(CanonicalModelID.alias(of: "Qwen/Qwen2.5-72B-Instruct-Turbo"), "qwen/qwen-2.5-72b-instruct")
        XCTAssertNil(CanonicalModelID.alias(of: "meta-llama/llama-3.3-70b-instruct"))
    }

    func testFirstPartyProviderOfAVendor() {
        XCTAssertEqual(CanonicalModelID.firstPartyProvider(of: "google/gemini-2.5-flash"), "gemini")
        XCTAssertEqual(CanonicalModelID.firstPartyProvider(of: "x-ai/grok-4"), "xai")
        XCTAssertEqual(CanonicalModelID.firstPartyProvider(of: "mistralai/mistral-large"), "mistral")
        XCTAssertEqual(CanonicalModelID.firstPartyProvider(of: "anthropic/claude-sonnet-4-5"), "anthropic")
        XCTAssertNil(CanonicalModelID.firstPartyProvider(of: "meta-llama/llama-3.3-70b-instruct"))
        XCTAssertNil(CanonicalModelID.firstPartyProvider(of: "gpt-4o"))
    }
}
