import XCTest
@testable import SwitchboardCore

final class ModelRefTests: XCTestCase {
    func testParsesVariantAndProviderPin() throws {
        let plain = try ModelRef(parsing: "anthropic/claude-sonnet-4-5")
        XCTAssertEqual(plain, ModelRef(id: "anthropic/claude-sonnet-4-5"))
        XCTAssertEqual(plain.vendor, "anthropic")

        let floor = try ModelRef(parsing: "openai/gpt-4o-mini:floor")
        XCTAssertEqual(floor, ModelRef(id: "openai/gpt-4o-mini", variant: .floor))

        let pinned = try ModelRef(parsing: "meta-llama/llama-3.3-70b-instruct@groq")
        XCTAssertEqual(pinned, ModelRef(id: "meta-llama/llama-3.3-70b-instruct", provider: "groq"))

        let both = try ModelRef(parsing: "openai/gpt-4o:nitro@OpenRouter")
        XCTAssertEqual(both, ModelRef(id: "openai/gpt-4o", variant: .nitro, provider: "openrouter"))
        XCTAssertEqual(both.description, "openai/gpt-4o:nitro@openrouter")
    }

    func testColonsThatAreNotVariantsStayInTheId() throws {
        XCTAssertEqual(try ModelRef(parsing: "ollama/llama3.2:3b").id, "ollama/llama3.2:3b")
        XCTAssertEqual(try ModelRef(parsing: "meta-llama/llama-3.3-70b-instruct:free").id, "meta-llama/llama-3.3-70b-instruct:free")
        XCTAssertNil(try ModelRef(parsing: "fast").vendor)
    }

    func testRejectsEmptyModelOrPin() {
        XCTAssertThrowsError(try ModelRef(parsing: "")) { XCTAssertEqual($0 as? ModelRefError, .emptyModel("")) }
        XCTAssertThrowsError(try ModelRef(parsing: ":floor"))
        XCTAssertThrowsError(try ModelRef(parsing: "openai/gpt-4o@")) {
            XCTAssertEqual($0 as? ModelRefError, .emptyProvider("openai/gpt-4o@"))
        }
    }
}
