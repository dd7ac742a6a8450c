import XCTest
@testable import SwitchboardCore

final class CatalogImportTests: XCTestCase {
    func testRecognisesLiteLLMFiles() throws {
        let loaded = try CatalogImport.load(Data(LiteLLMCatalogLoaderTests.fixture.utf8), options: .everything)
        XCTAssertEqual(loaded.format, .litellm)
        XCTAssertTrue(loaded.models.contains { $0.id == "anthropic/claude-sonnet-4-5" })
    }

    func testRecognisesOpenRouterFiles() throws {
        let loaded = try CatalogImport.load(Data(OpenRouterCatalogLoaderTests.fixture.utf8), options: .everything)
        XCTAssertEqual(loaded.format, .openrouter)
        XCTAssertTrue(loaded.models.contains { $0.id == "openai/gpt-oss-20b:free" })
    }

    func testRecognisesSwitchboardCatalogs() throws {
        let text = "switchboard-catalog 1\nacme/tiny|Acme Tiny|openrouter|acme/tiny|0.1|0.2\n"
        let loaded = try CatalogImport.load(Data(text.utf8), options: .everything)
        XCTAssertEqual(loaded.format, .switchboard)
        XCTAssertEqual(loaded.models.first?.deployments.first?.price.output, Decimal(string: "0.0000002"))
    }

    func testImportMergesLikeTheBundledCatalog() throws {
        let litellm = try CatalogImport.load(Data(LiteLLMCatalogLoaderTests.fixture.utf8), options: .everything)
        let openrouter = try CatalogImport.load(Data(OpenRouterCatalogLoaderTests.fixture.utf8), options: .everything)
        let catalog = ModelCatalog(models: openrouter.models).merging(litellm.models)
        let sonnet = try XCTUnwrap(catalog.model("anthropic/claude-sonnet-4-5"))
        XCTAssertEqual(sonnet.id, "anthropic/claude-sonnet-4-5")
        XCTAssertEqual(sonnet.deployments.map(\.provider), ["anthropic", "openrouter"])
    }

    func testSaysWhatWasExpectedForAnythingElse() {
        for text in [#"{"models": [1, 2]}"#, "[1, 2, 3]", "plain text, not a catalog"] {
            XCTAssertThrowsError(try CatalogImport.load(Data(text.utf8)), text) { error in
                guard case CatalogImportError.unrecognised = error else { return XCTFail("\(error)") }
                let message = "\(error)"
                XCTAssertTrue(message.contains("LiteLLM"), message)
                XCTAssertTrue(message.contains("/api/v1/models"), message)
                XCTAssertTrue(message.contains("switchboard-catalog 1"), message)
            }
        }
    }

    func testCodecErrorsComeThroughWithTheirLine() {
        let text = "switchboard-catalog 1\nacme/tiny|Acme|openrouter|acme/tiny|cheap\n"
        XCTAssertThrowsError(try CatalogImport.load(Data(text.utf8))) { error in
            XCTAssertEqual((error as? CatalogCodecError)?.line, 2)
        }
    }
}
