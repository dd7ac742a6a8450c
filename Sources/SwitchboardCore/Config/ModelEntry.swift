import Foundation

/// One `[[models]]` entry: a new model, or an override of a price or window of one the catalog knows.
public struct ModelEntry: Sendable {
    public var model: CatalogModel
    /// Whether `provider_model` was written. When it was not, the entry's provider-side name is only a guess
    /// from the id (`demo/pro` -> `pro`), and a deployment the catalog already has keeps its own (`demo-pro`).
    public var providerModelIsExplicit: Bool

    public init(model: CatalogModel, providerModelIsExplicit: Bool) {
        self.model = model
        self.providerModelIsExplicit = providerModelIsExplicit
    }
}

extension Configuration {
    /// `base` with the `[[models]]` entries laid over it. An entry for a model and provider the catalog already
    /// has changes only what it states (price, window, capabilities): the provider-side name stays the catalog's
    /// unless `provider_model` is written, and a simulated deployment stays simulated (config cannot say either).
    public func catalog(over base: ModelCatalog) -> ModelCatalog {
        let overrides = modelEntries.map { entry -> CatalogModel in
            guard let known = base.model(entry.model.id),
                  CanonicalModelID.normalized(known.id) == CanonicalModelID.normalized(entry.model.id) else { return entry.model }
            var model = entry.model
            for index in model.deployments.indices {
                guard let existing = known.deployments.first(where: { $0.provider == model.deployments[index].provider }) else { continue }
                if !entry.providerModelIsExplicit { model.deployments[index].providerModel = existing.providerModel }
                model.deployments[index].simulated = existing.simulated
            }
            return model
        }
        return base.merging(overrides)
    }
}
