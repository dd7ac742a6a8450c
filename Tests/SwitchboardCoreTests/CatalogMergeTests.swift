import XCTest
@testable import SwitchboardCore

final class CatalogMergeTests: XCTestCase {
    private func model(_ id: String, _ name: String, _ provider: String, _ providerModel: String,
                       input: String? = nil) -> CatalogModel {
        CatalogModel(id: id, name: name, deployments: [
            Deployment(provider: provider, providerModel: providerModel,
                       price: Price(input: input.flatMap { Decimal(string: $0) }, output: nil)),
        ])
    }

    func testSameModelFromSeveralProvidersBecomesOneWithADeploymentEach() {
        let merged = CatalogMerge.combine([
            model("anthropic/claude-sonnet-4.5", "Anthropic: Claude Sonnet 4.5", "openrouter",
                  "anthropic/claude-sonnet-4.5", input: "0.000003"),
            model("openai/gpt-4o-mini", "gpt-4o-mini", "openai", "gpt-4o-mini"),
            model("anthropic/claude-sonnet-4-5", "claude-sonnet-4-5", "anthropic", "claude-sonnet-4-5", input: "0.000003"),
        ])
        XCTAssertEqual(merged.map(\.id), ["anthropic/claude-sonnet-4-5", "openai/gpt-4o-mini"])
        let sonnet = merged[0]
        XCTAssertEqual(sonnet.name, "Anthropic: Claude Sonnet 4.5", "the written-out name wins")
        XCTAssertEqual(sonnet.deployments.map(\.provider), ["anthropic", "openrouter"])
        XCTAssertEqual(sonnet.deployments.map(\.providerModel), ["claude-sonnet-4-5", "anthropic/claude-sonnet-4.5"])
    }

    func testOpenRouterSpellingBeatsAHostsSpellingWhenTheVendorHasNoDirectDeployment() {
        let merged = CatalogMerge.combine([
            model("z-ai/glm-4.6", "GLM-4.6", "together", "zai-org/GLM-4.6"),
            model("z-ai/glm-4-6", "Z.ai: GLM 4.6", "openrouter", "z-ai/glm-4-6"),
        ])
        XCTAssertEqual(merged.map(\.id), ["z-ai/glm-4-6"])
        XCTAssertEqual(merged[0].deployments.map(\.provider), ["openrouter", "together"])
    }

    func testOneDeploymentPerProviderAndTheLeadingSpellingWins() {
        let merged = CatalogMerge.combine([
            model("mistralai/mistral-medium-3.5", "mistral-medium-3.5", "mistral", "mistral-medium-3.5", input: "2"),
            model("mistralai/mistral-medium-3-5", "mistral-medium-3-5", "mistral", "mistral-medium-3-5", input: "1"),
        ])
        XCTAssertEqual(merged.count, 1)
        XCTAssertEqual(merged[0].id, "mistralai/mistral-medium-3-5")
        XCTAssertEqual(merged[0].deployments.map(\.providerModel), ["mistral-medium-3-5"])
        XCTAssertEqual(merged[0].deployments[0].price.input, 1)
    }

    func testDistinctModelsStayApart() {
        let merged = CatalogMerge.combine([
            model("openai/gpt-oss-20b", "a", "groq", "openai/gpt-oss-20b"),
            model("openai/gpt-oss-20b:free", "b", "openrouter", "openai/gpt-oss-20b:free"),
        ])
        XCTAssertEqual(merged.map(\.id), ["openai/gpt-oss-20b", "openai/gpt-oss-20b:free"])
    }
}
