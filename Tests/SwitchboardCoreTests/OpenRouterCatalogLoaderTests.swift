import XCTest
@testable import SwitchboardCore

final class OpenRouterCatalogLoaderTests: XCTestCase {
    /// A cut-down `/api/v1/models` response with each kind of entry the real one has.
    static let fixture = #"""
    {"data": [
      {"id": "anthropic/claude-sonnet-4.5", "name": "Anthropic: Claude Sonnet 4.5", "context_length": 1000000,
       "architecture": {"input_modalities": ["text", "image", "file"], "output_modalities": ["text"]},
       "pricing": {"prompt": "0.000003", "completion": "0.000015", "input_cache_read": "0.0000003",
                   "input_cache_write": "0.00000375", "web_search": "0.01"},
       "top_provider": {"context_length": 1000000, "max_completion_tokens": 64000, "is_moderated": true},
       "supported_parameters": ["max_tokens", "reasoning", "structured_outputs", "tools", "tool_choice"],
       "expiration_date": null, "alias_target": null},
      {"id": "openai/gpt-oss-20b:free", "name": "OpenAI: gpt-oss-20b (free)", "context_length": 131072,
       "architecture": {"input_modalities": ["text"], "output_modalities": ["text"]},
       "pricing": {"prompt": "0", "completion": "0"},
       "top_provider": {"context_length": 131072, "max_completion_tokens": null},
       "supported_parameters": ["response_format", "tools"]},
      {"id": "openai/gpt-oss-20b", "name": "OpenAI: gpt-oss-20b", "context_length": 131072,
       "architecture": {"input_modalities": ["text"]}, "pricing": {"prompt": "0.00000003", "completion": "0.00000014"},
       "top_provider": {"max_completion_tokens": 32768}, "supported_parameters": []},
      {"id": "mystery/half-priced", "name": "Mystery: Half Priced", "context_length": 8192,
       "pricing": {"prompt": "0.000001"}, "top_provider": {}},
      {"id": "openrouter/auto", "name": "Auto Router", "context_length": 2000000,
       "pricing": {"prompt": "-1", "completion": "-1"}, "top_provider": {}},
      {"id": "~anthropic/claude-sonnet-latest", "name": "Anthropic: Claude Sonnet Latest", "context_length": 1000000,
       "pricing": {"prompt": "0.000002", "completion": "0.00001"}, "top_provider": {},
       "alias_target": {"name": "Anthropic: Claude Sonnet 5", "slug": "anthropic/claude-sonnet-5"}},
      {"id": "anthropic/claude-sonnet-4.5:batch", "name": "Anthropic: Claude Sonnet 4.5 (batch)",
       "pricing": {"prompt": "0.0000015", "completion": "0.0000075"}, "top_provider": {}},
      {"id": "nvidia/old-vl:free", "name": "NVIDIA: Old VL (free)", "expiration_date": "2020-08-24",
       "pricing": {"prompt": "0", "completion": "0"}, "top_provider": {}},
      {"id": "x-ai/grok-4.6", "name": "xAI: Grok 4.6", "context_length": 500000,
       "pricing": {"prompt": "0.000002", "completion": "not a number"}, "top_provider": {}}
    ], "total_count": 9, "links": {"next": null}}
    """#

    private func load(_ options: CatalogLoadOptions = .everything) throws -> [String: CatalogModel] {
        let models = try OpenRouterCatalogLoader.load(Data(Self.fixture.utf8), options: options)
        return Dictionary(uniqueKeysWithValues: models.map { ($0.id, $0) })
    }

    func testSkipsPseudoModelsAliasesAndBatchVariantsButKeepsFreeOnes() throws {
        XCTAssertEqual(Set(try load().keys), [
            "anthropic/claude-sonnet-4.5", "openai/gpt-oss-20b:free", "openai/gpt-oss-20b", "mystery/half-priced",
            "nvidia/old-vl:free", "x-ai/grok-4.6",
        ])
        XCTAssertNil(try load(CatalogLoadOptions(retiredBefore: "2026-11-22"))["nvidia/old-vl:free"])
    }

    func testDeploymentIsOpenRouterUnderItsOwnID() throws {
        let sonnet = try XCTUnwrap(try load()["anthropic/claude-sonnet-4.5"])
        XCTAssertEqual(sonnet.name, "Anthropic: Claude Sonnet 4.5")
        XCTAssertEqual(sonnet.deployments.count, 1)
        XCTAssertEqual(sonnet.deployments[0].provider, "openrouter")
        XCTAssertEqual(sonnet.deployments[0].providerModel, "anthropic/claude-sonnet-4.5")
        XCTAssertEqual(sonnet.deployments[0].contextWindow, 1_000_000)
        XCTAssertEqual(sonnet.deployments[0].maxOutput, 64_000)
    }

    func testPriceStringsBecomeExactDecimals() throws {
        let price = try XCTUnwrap(try load()["anthropic/claude-sonnet-4.5"]?.deployments.first?.price)
        XCTAssertEqual(price, Price(input: Decimal(string: "0.000003"), output: Decimal(string: "0.000015"),
                                    cacheRead: Decimal(string: "0.0000003"), cacheWrite: Decimal(string: "0.00000375")))
    }

    func testFreeIsZeroAndMissingOrBrokenPricesAreUnknown() throws {
        let models = try load()
        let free = try XCTUnwrap(models["openai/gpt-oss-20b:free"]?.deployments.first?.price)
        XCTAssertEqual(free.input, 0)
        XCTAssertEqual(free.output, 0)
        XCTAssertNil(free.cacheRead)
        XCTAssertEqual(models["openai/gpt-oss-20b"]?.deployments.first?.price.input, Decimal(string: "0.00000003"))
        let half = try XCTUnwrap(models["mystery/half-priced"]?.deployments.first?.price)
        XCTAssertEqual(half.input, Decimal(string: "0.000001"))
        XCTAssertNil(half.output)
        XCTAssertNil(models["x-ai/grok-4.6"]?.deployments.first?.price.output)
    }

    func testCapabilitiesFromParametersModalitiesAndCachePrices() throws {
        let models = try load()
        XCTAssertEqual(models["anthropic/claude-sonnet-4.5"]?.deployments.first?.capabilities,
                       [.tools, .reasoning, .jsonSchema, .vision, .pdf, .promptCaching], "file input is PDF")
        XCTAssertEqual(models["openai/gpt-oss-20b:free"]?.deployments.first?.capabilities, [.tools],
                       "response_format alone is not a JSON schema")
        XCTAssertEqual(models["openai/gpt-oss-20b"]?.deployments.first?.capabilities, [])
        XCTAssertEqual(models["openai/gpt-oss-20b"]?.deployments.first?.maxOutput, 32_768)
    }

    func testOtherShapesAreRejected() {
        XCTAssertThrowsError(try OpenRouterCatalogLoader.load(Data(#"{"gpt-4o": {"mode": "chat"}}"#.utf8),
                                                              options: .everything)) {
            guard case CatalogImportError.wrongShape(let format, _) = $0 else { return XCTFail("\($0)") }
            XCTAssertEqual(format, "OpenRouter model list")
        }
    }
}
