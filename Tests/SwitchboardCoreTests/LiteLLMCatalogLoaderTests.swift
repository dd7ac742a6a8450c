import XCTest
@testable import SwitchboardCore

final class LiteLLMCatalogLoaderTests: XCTestCase {
    /// A cut-down LiteLLM price file: the shapes the real one has, including what must be left out.
    static let fixture = #"""
    {
      "sample_spec": {"litellm_provider": "one of https://docs.litellm.ai/docs/providers", "mode": "chat",
                      "input_cost_per_token": 0.0, "max_input_tokens": "max input tokens"},
      "claude-sonnet-4-5": {"litellm_provider": "anthropic", "mode": "chat", "input_cost_per_token": 3e-06,
        "output_cost_per_token": 1.5e-05, "cache_read_input_token_cost": 3e-07,
        "cache_creation_input_token_cost": 3.75e-06, "max_input_tokens": 200000, "max_output_tokens": 64000,
        "supports_function_calling": true, "supports_vision": true, "supports_reasoning": true,
        "supports_prompt_caching": true, "supports_response_schema": true, "deprecation_date": "2099-11-30"},
      "gpt-4o-mini": {"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 1.5e-07,
        "output_cost_per_token": 6e-07, "cache_read_input_token_cost": 7.5e-08, "max_input_tokens": 128000,
        "max_output_tokens": 16384, "supports_function_calling": true, "supports_vision": false},
      "gpt-4o-2024-08-06": {"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 2.5e-06,
        "output_cost_per_token": 1e-05, "max_input_tokens": 128000},
      "gemini/gemini-2.5-flash": {"litellm_provider": "gemini", "mode": "chat", "input_cost_per_token": 3e-07,
        "output_cost_per_token": 2.5e-06, "max_input_tokens": 1048576, "max_output_tokens": 65536},
      "groq/openai/gpt-oss-120b": {"litellm_provider": "groq", "mode": "chat", "input_cost_per_token": 1.5e-07,
        "output_cost_per_token": 6e-07, "max_input_tokens": 131072},
      "together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo": {"litellm_provider": "together_ai", "mode": "chat",
        "input_cost_per_token": 8.8e-07, "output_cost_per_token": 8.8e-07},
      "groq/llama-3.3-70b-versatile": {"litellm_provider": "groq", "mode": "chat", "input_cost_per_token": 5.9e-07,
        "output_cost_per_token": 7.9e-07, "max_input_tokens": 128000},
      "mistral/mistral-small-latest": {"litellm_provider": "mistral", "mode": "chat", "input_cost_per_token": 1e-07},
      "xai/grok-4.6": {"litellm_provider": "xai", "mode": "chat", "input_cost_per_token": 0,
        "output_cost_per_token": 0.0, "max_input_tokens": 500000},
      "deepseek/deepseek-reasoner": {"litellm_provider": "deepseek", "mode": "chat",
        "input_cost_per_token": 2.0833333333333332e-08, "output_cost_per_token": 4.2e-07},
      "deepseek-old": {"litellm_provider": "deepseek", "mode": "chat", "input_cost_per_token": 1e-07,
        "deprecation_date": "2020-01-01"},
      "text-embedding-3-small": {"litellm_provider": "openai", "mode": "embedding", "input_cost_per_token": 2e-08},
      "azure/gpt-4o": {"litellm_provider": "azure", "mode": "chat", "input_cost_per_token": 2.5e-06},
      "ollama/llama3": {"litellm_provider": "ollama", "mode": "chat", "input_cost_per_token": 0.0},
      "ft:gpt-4o-mini-2024-07-18": {"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 3e-07},
      "together-ai-up-to-4b": {"litellm_provider": "together_ai", "mode": "chat", "input_cost_per_token": 1e-07},
      "openai/container": {"litellm_provider": "openai", "mode": "chat", "code_interpreter_cost_per_session": 0.03},
      "gpt-mystery": {"litellm_provider": "openai", "mode": "chat"}
    }
    """#

    private func load(_ options: CatalogLoadOptions = .everything) throws -> [String: CatalogModel] {
        let models = try LiteLLMCatalogLoader.load(Data(Self.fixture.utf8), options: options)
        return Dictionary(uniqueKeysWithValues: models.map { ($0.id, $0) })
    }

    func testKeepsChatModelsOfServedProvidersUnderCanonicalIDs() throws {
        let ids = Set(try load().keys)
        XCTAssertEqual(ids, [
            "anthropic/claude-sonnet-4-5", "openai/gpt-4o-mini", "openai/gpt-4o-2024-08-06",
            "google/gemini-2.5-flash", "openai/gpt-oss-120b", "meta-llama/llama-3.3-70b-instruct",
            "mistralai/mistral-small-latest", "x-ai/grok-4.6", "deepseek/deepseek-reasoner", "deepseek/deepseek-old",
        ])
    }

    func testPricesAreExactDecimals() throws {
        let models = try load()
        let sonnet = try XCTUnwrap(models["anthropic/claude-sonnet-4-5"]?.deployments.first)
        XCTAssertEqual(sonnet.price.input, Decimal(string: "0.000003"))
        XCTAssertEqual(sonnet.price.output, Decimal(string: "0.000015"))
        XCTAssertEqual(sonnet.price.cacheRead, Decimal(string: "0.0000003"))
        XCTAssertEqual(sonnet.price.cacheWrite, Decimal(string: "0.00000375"))
        XCTAssertEqual(models["openai/gpt-4o-mini"]?.deployments.first?.price.input, Decimal(string: "0.00000015"))
        // More digits than a Double's shortest form would suggest: kept as written.
        XCTAssertEqual(models["deepseek/deepseek-reasoner"]?.deployments.first?.price.input,
                       Decimal(string: "0.000000020833333333333332"))
    }

    func testMissingPricesStayUnknownAndZeroIsFree() throws {
        let models = try load()
        let small = try XCTUnwrap(models["mistralai/mistral-small-latest"]?.deployments.first)
        XCTAssertEqual(small.price.input, Decimal(string: "0.0000001"))
        XCTAssertNil(small.price.output)
        XCTAssertNil(small.price.cacheRead)
        let mini = try XCTUnwrap(models["openai/gpt-4o-mini"]?.deployments.first)
        XCTAssertNil(mini.price.cacheWrite, "OpenAI lists no cache-write price: unknown, not zero")
        let grok = try XCTUnwrap(models["x-ai/grok-4.6"]?.deployments.first)
        XCTAssertEqual(grok.price.input, 0)
        XCTAssertEqual(grok.price.output, 0)
    }

    func testProviderNamesAndProviderSideModelNames() throws {
        let models = try load()
        let expected: [(String, String, String)] = [
            ("google/gemini-2.5-flash", "gemini", "gemini-2.5-flash"),
            ("openai/gpt-oss-120b", "groq", "openai/gpt-oss-120b"),
            ("x-ai/grok-4.6", "xai", "grok-4.6"),
            ("mistralai/mistral-small-latest", "mistral", "mistral-small-latest"),
            ("anthropic/claude-sonnet-4-5", "anthropic", "claude-sonnet-4-5"),
        ]
        for (id, provider, providerModel) in expected {
            let deployment = try XCTUnwrap(models[id]?.deployments.first, id)
            XCTAssertEqual(deployment.provider, provider, id)
            XCTAssertEqual(deployment.providerModel, providerModel, id)
        }
    }

    func testHostedOpenModelsMergeThroughAliases() throws {
        let llama = try XCTUnwrap(try load()["meta-llama/llama-3.3-70b-instruct"])
        XCTAssertEqual(llama.deployments.map(\.provider), ["groq", "together"])
        XCTAssertEqual(llama.deployments.map(\.providerModel),
                       ["llama-3.3-70b-versatile", "meta-llama/Llama-3.3-70B-Instruct-Turbo"])
    }

    func testWindowsAndCapabilities() throws {
        let models = try load()
        let sonnet = try XCTUnwrap(models["anthropic/claude-sonnet-4-5"]?.deployments.first)
        XCTAssertEqual(sonnet.contextWindow, 200_000)
        XCTAssertEqual(sonnet.maxOutput, 64_000)
        XCTAssertEqual(sonnet.capabilities, [.tools, .vision, .reasoning, .promptCaching, .jsonSchema])
        let mini = try XCTUnwrap(models["openai/gpt-4o-mini"]?.deployments.first)
        XCTAssertEqual(mini.capabilities, [.tools])
        XCTAssertNil(models["mistralai/mistral-small-latest"]?.deployments.first?.contextWindow)
    }

    func testRetiredEntriesAreLeftOutOnlyWhenAsked() throws {
        let current = try load(CatalogLoadOptions(retiredBefore: "2026-11-22"))
        XCTAssertNil(current["deepseek/deepseek-old"])
        XCTAssertNotNil(current["anthropic/claude-sonnet-4-5"], "deprecation in 2099 is not yet")
        XCTAssertNotNil(try load(.everything)["deepseek/deepseek-old"])
    }

    func testOtherShapesAreRejected() {
        XCTAssertThrowsError(try LiteLLMCatalogLoader.load(Data(#"{"data": []}"#.utf8), options: .everything)) {
            guard case CatalogImportError.wrongShape = $0 else { return XCTFail("\($0)") }
        }
        XCTAssertThrowsError(try LiteLLMCatalogLoader.load(Data("not json".utf8), options: .everything)) {
            guard case CatalogImportError.notJSON = $0 else { return XCTFail("\($0)") }
        }
    }
}
