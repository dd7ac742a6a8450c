import XCTest
import SwitchboardCore
@testable import SwitchboardConfig

/// `think_tags` per provider: whether a `<think>…</think>` block opening an answer is read as thinking. On by
/// default for Ollama, Groq, Together and servers Switchboard does not know; config turns it on or off.
final class ThinkTagsConfigTests: XCTestCase {
    private let environment = ["OPENAI_API_KEY": "sk-test-tags", "GROQ_API_KEY": "gsk-test-tags", "OLLAMA_HOST": "127.0.0.1:11434"]

    func testDefaultsComeFromTheDirectoryAndUnknownServersThinkInline() throws {
        let text = """
            [providers.my-vllm]
            base_url = "http://127.0.0.1:8000/v1"
            """
        let registry = try ProviderRegistry.resolve(configuration: try ConfigLoader.parse(text, file: "c.toml"),
                                                    environment: environment, redactor: Redactor())
        XCTAssertEqual(registry.endpoint("my-vllm")?.quirks.thinkTags, true)
        XCTAssertEqual(registry.endpoint("ollama")?.quirks.thinkTags, true)
        XCTAssertEqual(registry.endpoint("groq")?.quirks.thinkTags, true)
        XCTAssertEqual(registry.endpoint("openai")?.quirks.thinkTags, false)
    }

    func testConfigTurnsItOffOrOn() throws {
        let text = """
            [providers.my-vllm]
            base_url = "http://127.0.0.1:8000/v1"
            think_tags = false

            [providers.ollama]
            think_tags = false

            [providers.openai]
            think_tags = true
            """
        let registry = try ProviderRegistry.resolve(configuration: try ConfigLoader.parse(text, file: "c.toml"),
                                                    environment: environment, redactor: Redactor())
        XCTAssertEqual(registry.endpoint("my-vllm")?.quirks.thinkTags, false)
        XCTAssertEqual(registry.endpoint("ollama")?.quirks.thinkTags, false)
        XCTAssertEqual(registry.endpoint("openai")?.quirks.thinkTags, true)
        // The rest of the provider's quirks stay as they were.
        XCTAssertEqual(registry.endpoint("ollama")?.quirks.reasoningOffEffort, "none")
    }

    func testAValueThatIsNotABooleanIsRefusedAtItsKey() {
        let text = "[providers.ollama]\nthink_tags = \"yes\"\n"
        XCTAssertThrowsError(try ConfigLoader.parse(text, file: "c.toml")) { error in
            XCTAssertTrue("\(error)".contains("providers.ollama.think_tags"), "\(error)")
        }
    }
}
