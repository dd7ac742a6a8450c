import Foundation
import SwitchboardCore

/// One row of the model picker.
public struct PickerEntry: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        case model
        /// A configured alias and what it points at.
        case alias(target: String)
        /// A routing variant of a model served by several providers (`:floor`, `:nitro`).
        case route(RoutingVariant)
        /// A configured `[routes.NAME]`: its models in fallback order.
        case namedRoute([String])
        /// `auto` or `auto:NAME`: the router picks a model by the prompt's difficulty.
        case auto
    }

    /// What goes into the next turn's model reference.
    public var id: String
    public var kind: Kind
    public var providers: [String]
    public var inputPerMillion: Decimal?
    public var outputPerMillion: Decimal?
    /// The shown deployment's whole price (tiers, fees), for the sidebar's running estimate.
    public var price: Price?
    public var contextWindow: Int?
    /// A provider that serves it has a key (or needs none).
    public var available: Bool
    public var simulated: Bool
    /// The catalog model behind it, for ledger stats and the context gauge.
    public var modelID: String?
    /// Health keys of the deployments it can use now, for cooldowns and probes.
    public var deploymentKeys: [String] = []

    public init(id: String, kind: Kind = .model, providers: [String], inputPerMillion: Decimal? = nil,
                outputPerMillion: Decimal? = nil, contextWindow: Int? = nil, available: Bool, simulated: Bool = false,
                modelID: String? = nil) {
        self.id = id
        self.kind = kind
        self.providers = providers
        self.inputPerMillion = inputPerMillion
        self.outputPerMillion = outputPerMillion
        if inputPerMillion != nil || outputPerMillion != nil {
            price = Price(input: inputPerMillion.map { $0.scaled(byPowerOfTen: -6) },
                          output: outputPerMillion.map { $0.scaled(byPowerOfTen: -6) })
        }
        self.contextWindow = contextWindow
        self.available = available
        self.simulated = simulated
        self.modelID = kind == .auto ? nil : (modelID ?? id)
    }

    /// Rows for a catalog: `auto` and configured routes, aliases, then models a provider can serve now, then the
    /// rest; routing variants follow each model that more than one available provider serves.
    public static func build(catalog: ModelCatalog, registry: ProviderRegistry, aliases: [String: String],
                             routes: [String: [ModelRef]] = [:], autoVariants: [String] = []) -> [PickerEntry] {
        var available: [PickerEntry] = [], unavailable: [PickerEntry] = []
        available.reserveCapacity(catalog.models.count)
        unavailable.reserveCapacity(catalog.models.count)
        for model in catalog.models {
            let usable = model.deployments.filter { registry.isAvailable($0.provider) }
            let shown = usable.first ?? model.deployments.first
            // The shown deployment's own price is kept whole, so the one the initialiser would work out from the
            // per-million figures is not made first.
            var entry = PickerEntry(id: model.id, providers: model.deployments.map(\.provider),
                                    contextWindow: model.deployments.compactMap(\.contextWindow).max(),
                                    available: !usable.isEmpty, simulated: model.deployments.allSatisfy(\.simulated))
            entry.inputPerMillion = shown?.price.inputPerMillion
            entry.outputPerMillion = shown?.price.outputPerMillion
            entry.deploymentKeys = usable.map(HealthTracker.key(for:))
            entry.price = shown?.price
            if usable.isEmpty {
                unavailable.append(entry)
                continue
            }
            available.append(entry)
            if usable.count > 1 {
                for variant in RoutingVariant.allCases {
                    var route = entry
                    route.id = model.id + ":" + variant.rawValue
                    route.kind = .route(variant)
                    route.providers = usable.map(\.provider)
                    route.modelID = model.id
                    available.append(route)
                }
            }
        }
        let aliasEntries = aliases.keys.sorted().map { name -> PickerEntry in
            let target = aliases[name] ?? ""
            let model = (try? ModelRef(parsing: target)).flatMap { catalog.model($0.id) }
            let usable = model?.deployments.filter { registry.isAvailable($0.provider) } ?? []
            let shown = usable.first ?? model?.deployments.first
            var entry = PickerEntry(id: name, kind: .alias(target: target), providers: usable.map(\.provider),
                                    inputPerMillion: shown?.price.inputPerMillion, outputPerMillion: shown?.price.outputPerMillion,
                                    contextWindow: model?.deployments.compactMap(\.contextWindow).max(),
                                    available: !usable.isEmpty, simulated: model?.deployments.allSatisfy(\.simulated) ?? false,
                                    modelID: model?.id)
            entry.deploymentKeys = usable.map(HealthTracker.key(for:))
            return entry
        }
        let anyAvailable = !registry.endpoints.isEmpty
        let autoEntries = (["auto"] + autoVariants.sorted().map { "auto:" + $0 }).map {
            PickerEntry(id: $0, kind: .auto, providers: [], available: anyAvailable, modelID: nil)
        }
        let routeEntries = routes.keys.sorted().map { name -> PickerEntry in
            let models = routes[name] ?? []
            let first = models.first.flatMap { catalog.model($0.id) }
            let usable = first?.deployments.filter { registry.isAvailable($0.provider) } ?? []
            let shown = usable.first ?? first?.deployments.first
            var entry = PickerEntry(id: name, kind: .namedRoute(models.map(\.description)), providers: usable.map(\.provider),
                                    inputPerMillion: shown?.price.inputPerMillion, outputPerMillion: shown?.price.outputPerMillion,
                                    contextWindow: first?.deployments.compactMap(\.contextWindow).max(),
                                    available: !usable.isEmpty, modelID: first?.id)
            entry.deploymentKeys = usable.map(HealthTracker.key(for:))
            return entry
        }
        return autoEntries + routeEntries + aliasEntries + available + unavailable
    }
}

/// The picker's list, filter and selection.
public struct PickerState: Equatable, Sendable {
    public private(set) var entries: [PickerEntry]
    public private(set) var filter = ""
    /// Indices into `entries` that match the filter, best first.
    public private(set) var visible: [Int]
    /// Clamped to the visible entries; the list's window keeps it on screen when it draws.
    public var selection = 0

    public init(entries: [PickerEntry]) {
        self.entries = entries
        visible = Array(entries.indices)
    }

    public var selected: PickerEntry? {
        visible.indices.contains(selection) ? entries[visible[selection]] : nil
    }

    public func entry(for id: String) -> PickerEntry? {
        entries.first { $0.id == id } ?? entries.first { $0.modelID == id }
    }

    public mutating func setFilter(_ text: String) {
        filter = text
        if text.isEmpty {
            visible = Array(entries.indices)
        } else {
            let scored = entries.indices.compactMap { index -> (Int, Int)? in
                let entry = entries[index]
                let haystack = entry.id + " " + entry.providers.joined(separator: " ")
                return FuzzyMatch.score(text, haystack).map { (index, $0 + (entry.available ? 50 : 0)) }
            }
            visible = scored.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.map(\.0)
        }
        selection = 0
    }

    /// Moves the selection by `delta` rows, clamped.
    public mutating func move(by delta: Int) {
        guard !visible.isEmpty else { return }
        selection = min(max(0, selection + delta), visible.count - 1)
    }

    /// Puts the selection on `id` if it is visible.
    public mutating func select(_ id: String) {
        if let row = visible.firstIndex(where: { entries[$0].id == id }) { selection = row }
    }
}
