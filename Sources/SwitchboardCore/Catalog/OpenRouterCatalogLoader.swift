import Foundation

/// Reads OpenRouter's `GET /api/v1/models` response (`{"data":[...]}`) into catalog models served by the
/// `openrouter` provider, with OpenRouter's id as the provider-side name.
public enum OpenRouterCatalogLoader {
    /// Loads the file, leaving out what is retired as of today.
    public static func load(_ data: Data) throws -> [CatalogModel] {
        try load(data, options: .today)
    }

    public static func load(_ data: Data, options: CatalogLoadOptions) throws -> [CatalogModel] {
        try models(from: CatalogImportError.jsonObject(data), options: options)
    }

    /// True when `object` looks like the `/models` response: a `data` array of objects with `id` and `pricing`.
    static func recognises(_ object: Any) -> Bool {
        guard let entries = (object as? [String: Any])?["data"] as? [Any] else { return false }
        guard let first = entries.first as? [String: Any] else { return entries.isEmpty }
        return first["id"] is String && first["pricing"] != nil
    }

    static func models(from object: Any, options: CatalogLoadOptions) throws -> [CatalogModel] {
        guard recognises(object), let entries = (object as? [String: Any])?["data"] as? [Any] else {
            throw CatalogImportError.wrongShape(format: "OpenRouter model list",
                                                expected: #"{"data":[{"id", "name", "pricing", "context_length", ...}]}"#)
        }
        let models = entries.compactMap { ($0 as? [String: Any]).flatMap { model($0, options: options) } }
        return CatalogMerge.combine(models)
    }

    /// One listed model, or nil for what is not a model one can chat with directly: router pseudo-models
    /// (price "-1", e.g. `openrouter/auto`), moving aliases (`~anthropic/claude-sonnet-latest`, which point at a
    /// model listed anyway), `:batch` variants (asynchronous batch API: cheaper, but never answers a chat turn)
    /// and retired ones. `:free` variants are kept as models of their own.
    static func model(_ entry: [String: Any], options: CatalogLoadOptions) -> CatalogModel? {
        guard let id = CatalogJSONValue.string(entry["id"]), !id.hasPrefix("~"), !id.hasSuffix(":batch"),
              entry["alias_target"] == nil || entry["alias_target"] is NSNull,
              !options.isRetired(CatalogJSONValue.string(entry["expiration_date"])) else { return nil }
        let pricing = entry["pricing"] as? [String: Any] ?? [:]
        guard pricing["prompt"] as? String != "-1", pricing["completion"] as? String != "-1" else { return nil }
        let price = OpenRouterPrice.price(pricing)
        let topProvider = entry["top_provider"] as? [String: Any] ?? [:]
        let facts = capabilities(entry, pricing: pricing)
        let deployment = Deployment(
            provider: "openrouter", providerModel: id, price: price,
            contextWindow: CatalogJSONValue.int(entry["context_length"]) ?? CatalogJSONValue.int(topProvider["context_length"]),
            maxOutput: CatalogJSONValue.int(topProvider["max_completion_tokens"]),
            capabilities: facts.supported, lacking: facts.lacking)
        let canonical = CanonicalModelID.canonicalID(provider: "openrouter", providerModel: id)
        return CatalogModel(id: canonical, name: CatalogJSONValue.string(entry["name"]) ?? id, deployments: [deployment])
    }

    /// OpenRouter lists every parameter and input a model takes, so what it leaves out is lacking. The one
    /// exception: `response_format` without `structured_outputs` may be JSON mode only, so a JSON schema is unknown.
    static func capabilities(_ entry: [String: Any], pricing: [String: Any]) -> Capabilities {
        let parameters = Set(entry["supported_parameters"] as? [String] ?? [])
        let inputs = (entry["architecture"] as? [String: Any])?["input_modalities"] as? [String] ?? []
        var supported = Set<Capability>()
        if parameters.contains("tools") { supported.insert(.tools) }
        if parameters.contains("reasoning") { supported.insert(.reasoning) }
        if parameters.contains("structured_outputs") { supported.insert(.jsonSchema) }
        if inputs.contains("image") { supported.insert(.vision) }
        if inputs.contains("file") { supported.insert(.pdf) }
        if pricing["input_cache_read"] != nil { supported.insert(.promptCaching) }
        var facts = Capabilities.complete(supported)
        if !supported.contains(.jsonSchema), parameters.contains("response_format") { facts.lacking.remove(.jsonSchema) }
        return facts
    }
}
