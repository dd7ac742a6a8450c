import Foundation

/// Folds models that are the same model under different spellings (one per source) into one `CatalogModel`
/// with one deployment per provider. Used by both loaders, by `ModelCatalog.init` and by catalog-gen.
public enum CatalogMerge {
    /// Groups `models` by normalised id, keeps one deployment per provider, and returns them sorted by id with
    /// deployments sorted by provider. The id spelling comes from the vendor's own API when it serves the model
    /// (`anthropic/claude-sonnet-4-5`), else from OpenRouter, else the smallest spelling.
    public static func combine(_ models: [CatalogModel]) -> [CatalogModel] {
        var groups: [String: [CatalogModel]] = [:]
        var order: [String] = []
        for model in models {
            let key = CanonicalModelID.normalized(model.id)
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(model)
        }
        var result: [CatalogModel] = []
        result.reserveCapacity(order.count)
        for key in order {
            guard let group = groups[key] else { continue }
            result.append(group.count == 1 ? tidy(group[0]) : fold(group))
        }
        return result.sorted { $0.id < $1.id }
    }

    /// One model from several spellings: the best-ranked spelling leads, and its deployments win per provider.
    static func fold(_ group: [CatalogModel]) -> CatalogModel {
        // Input order breaks the last ties, so the result never depends on how the sort treats equal keys.
        let ranked = group.enumerated().sorted { lhs, rhs in
            let (l, r) = (rank(lhs.element), rank(rhs.element))
            if l != r { return l < r }
            return lhs.element.id != rhs.element.id ? lhs.element.id < rhs.element.id : lhs.offset < rhs.offset
        }.map(\.element)
        let lead = ranked[0]
        var deployments: [Deployment] = []
        for model in ranked {
            deployments.append(contentsOf: model.deployments)
        }
        let name = ranked.first { isDescriptive($0.name) }?.name ?? lead.name
        return tidy(CatalogModel(id: lead.id, name: name, deployments: deployments))
    }

    /// 0 when the vendor's own API serves it, 1 when OpenRouter does, 2 otherwise.
    static func rank(_ model: CatalogModel) -> Int {
        let providers = Set(model.deployments.map(\.provider))
        if let own = CanonicalModelID.firstPartyProvider(of: model.id), providers.contains(own) { return 0 }
        return providers.contains("openrouter") ? 1 : 2
    }

    /// One deployment per provider (the first one wins), sorted by provider.
    static func tidy(_ model: CatalogModel) -> CatalogModel {
        var seen = Set<String>()
        var deployments = model.deployments.filter { seen.insert($0.provider).inserted }
        deployments.sort { $0.provider < $1.provider }
        return CatalogModel(id: model.id, name: model.name, deployments: deployments)
    }

    /// A written-out name (OpenRouter's "Anthropic: Claude Sonnet 4.5") beats one derived from an API name
    /// (`claude-sonnet-4-5`, `Ministral-3-14B-Instruct-2512`): API names never hold a space.
    static func isDescriptive(_ name: String) -> Bool {
        name.contains(" ")
    }
}
