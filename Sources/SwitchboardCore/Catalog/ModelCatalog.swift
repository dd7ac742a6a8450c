import Foundation

/// Every known model and the deployments that serve it, with lookup by the many names people use for a model.
/// Built once (indexes included); lookups are dictionary hits, cheap enough for every routing decision.
public struct ModelCatalog: Sendable {
    /// Sorted by id; one model per normalised id; one deployment per provider, sorted by provider.
    public var models: [CatalogModel] { storage.models }

    let storage: Storage

    /// Models sharing a normalised id are merged (see `CatalogMerge.combine`).
    public init(models: [CatalogModel]) {
        storage = Storage(models: CatalogMerge.combine(models))
    }

    public static let empty = ModelCatalog(models: [])

    /// The model `id` names: its canonical id, or the same in another spelling (case, `.` for `-`, vendor alias
    /// such as `gemini/` or `xai/`), an OpenRouter id, a provider-side name (`claude-sonnet-4-5`,
    /// `llama-3.3-70b-versatile`), a model name without vendor (`gpt-4o-mini`), or any of those behind a
    /// prefix of a provider that serves it (`openrouter/anthropic/claude-sonnet-4.5`).
    public func model(_ id: String) -> CatalogModel? {
        storage.position(of: id).map { storage.models[$0] }
    }

    /// The models `provider` has a deployment for, sorted by id.
    public func models(servedBy provider: String) -> [CatalogModel] {
        (storage.byProvider[provider.lowercased()] ?? []).map { storage.models[$0] }
    }

    /// Provider names that serve at least one model, sorted.
    public var providers: [String] { storage.byProvider.keys.sorted() }

    /// Number of deployments over all models.
    public var deploymentCount: Int { storage.models.reduce(0) { $0 + $1.deployments.count } }
}

extension ModelCatalog {
    /// The models and the indexes over them, built once in `init`.
    struct Storage: Sendable {
        let models: [CatalogModel]
        /// Exact canonical id -> position.
        let byID: [String: Int]
        /// Normalised canonical id -> position.
        let byKey: [String: Int]
        /// Normalised provider-side name (`claude-sonnet-4-5`, `anthropic/claude-sonnet-4-5`) -> position.
        let byProviderModel: [String: Int]
        /// Normalised model part without vendor (`gpt-4o-mini`) -> position; the first id in order wins.
        let byModelPart: [String: Int]
        let byProvider: [String: [Int]]
        /// Normalised ids as bytes, for suggestions.
        let searchKeys: [[UInt8]]

        init(models: [CatalogModel]) {
            self.models = models
            var byID: [String: Int] = [:], byKey: [String: Int] = [:], byProviderModel: [String: Int] = [:]
            var byModelPart: [String: Int] = [:], byProvider: [String: [Int]] = [:]
            var searchKeys: [[UInt8]] = []
            searchKeys.reserveCapacity(models.count)
            for (position, model) in models.enumerated() {
                let key = CanonicalModelID.normalized(model.id)
                byID[model.id] = position
                byKey[key] = position
                searchKeys.append(Array(key.utf8))
                let part = String(CanonicalModelID.modelPart(ofKey: key))
                if byModelPart[part] == nil { byModelPart[part] = position }
                for deployment in model.deployments {
                    let providerKey = CanonicalModelID.normalized(deployment.providerModel)
                    if byProviderModel[providerKey] == nil { byProviderModel[providerKey] = position }
                    byProvider[deployment.provider, default: []].append(position)
                }
            }
            (self.byID, self.byKey, self.byProviderModel) = (byID, byKey, byProviderModel)
            (self.byModelPart, self.byProvider, self.searchKeys) = (byModelPart, byProvider, searchKeys)
        }

        func position(of text: String) -> Int? {
            if let exact = byID[text] { return exact }
            let key = CanonicalModelID.normalized(text)
            if let found = byKey[key] ?? byProviderModel[key] { return found }
            if let alias = CanonicalModelID.alias(of: text), let found = byKey[CanonicalModelID.normalized(alias)] {
                return found
            }
            if !key.contains("/"), let found = byModelPart[key] { return found }
            // `groq/llama-3.3-70b-versatile`, `openrouter/anthropic/claude-sonnet-4.5`: a provider in front, which
            // must serve the model (else the name means a model that provider has and the catalog does not).
            guard let slash = text.firstIndex(of: "/") else { return nil }
            let provider = text[..<slash].lowercased()
            let rest = String(text[text.index(after: slash)...])
            guard byProvider[provider] != nil, !rest.isEmpty, let found = position(of: rest),
                  models[found].deployments.contains(where: { $0.provider == provider }) else { return nil }
            return found
        }
    }
}
