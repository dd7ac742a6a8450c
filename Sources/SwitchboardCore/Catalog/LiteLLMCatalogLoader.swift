import Foundation

/// Reads LiteLLM's `model_prices_and_context_window.json` (one object keyed by model name) into catalog models,
/// one deployment per direct provider Switchboard speaks to. Chat models only; OpenRouter's prices come from its
/// own `/models` file, and local Ollama models have no price to take.
public enum LiteLLMCatalogLoader {
    /// LiteLLM's `litellm_provider` values that Switchboard serves, and the provider name each becomes.
    static let providers: [String: String] = [
        "openai": "openai", "anthropic": "anthropic", "gemini": "gemini", "groq": "groq", "mistral": "mistral",
        "deepseek": "deepseek", "together_ai": "together", "xai": "xai",
    ]

    /// Loads the file, leaving out what is retired as of today.
    public static func load(_ data: Data) throws -> [CatalogModel] {
        try load(data, options: .today)
    }

    public static func load(_ data: Data, options: CatalogLoadOptions) throws -> [CatalogModel] {
        try models(from: CatalogImportError.jsonObject(data), options: options)
    }

    /// True when `object` looks like LiteLLM's price file: an object whose entries carry `litellm_provider`.
    static func recognises(_ object: Any) -> Bool {
        guard let entries = object as? [String: Any] else { return false }
        return entries.values.contains { ($0 as? [String: Any])?["litellm_provider"] != nil }
    }

    static func models(from object: Any, options: CatalogLoadOptions) throws -> [CatalogModel] {
        guard let entries = object as? [String: Any], recognises(entries) else {
            throw CatalogImportError.wrongShape(format: "LiteLLM price file",
                                                expected: "an object of model name -> {litellm_provider, mode, input_cost_per_token, ...}")
        }
        var models: [CatalogModel] = []
        // Sorted, so that which of two same-named entries wins never depends on dictionary order.
        for key in entries.keys.sorted() {
            guard let entry = entries[key] as? [String: Any],
                  let model = model(key: key, entry: entry, options: options) else { continue }
            models.append(model)
        }
        return CatalogMerge.combine(models)
    }

    /// One entry as a one-deployment model, or nil when it is not a chat model of a provider we serve.
    static func model(key: String, entry: [String: Any], options: CatalogLoadOptions) -> CatalogModel? {
        guard entry["mode"] as? String == "chat",
              let litellmProvider = entry["litellm_provider"] as? String,
              let provider = providers[litellmProvider],
              let providerModel = providerModel(key: key, litellmProvider: litellmProvider),
              !options.isRetired(CatalogJSONValue.string(entry["deprecation_date"])) else { return nil }
        let price = LiteLLMPrice.price(entry)
        let context = CatalogJSONValue.int(entry["max_input_tokens"])
        // An entry with neither a token price nor a window is a tool or a pricing tier, not a model.
        guard price.input != nil || price.output != nil || context != nil else { return nil }
        let facts = capabilities(entry)
        let deployment = Deployment(provider: provider, providerModel: providerModel, price: price,
                                    contextWindow: context,
                                    maxOutput: CatalogJSONValue.int(entry["max_output_tokens"]),
                                    capabilities: facts.supported, lacking: facts.lacking)
        let id = CanonicalModelID.canonicalID(provider: provider, providerModel: providerModel)
        let name = providerModel.split(separator: "/").last.map(String.init) ?? providerModel
        return CatalogModel(id: id, name: name, deployments: [deployment])
    }

    /// The name the provider's API expects: the key without LiteLLM's routing prefix (`gemini/`, `groq/`, ...).
    /// nil for keys that name no callable model: fine-tune price templates (`ft:`) and Together's size tiers.
    static func providerModel(key: String, litellmProvider: String) -> String? {
        guard !key.hasPrefix("ft:") else { return nil }
        let prefix = litellmProvider + "/"
        if key.hasPrefix(prefix) { return String(key.dropFirst(prefix.count)) }
        if litellmProvider == "together_ai" { return nil }
        return key.contains("/") && ["openai", "anthropic"].contains(litellmProvider) ? nil : key
    }

    /// The flags LiteLLM states: `true` is supported, `false` lacking, a flag left out unknown.
    static func capabilities(_ entry: [String: Any]) -> Capabilities {
        let flags: [(String, Capability)] = [
            ("supports_function_calling", .tools), ("supports_vision", .vision), ("supports_reasoning", .reasoning),
            ("supports_prompt_caching", .promptCaching), ("supports_response_schema", .jsonSchema),
            ("supports_pdf_input", .pdf),
        ]
        var facts = Capabilities()
        for (key, capability) in flags {
            guard let stated = entry[key] as? Bool else { continue }
            if stated { facts.supported.insert(capability) } else { facts.lacking.insert(capability) }
        }
        return facts
    }
}
