import XCTest
@testable import SwitchboardCore

/// Facts about the committed generated catalog, checked against the data it was generated from
/// (shared/data as of 2026-11-22). Regenerating from newer data may change these on purpose.
final class BundledCatalogTests: XCTestCase {
    private var catalog: ModelCatalog { BundledCatalog.catalog }

    func testTheBundledTextDecodesCleanly() throws {
        let loaded = try BundledCatalog.load()
        XCTAssertGreaterThan(loaded.models.count, 400)
        XCTAssertEqual(loaded.models.count, catalog.models.count)
    }

    func testTheBundledTextIsWhatTheEncoderWritesForItsModels() throws {
        // Sorted, merged and deterministic: re-encoding the catalog reproduces the committed text.
        XCTAssertEqual(CatalogCodec.encode(catalog.models), BundledCatalog.text + "\n")
    }

    func testClaudeSonnet45IsServedByAnthropicAndOpenRouter() throws {
        let sonnet = try XCTUnwrap(catalog.model("anthropic/claude-sonnet-4-5"))
        XCTAssertEqual(sonnet.deployments.map(\.provider), ["anthropic", "openrouter"])
        XCTAssertEqual(sonnet.deployments.map(\.providerModel), ["claude-sonnet-4-5", "anthropic/claude-sonnet-4.5"])
        for deployment in sonnet.deployments {
            XCTAssertEqual(deployment.price.input, Decimal(string: "0.000003"), deployment.provider)
            XCTAssertEqual(deployment.price.output, Decimal(string: "0.000015"), deployment.provider)
        }
        XCTAssertEqual(sonnet.deployments[0].price.cacheWrite, Decimal(string: "0.00000375"))
        XCTAssertEqual(sonnet.deployments[0].contextWindow, 200_000)
        XCTAssertTrue(sonnet.deployments[0].capabilities.isSuperset(of: [.tools, .vision, .promptCaching]))
    }

    func testGPT4oMini() throws {
        let mini = try XCTUnwrap(catalog.model("gpt-4o-mini"))
        XCTAssertEqual(mini.id, "openai/gpt-4o-mini")
        XCTAssertEqual(mini.deployments.map(\.provider), ["openai", "openrouter"])
        XCTAssertEqual(mini.deployments.first?.price.input, Decimal(string: "0.00000015"))
        XCTAssertEqual(mini.deployments.first?.price.output, Decimal(string: "0.0000006"))
        XCTAssertNotNil(catalog.model("openai/gpt-4o-2024-08-06"), "dated snapshots stay nameable")
    }

    func testHostedOpenModelsMergeAcrossProviders() throws {
        // In this data Groq lists no Llama 3.3 and Together's is retired (2026-10-22): OpenRouter serves it,
        // and Groq's name for it still finds it.
        let llama = try XCTUnwrap(catalog.model("meta-llama/llama-3.3-70b-instruct"))
        XCTAssertTrue(llama.deployments.contains { $0.provider == "openrouter" })
        XCTAssertEqual(catalog.model("llama-3.3-70b-versatile")?.id, llama.id)
        XCTAssertEqual(catalog.model("openai/gpt-oss-120b")?.deployments.map(\.provider), ["groq", "openrouter", "together"])
        XCTAssertEqual(catalog.model("google/gemini-2.5-flash")?.deployments.map(\.provider), ["gemini", "openrouter"])
        XCTAssertEqual(catalog.model("xai/grok-4.6")?.deployments.map(\.provider), ["openrouter", "xai"])
        let chat = try XCTUnwrap(catalog.model("deepseek/deepseek-chat"))
        XCTAssertEqual(chat.deployments.first { $0.provider == "together" }?.providerModel, "deepseek-ai/DeepSeek-V3")
    }

    func testWhatIsLeftOut() {
        let deployments = catalog.models.flatMap(\.deployments)
        XCTAssertFalse(deployments.contains { $0.provider == "ollama" })
        XCTAssertFalse(deployments.contains { $0.providerModel.hasSuffix(":batch") })
        XCTAssertNil(catalog.model("openrouter/auto"), "router pseudo-model")
        XCTAssertNil(catalog.model("~anthropic/claude-sonnet-latest"), "moving alias")
        XCTAssertNil(catalog.model("together-ai-up-to-4b"), "a price tier, not a model")
        // OpenAI retired it on 2026-10-23; OpenRouter still lists it.
        XCTAssertEqual(catalog.model("openai/gpt-4o-2024-05-13")?.deployments.map(\.provider), ["openrouter"])
        XCTAssertEqual(catalog.model("openai/gpt-oss-20b:free")?.deployments.first?.price.input, 0)
    }

    func testEveryModelIsWellFormed() {
        for model in catalog.models {
            XCTAssertTrue(model.id.contains("/"), model.id)
            XCTAssertFalse(model.deployments.isEmpty, model.id)
            XCTAssertEqual(Set(model.deployments.map(\.provider)).count, model.deployments.count, model.id)
            XCTAssertFalse(model.deployments.contains { $0.simulated }, model.id)
        }
        XCTAssertEqual(catalog.models.map(\.id), catalog.models.map(\.id).sorted())
    }
}
