import Foundation

extension ModelCatalog {
    /// This catalog with `overrides` laid over it (an imported price file, the user's own entries). A deployment
    /// of the same model by the same provider is replaced field by field: what the override knows wins, what it
    /// leaves unknown (nil price parts, no tiers, nil window, no capabilities stated) keeps the current value. New deployments
    /// and new models are added. Models are matched by normalised id; an override that brings the vendor's own
    /// deployment also brings the vendor's spelling of the id.
    public func merging(_ overrides: [CatalogModel]) -> ModelCatalog {
        guard !overrides.isEmpty else { return self }
        var result = models
        for override in CatalogMerge.combine(overrides) {
            if let position = storage.byKey[CanonicalModelID.normalized(override.id)] {
                result[position] = Self.merge(result[position], override)
            } else {
                result.append(override)
            }
        }
        return ModelCatalog(models: result)
    }

    static func merge(_ base: CatalogModel, _ override: CatalogModel) -> CatalogModel {
        var merged = base
        // The vendor's own spelling of the id wins, as it does when the catalog is built.
        if CatalogMerge.rank(override) < CatalogMerge.rank(base) { merged.id = override.id }
        if CatalogMerge.isDescriptive(override.name) || !CatalogMerge.isDescriptive(base.name) {
            merged.name = override.name.isEmpty ? base.name : override.name
        }
        for deployment in override.deployments {
            if let position = merged.deployments.firstIndex(where: { $0.provider == deployment.provider }) {
                merged.deployments[position] = merge(merged.deployments[position], deployment)
            } else {
                merged.deployments.append(deployment)
            }
        }
        return merged
    }

    static func merge(_ base: Deployment, _ override: Deployment) -> Deployment {
        var merged = base
        merged.providerModel = override.providerModel
        // Tiers come as a whole: an override that states any replaces them, one that states none keeps them.
        merged.price = Price(base: base.price.base.overlaid(with: override.price.base),
                             tiers: override.price.tiers.isEmpty ? base.price.tiers : override.price.tiers,
                             perRequest: override.price.perRequest ?? base.price.perRequest)
        merged.contextWindow = override.contextWindow ?? base.contextWindow
        merged.maxOutput = override.maxOutput ?? base.maxOutput
        let facts = override.capabilityFacts
        if !facts.supported.isEmpty || !facts.lacking.isEmpty { merged.capabilityFacts = facts }
        merged.throughputHint = override.throughputHint ?? base.throughputHint
        merged.simulated = override.simulated
        return merged
    }
}
