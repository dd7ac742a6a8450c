import XCTest
@testable import SwitchboardCore

final class ModelCatalogTests: XCTestCase {
    private func deployment(_ provider: String, _ providerModel: String, input: String? = nil,
                            context: Int? = nil) -> Deployment {
        Deployment(provider: provider, providerModel: providerModel,
                   price: Price(input: input.flatMap { Decimal(string: $0) }, output: nil), contextWindow: context)
    }

    private lazy var catalog = ModelCatalog(models: [
        CatalogModel(id: "openai/gpt-4o-mini", name: "OpenAI: GPT-4o-mini", deployments: [
            deployment("openrouter", "openai/gpt-4o-mini"), deployment("openai", "gpt-4o-mini"),
        ]),
        CatalogModel(id: "anthropic/claude-sonnet-4-5", name: "Anthropic: Claude Sonnet 4.5", deployments: [
            deployment("anthropic", "claude-sonnet-4-5", input: "0.000003", context: 200_000),
            deployment("openrouter", "anthropic/claude-sonnet-4.5", input: "0.000003"),
        ]),
        CatalogModel(id: "anthropic/claude-sonnet-4-6", name: "Anthropic: Claude Sonnet 4.6", deployments: [
            deployment("anthropic", "claude-sonnet-4-6"),
        ]),
        CatalogModel(id: "google/gemini-2.5-flash", name: "Google: Gemini 2.5 Flash", deployments: [
            deployment("gemini", "gemini-2.5-flash"),
        ]),
        CatalogModel(id: "meta-llama/llama-3.3-70b-instruct", name: "Meta: Llama 3.3 70B Instruct", deployments: [
            deployment("groq", "llama-3.3-70b-versatile"), deployment("openrouter", "meta-llama/llama-3.3-70b-instruct"),
        ]),
        CatalogModel(id: "x-ai/grok-4", name: "xAI: Grok 4", deployments: [deployment("xai", "grok-4")]),
        CatalogModel(id: "openai/gpt-4o", name: "OpenAI: GPT-4o", deployments: [deployment("openai", "gpt-4o")]),
    ])

    func testModelsAreSortedWithDeploymentsSortedByProvider() {
        XCTAssertEqual(catalog.models.map(\.id), [
            "anthropic/claude-sonnet-4-5", "anthropic/claude-sonnet-4-6", "google/gemini-2.5-flash",
            "meta-llama/llama-3.3-70b-instruct", "openai/gpt-4o", "openai/gpt-4o-mini", "x-ai/grok-4",
        ])
        XCTAssertEqual(catalog.model("openai/gpt-4o-mini")?.deployments.map(\.provider), ["openai", "openrouter"])
        XCTAssertEqual(catalog.deploymentCount, 10)
    }

    func testLookupAcceptsTheNamesPeopleUse() {
        let cases: [(String, String)] = [
            ("anthropic/claude-sonnet-4-5", "anthropic/claude-sonnet-4-5"),
            ("Anthropic/Claude-Sonnet-4.5", "anthropic/claude-sonnet-4-5"),
            ("anthropic/claude-sonnet-4.5", "anthropic/claude-sonnet-4-5"),
            ("claude-sonnet-4-5", "anthropic/claude-sonnet-4-5"),
            ("claude-sonnet-4.6", "anthropic/claude-sonnet-4-6"),
            ("gpt-4o-mini", "openai/gpt-4o-mini"),
            ("gpt-4o", "openai/gpt-4o"),
            ("gemini/gemini-2.5-flash", "google/gemini-2.5-flash"),
            ("gemini-2.5-flash", "google/gemini-2.5-flash"),
            ("xai/grok-4", "x-ai/grok-4"),
            ("grok-4", "x-ai/grok-4"),
            ("llama-3.3-70b-versatile", "meta-llama/llama-3.3-70b-instruct"),
            ("meta-llama/Llama-3.3-70B-Instruct-Turbo", "meta-llama/llama-3.3-70b-instruct"),
            ("llama-3.3-70b-instruct", "meta-llama/llama-3.3-70b-instruct"),
            ("groq/llama-3.3-70b-versatile", "meta-llama/llama-3.3-70b-instruct"),
            ("openrouter/anthropic/claude-sonnet-4.5", "anthropic/claude-sonnet-4-5"),
        ]
        for (text, expected) in cases {
            XCTAssertEqual(catalog.model(text)?.id, expected, text)
        }
    }

    func testUnknownNamesFindNothing() {
        let names = ["", "claude", "anthropic/claude-sonnet-9", "gpt-4o-mini-2024-07-18", "groq/", "openrouter/nope",
                     "anthropic/gpt-4o", "groq/gpt-4o-mini"]
        for text in names {
            XCTAssertNil(catalog.model(text), text)
        }
    }

    func testSuggestionsPutTheClosestIDFirst() {
        XCTAssertEqual(catalog.suggestions(for: "claude-sonet-4-5").first, "anthropic/claude-sonnet-4-5")
        XCTAssertEqual(catalog.suggestions(for: "gpt4o-mini").first, "openai/gpt-4o-mini")
        XCTAssertEqual(catalog.suggestions(for: "anthropic/claude-sonnet-4-7").prefix(2).sorted(),
                       ["anthropic/claude-sonnet-4-5", "anthropic/claude-sonnet-4-6"])
        XCTAssertEqual(catalog.suggestions(for: "claude", limit: 5),
                       ["anthropic/claude-sonnet-4-5", "anthropic/claude-sonnet-4-6"])
        XCTAssertEqual(catalog.suggestions(for: "gemni-2.5-flash"), ["google/gemini-2.5-flash"])
        XCTAssertEqual(catalog.suggestions(for: "gpt", limit: 1), ["openai/gpt-4o"])
        XCTAssertEqual(catalog.suggestions(for: "completely-unrelated-words"), [])
        XCTAssertEqual(catalog.suggestions(for: "gpt-4o", limit: 0), [])
    }

    func testModelsServedByAProvider() {
        XCTAssertEqual(catalog.models(servedBy: "openrouter").map(\.id), [
            "anthropic/claude-sonnet-4-5", "meta-llama/llama-3.3-70b-instruct", "openai/gpt-4o-mini",
        ])
        XCTAssertEqual(catalog.models(servedBy: "groq").map(\.id), ["meta-llama/llama-3.3-70b-instruct"])
        XCTAssertEqual(catalog.models(servedBy: "ollama"), [])
        XCTAssertEqual(catalog.providers, ["anthropic", "gemini", "groq", "openai", "openrouter", "xai"])
    }

    func testMergingReplacesADeploymentFieldByFieldAndAddsTheRest() throws {
        let override = CatalogModel(id: "anthropic/claude-sonnet-4.5", name: "claude-sonnet-4.5", deployments: [
            Deployment(provider: "anthropic", providerModel: "claude-sonnet-4-5-latest",
                       price: Price(input: nil, output: Decimal(string: "0.000016")), maxOutput: 64_000,
                       capabilities: [.tools]),
            deployment("bedrock", "anthropic.claude-sonnet-4-5"),
        ])
        let newModel = CatalogModel(id: "acme/tiny", name: "Acme Tiny", deployments: [deployment("openrouter", "acme/tiny")])
        let merged = catalog.merging([override, newModel])

        let sonnet = try XCTUnwrap(merged.model("anthropic/claude-sonnet-4-5"))
        XCTAssertEqual(sonnet.id, "anthropic/claude-sonnet-4-5")
        XCTAssertEqual(sonnet.name, "Anthropic: Claude Sonnet 4.5", "a derived name does not replace a written one")
        XCTAssertEqual(sonnet.deployments.map(\.provider), ["anthropic", "bedrock", "openrouter"])
        let direct = sonnet.deployments[0]
        XCTAssertEqual(direct.providerModel, "claude-sonnet-4-5-latest")
        XCTAssertEqual(direct.price.input, Decimal(string: "0.000003"), "unknown in the override: kept")
        XCTAssertEqual(direct.price.output, Decimal(string: "0.000016"))
        XCTAssertEqual(direct.contextWindow, 200_000)
        XCTAssertEqual(direct.maxOutput, 64_000)
        XCTAssertEqual(direct.capabilities, [.tools])
        XCTAssertEqual(sonnet.deployments[2], catalog.model("anthropic/claude-sonnet-4-5")?.deployments[1])
        XCTAssertEqual(merged.model("acme/tiny")?.name, "Acme Tiny")
        XCTAssertEqual(merged.models.count, catalog.models.count + 1)
        XCTAssertNil(catalog.model("acme/tiny"), "the original catalog is unchanged")
    }

    func testDuplicateSpellingsInTheInputMerge() {
        let catalog = ModelCatalog(models: [
            CatalogModel(id: "x-ai/grok-4", name: "grok-4", deployments: [deployment("xai", "grok-4")]),
            CatalogModel(id: "x-ai/grok-4", name: "xAI: Grok 4", deployments: [deployment("openrouter", "x-ai/grok-4")]),
        ])
        XCTAssertEqual(catalog.models.count, 1)
        XCTAssertEqual(catalog.models[0].name, "xAI: Grok 4")
        XCTAssertEqual(catalog.models[0].deployments.map(\.provider), ["openrouter", "xai"])
    }

    func testLookupStaysCheapOnALargeCatalog() {
        let models = (0..<500).map { index in
            CatalogModel(id: "vendor\(index % 20)/model-\(index).1-instruct", name: "Model \(index)", deployments: [
                deployment("openrouter", "vendor\(index % 20)/model-\(index).1-instruct"),
                deployment("groq", "model-\(index)-fast"),
            ])
        }
        let large = ModelCatalog(models: models)
        let queries = ["vendor7/model-7.1-instruct", "Vendor7/Model-7-1-Instruct", "model-321-fast", "model-499.1-instruct"]
        for query in queries { XCTAssertNotNil(large.model(query), query) }
        let rounds = 2_000
        let start = DispatchTime.now().uptimeNanoseconds
        for round in 0..<rounds { _ = large.model(queries[round % queries.count]) }
        let microseconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000 / Double(rounds)
        XCTAssertLessThan(microseconds, 50, "one lookup took \(microseconds) µs on average")
    }
}
