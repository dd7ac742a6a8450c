import XCTest
@testable import SwitchboardCore

/// The price and capability facts beyond plain per-token prices: read from LiteLLM's and OpenRouter's files,
/// written and read back by the catalog codec, kept by merging, and present in the bundled catalog.
final class CatalogPriceFactsTests: XCTestCase {
    private func perMillion(_ text: String) -> Decimal? { Decimal(string: text).map { $0 / 1_000_000 } }

    static let litellm = #"""
    {
      "gemini/gemini-2.5-pro": {"litellm_provider": "gemini", "mode": "chat", "input_cost_per_token": 1.25e-06,
        "input_cost_per_token_above_200k_tokens": 2.5e-06, "input_cost_per_token_above_200k_tokens_priority": 4.5e-06,
        "output_cost_per_token": 1e-05, "output_cost_per_token_above_200k_tokens": 1.5e-05,
        "cache_read_input_token_cost": 1.25e-07, "cache_read_input_token_cost_above_200k_tokens": 2.5e-07,
        "input_cost_per_token_batches": 6.25e-07, "input_cost_per_token_above_200k_tokens_batches": 1.25e-06,
        "max_input_tokens": 1048576, "supports_function_calling": true, "supports_vision": true,
        "supports_pdf_input": true, "supports_reasoning": true, "supports_response_schema": true,
        "supports_prompt_caching": true},
      "claude-sonnet-4-5": {"litellm_provider": "anthropic", "mode": "chat", "input_cost_per_token": 3e-06,
        "output_cost_per_token": 1.5e-05, "cache_creation_input_token_cost": 3.75e-06,
        "cache_creation_input_token_cost_above_1hr": 6e-06, "cache_read_input_token_cost": 3e-07,
        "input_cost_per_token_above_200k_tokens": 6e-06, "output_cost_per_token_above_200k_tokens": 2.25e-05,
        "cache_creation_input_token_cost_above_200k_tokens": 7.5e-06,
        "cache_creation_input_token_cost_above_1hr_above_200k_tokens": 1.2e-05,
        "cache_read_input_token_cost_above_200k_tokens": 6e-07, "cache_creation_input_token_cost_above_12hr": 9e-06,
        "supports_function_calling": true, "supports_vision": false},
      "gpt-5.9": {"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 1e-06,
        "output_cost_per_token": 8e-06, "output_cost_per_reasoning_token": 4e-06, "input_cost_per_request": 0.002,
        "input_cost_per_image": 0.0004, "input_cost_per_token_above_128k_tokens": 2e-06,
        "output_cost_per_token_above_128k_tokens": 1.6e-05, "input_cost_per_image_above_128k_tokens": 0.0008,
        "input_cost_per_token_above_272k_tokens": 4e-06, "output_cost_per_token_above_272k_tokens": 3.2e-05,
        "output_cost_per_token_above_272k_tokens_priority": 6.4e-05}
    }
    """#

    static let openrouter = #"""
    {"data": [
      {"id": "google/gemini-2.5-pro", "name": "Google: Gemini 2.5 Pro", "context_length": 1048576,
       "architecture": {"input_modalities": ["text", "image", "file", "audio"]},
       "pricing": {"prompt": "0.00000125", "completion": "0.00001", "image": "0.00516",
                   "internal_reasoning": "0.00001", "input_cache_read": "0.000000125", "input_cache_write": "0.000000375",
                   "overrides": [{"min_prompt_tokens": 200000, "prompt": "0.0000025", "completion": "0.000015",
                                  "input_cache_read": "0.00000025"}]},
       "top_provider": {"max_completion_tokens": 65536},
       "supported_parameters": ["reasoning", "response_format", "structured_outputs", "tools"]},
      {"id": "perplexity/sonar-deep-research", "name": "Perplexity: Sonar Deep Research", "context_length": 128000,
       "architecture": {"input_modalities": ["text"]},
       "pricing": {"prompt": "0.000002", "completion": "0.000008", "internal_reasoning": "0.000003", "request": "0.005"},
       "top_provider": {}, "supported_parameters": ["reasoning", "response_format"]},
      {"id": "deepseek/deepseek-v3.2", "name": "DeepSeek V3.2", "context_length": 163840,
       "architecture": {"input_modalities": ["text"]},
       "pricing": {"prompt": "0.00000028", "completion": "0.00000042", "input_cache_write_1h": "0.0000005",
                   "overrides": [{"utc_start": 1000, "utc_end": 100, "prompt": "0.00000014", "completion": "0.00000021"}]},
       "top_provider": {}, "supported_parameters": ["tools"]}
    ]}
    """#

    private func litellm() throws -> [String: Deployment] {
        let models = try LiteLLMCatalogLoader.load(Data(Self.litellm.utf8), options: .everything)
        return Dictionary(uniqueKeysWithValues: models.map { ($0.id, $0.deployments[0]) })
    }

    private func openrouter() throws -> [String: Deployment] {
        let models = try OpenRouterCatalogLoader.load(Data(Self.openrouter.utf8), options: .everything)
        return Dictionary(uniqueKeysWithValues: models.map { ($0.id, $0.deployments[0]) })
    }

    func testLiteLLMTiersAreReadForEveryThresholdAndServiceLevelsAreLeftOut() throws {
        let gemini = try XCTUnwrap(try litellm()["google/gemini-2.5-pro"]).price
        XCTAssertEqual(gemini.tiers, [PriceTier(abovePromptTokens: 200_000, rates: TokenRates(
            input: perMillion("2.5"), output: perMillion("15"), cacheRead: perMillion("0.25")))])
        XCTAssertEqual(gemini.cost(of: Usage(input: 250_000, output: 1_000)), Money(Decimal(string: "0.64")!))

        let gpt = try XCTUnwrap(try litellm()["openai/gpt-5.9"]).price
        XCTAssertEqual(gpt.tiers.map(\.abovePromptTokens), [128_000, 272_000])
        XCTAssertEqual(gpt.tiers[0].rates, TokenRates(input: perMillion("2"), output: perMillion("16"), image: Decimal(string: "0.0008")))
        XCTAssertEqual(gpt.tiers[1].rates, TokenRates(input: perMillion("4"), output: perMillion("32")))
        XCTAssertEqual(gpt.base.reasoning, perMillion("4"))
        XCTAssertEqual(gpt.base.image, Decimal(string: "0.0004"))
        XCTAssertEqual(gpt.perRequest, Decimal(string: "0.002"))
    }

    func testLiteLLMOneHourCacheWritesAtBaseAndInTiers() throws {
        let sonnet = try XCTUnwrap(try litellm()["anthropic/claude-sonnet-4-5"]).price
        XCTAssertEqual(sonnet.cacheWrite, perMillion("3.75"))
        XCTAssertEqual(sonnet.cacheWrite1h, perMillion("6"))
        XCTAssertEqual(sonnet.tiers, [PriceTier(abovePromptTokens: 200_000, rates: TokenRates(
            input: perMillion("6"), output: perMillion("22.5"), cacheRead: perMillion("0.6"), cacheWrite: perMillion("7.5"),
            cacheWrite1h: perMillion("12")))])
    }

    func testLiteLLMCapabilityFlagsAreTrueFalseOrUnknown() throws {
        let models = try litellm()
        let gemini = try XCTUnwrap(models["google/gemini-2.5-pro"]).capabilityFacts
        XCTAssertEqual(gemini.supported, Set(Capability.allCases))
        let sonnet = try XCTUnwrap(models["anthropic/claude-sonnet-4-5"]).capabilityFacts
        XCTAssertEqual(sonnet.supports(.tools), true)
        XCTAssertEqual(sonnet.supports(.vision), false, "stated false")
        XCTAssertNil(sonnet.supports(.pdf), "not stated: unknown")
        XCTAssertNil(sonnet.supports(.reasoning))
    }

    func testOpenRouterOverridesBecomeTiersAndTimeOfDayPricesAreLeftOut() throws {
        let models = try openrouter()
        let gemini = try XCTUnwrap(models["google/gemini-2.5-pro"]).price
        XCTAssertEqual(gemini.tiers, [PriceTier(abovePromptTokens: 200_000, rates: TokenRates(
            input: perMillion("2.5"), output: perMillion("15"), cacheRead: perMillion("0.25")))])
        XCTAssertNil(gemini.base.reasoning, "internal_reasoning equal to completion is billed as output")
        XCTAssertEqual(gemini.base.image, Decimal(string: "0.00516"))
        XCTAssertEqual(gemini.cost(of: Usage(input: 250_000, output: 1_000)), Money(Decimal(string: "0.64")!))

        let deepseek = try XCTUnwrap(models["deepseek/deepseek-v3.2"]).price
        XCTAssertEqual(deepseek.tiers, [])
        XCTAssertEqual(deepseek.cacheWrite1h, perMillion("0.5"))

        let sonar = try XCTUnwrap(models["perplexity/sonar-deep-research"]).price
        XCTAssertEqual(sonar.base.reasoning, perMillion("3"))
        XCTAssertEqual(sonar.perRequest, Decimal(string: "0.005"))
    }

    func testOpenRouterStatesEveryCapabilityExceptASchemaBehindResponseFormatAlone() throws {
        let models = try openrouter()
        let gemini = try XCTUnwrap(models["google/gemini-2.5-pro"]).capabilityFacts
        XCTAssertEqual(gemini, .complete([.tools, .reasoning, .jsonSchema, .vision, .pdf, .promptCaching]))
        let sonar = try XCTUnwrap(models["perplexity/sonar-deep-research"]).capabilityFacts
        XCTAssertEqual(sonar.supported, [.reasoning])
        XCTAssertNil(sonar.supports(.jsonSchema), "response_format alone may be JSON mode only")
        XCTAssertEqual(sonar.supports(.vision), false)
        XCTAssertEqual(sonar.supports(.pdf), false)
        XCTAssertEqual(sonar.supports(.tools), false)
    }

    func testTheCodecCarriesEveryNewFactThroughARoundTrip() throws {
        let models = try LiteLLMCatalogLoader.load(Data(Self.litellm.utf8), options: .everything)
            + OpenRouterCatalogLoader.load(Data(Self.openrouter.utf8), options: .everything)
        let combined = CatalogMerge.combine(models)
        XCTAssertEqual(try CatalogCodec.decode(CatalogCodec.encode(combined)), combined)
        let text = CatalogCodec.encode(combined)
        XCTAssertTrue(text.contains("|openrouter|google/gemini-2.5-pro|1.25|10|0.125|0.375|1048576|65536|"
            + "caching,json,pdf,reasoning,tools,vision||||||0.00516||200000:2.5/15/0.25\n"), text)
        XCTAssertTrue(text.contains("|128000||reasoning|||caching,pdf,tools,vision||3||0.005\n"), text)
    }

    func testACatalogWrittenBeforeTheNewColumnsStillLoads() throws {
        // The bundled catalog's format before tiers: thirteen columns at most.
        let old = """
            switchboard-catalog 1
            # id|name|provider|providerModel|input|output|cacheRead|cacheWrite|context|maxOutput|capabilities|throughput|simulated
            anthropic/claude-sonnet-4-5|Anthropic: Claude Sonnet 4.5|anthropic|claude-sonnet-4-5|3|15|0.3|3.75|200000|64000|caching,json,reasoning,tools,vision
            demo/echo|Echo|demo|echo|0|0|0|0|||||1
            """
        let models = try CatalogCodec.decode(old)
        let sonnet = models[0].deployments[0]
        XCTAssertEqual(sonnet.price, Price(input: perMillion("3"), output: perMillion("15"), cacheRead: perMillion("0.3"),
                                           cacheWrite: perMillion("3.75")))
        XCTAssertEqual(sonnet.capabilityFacts, Capabilities(supported: [.promptCaching, .jsonSchema, .reasoning, .tools, .vision]))
        XCTAssertNil(sonnet.capabilityFacts.supports(.pdf))
        XCTAssertTrue(models[1].deployments[0].simulated)
    }

    func testBadTiersAndLacksNameTheLine() {
        let cases: [(String, String)] = [
            ("a/m|A|p|m|1|2|||||||||||||200k:2/4", "tiers '200k:2/4'"),
            ("a/m|A|p|m|1|2|||||||||||||200000:2/4e-1", "'4e-1' is not a plain decimal"),
            ("a/m|A|p|m|1|2|||||||||||||1:1/2/3/4/5/6/7/8", "at most 7 prices"),
            ("a/m|A|p|m|1|2||||||||telepathy", "unknown capability 'telepathy'"),
        ]
        for (line, fragment) in cases {
            XCTAssertThrowsError(try CatalogCodec.decode("switchboard-catalog 1\n" + line + "\n"), line) { error in
                guard let error = error as? CatalogCodecError else { return XCTFail("\(error)") }
                XCTAssertEqual(error.line, 2)
                XCTAssertTrue(error.message.contains(fragment), "\(error.message) lacks \(fragment)")
            }
        }
    }

    func testMergingKeepsTiersAndFactsTheOverrideDoesNotState() throws {
        let tier = PriceTier(abovePromptTokens: 200_000, rates: TokenRates(input: perMillion("2.5"), output: perMillion("15")))
        let base = CatalogModel(id: "google/gemini-2.5-pro", name: "Gemini", deployments: [
            Deployment(provider: "gemini", providerModel: "gemini-2.5-pro",
                       price: Price(input: perMillion("1.25"), output: perMillion("10"), cacheWrite1h: perMillion("1"),
                                    perRequest: Decimal(string: "0.01"), tiers: [tier]),
                       capabilities: [.tools], lacking: [.pdf]),
        ])
        let override = CatalogModel(id: "google/gemini-2.5-pro", name: "", deployments: [
            Deployment(provider: "gemini", providerModel: "gemini-2.5-pro", price: Price(input: perMillion("1"), output: nil)),
        ])
        let merged = try XCTUnwrap(ModelCatalog(models: [base]).merging([override]).model("google/gemini-2.5-pro"))
        let deployment = merged.deployments[0]
        XCTAssertEqual(deployment.price.input, perMillion("1"))
        XCTAssertEqual(deployment.price.output, perMillion("10"))
        XCTAssertEqual(deployment.price.cacheWrite1h, perMillion("1"))
        XCTAssertEqual(deployment.price.perRequest, Decimal(string: "0.01"))
        XCTAssertEqual(deployment.price.tiers, [tier])
        XCTAssertEqual(deployment.capabilityFacts, Capabilities(supported: [.tools], lacking: [.pdf]))
    }

    func testTheBundledCatalogPricesTheLongGeminiPromptAtTheHigherTier() throws {
        let model = try XCTUnwrap(BundledCatalog.catalog.model("google/gemini-2.5-pro"))
        for provider in ["gemini", "openrouter"] {
            let deployment = try XCTUnwrap(model.deployments.first { $0.provider == provider }, provider)
            XCTAssertEqual(deployment.price.cost(of: Usage(input: 250_000, output: 1_000)), Money(Decimal(string: "0.64")!), provider)
            XCTAssertEqual(deployment.price.cost(of: Usage(input: 200_000, output: 1_000)), Money(Decimal(string: "0.26")!), provider)
            XCTAssertEqual(deployment.capabilityFacts.supports(.pdf), true, provider)
        }
        let sonar = try XCTUnwrap(BundledCatalog.catalog.model("perplexity/sonar-deep-research")?.deployments.first)
        XCTAssertEqual(sonar.price.base.reasoning, perMillion("3"))
        XCTAssertEqual(sonar.capabilityFacts.supports(.tools), false)
    }
}
