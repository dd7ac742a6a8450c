import Foundation

/// Models per tier, first choice first: `[auto] simple = ["openai/gpt-4o-mini", ...]`.
public typealias AutoTierTable = [Tier: [ModelRef]]

/// Which models `auto` sends a turn to, and why.
public struct AutoChoice: Sendable, Hashable {
    /// The tier the scorer asked for.
    public var requested: Tier
    /// The tier used: `requested`, or the nearest with an available model (up first, then down).
    public var tier: Tier
    /// The first is the model to plan; the rest are its fallbacks, in order.
    public var models: [ModelRef]
    /// e.g. `tier complex from [auto.coding]` or `tier reasoning has no available model; using complex (default)`.
    public var reason: String
}

/// Maps difficulty tiers to models: `[auto]` and `[auto.NAME]` from config over defaults picked from the
/// providers that are available.
public struct AutoTiers: Sendable, Hashable {
    /// `[auto]`.
    public var configured: AutoTierTable
    /// `[auto.NAME]`, used by `auto:NAME`; a tier it leaves out comes from `[auto]`, then the defaults.
    public var variants: [String: AutoTierTable]
    /// What a tier uses when config says nothing: see `defaults(availableProviders:catalog:)`.
    public var defaults: AutoTierTable

    public init(configured: AutoTierTable = [:], variants: [String: AutoTierTable] = [:], defaults: AutoTierTable = [:]) {
        self.configured = configured
        self.variants = variants
        self.defaults = defaults
    }

    /// Whether a model id asks for auto routing: `auto` (variant nil) or `auto:NAME`; nil for anything else.
    public static func selector(in modelID: String) -> Selector? {
        let lowered = modelID.lowercased()
        if lowered == "auto" { return Selector(variant: nil) }
        guard lowered.hasPrefix("auto:"), modelID.count > 5 else { return nil }
        return Selector(variant: String(modelID.dropFirst(5)))
    }

    public struct Selector: Sendable, Hashable {
        public var variant: String?
    }

    /// The models for `tier`. A model counts when `isAvailable` says so (the caller knows routes, aliases and
    /// providers); if none of the tier's models is available the next tier up is tried, then the ones below.
    /// Throws `RoutingError.invalidModel` for an unknown variant or when no tier has an available model.
    public func choose(_ tier: Tier, variant: String? = nil, isAvailable: (ModelRef) -> Bool) throws -> AutoChoice {
        if let variant, variants[variant] == nil {
            let known = variants.keys.sorted()
            throw RoutingError.invalidModel("unknown auto variant 'auto:\(variant)': define [auto.\(variant)] in config"
                + (known.isEmpty ? "" : " (defined: " + known.map { "auto:" + $0 }.joined(separator: ", ") + ")"))
        }
        for candidate in Self.searchOrder(from: tier) {
            let (models, source) = list(for: candidate, variant: variant)
            let usable = models.filter(isAvailable)
            guard !usable.isEmpty else { continue }
            var reason = "tier \(candidate.rawValue) from \(source)"
            if candidate != tier { reason = "tier \(tier.rawValue) has no available model; using " + reason }
            return AutoChoice(requested: tier, tier: candidate, models: usable, reason: reason)
        }
        throw RoutingError.invalidModel("auto routing found no available model in any tier: set a provider's key, "
            + "or list models in [auto] (simple, medium, complex, reasoning)")
    }

    /// The tier's list and where it came from.
    func list(for tier: Tier, variant: String?) -> ([ModelRef], String) {
        if let variant, let models = variants[variant]?[tier], !models.isEmpty { return (models, "[auto.\(variant)]") }
        if let models = configured[tier], !models.isEmpty { return (models, "[auto]") }
        return (defaults[tier] ?? [], "defaults")
    }

    /// `tier`, then each harder tier, then each easier one, nearest first.
    static func searchOrder(from tier: Tier) -> [Tier] {
        var order = [tier]
        var next = tier.higher
        while let up = next { order.append(up); next = up.higher }
        next = tier.lower
        while let down = next { order.append(down); next = down.lower }
        return order
    }
}

extension AutoTiers {
    /// Direct providers first (their own API is usually fastest and always cheapest for their models),
    /// aggregators after; the demo only when nothing real is available.
    static let providerOrder = ["anthropic", "openai", "gemini", "xai", "mistral", "deepseek", "groq", "together", "openrouter"]
    /// At most this many models per default tier: a first choice and two fallbacks.
    static let defaultListLength = 3

    /// Per provider and tier, models in order of preference; the first one the catalog says that provider
    /// serves is used. Ids missing from the catalog are skipped, so the table may name models not yet bundled.
    static let preferences: [String: [Tier: [String]]] = [
        "anthropic": [.simple: ["anthropic/claude-haiku-4-5"], .medium: ["anthropic/claude-sonnet-4-5", "anthropic/claude-haiku-4-5"],
                      .complex: ["anthropic/claude-sonnet-4-5"], .reasoning: ["anthropic/claude-opus-4-5", "anthropic/claude-sonnet-4-5"]],
        "openai": [.simple: ["openai/gpt-4o-mini", "openai/gpt-5-nano"], .medium: ["openai/gpt-5-mini", "openai/gpt-4.1-mini"],
                   .complex: ["openai/gpt-5", "openai/gpt-4.1"], .reasoning: ["openai/o3", "openai/gpt-5"]],
        "gemini": [.simple: ["google/gemini-2.5-flash-lite"], .medium: ["google/gemini-2.5-flash"],
                   .complex: ["google/gemini-2.5-pro"], .reasoning: ["google/gemini-2.5-pro"]],
        "xai": [.simple: ["x-ai/grok-3-mini", "x-ai/grok-4.20-non-reasoning"], .medium: ["x-ai/grok-3-mini", "x-ai/grok-4.20-non-reasoning"],
                .complex: ["x-ai/grok-4", "x-ai/grok-4.20"], .reasoning: ["x-ai/grok-4", "x-ai/grok-4.20-reasoning"]],
        "mistral": [.simple: ["mistralai/mistral-small-latest"], .medium: ["mistralai/mistral-medium-latest"],
                    .complex: ["mistralai/mistral-large-latest"], .reasoning: ["mistralai/magistral-medium-latest"]],
        "deepseek": [.simple: ["deepseek/deepseek-chat", "deepseek/deepseek-v3"], .medium: ["deepseek/deepseek-chat", "deepseek/deepseek-v3"],
                     .complex: ["deepseek/deepseek-v3.2", "deepseek/deepseek-v3"], .reasoning: ["deepseek/deepseek-reasoner", "deepseek/deepseek-r1"]],
        "groq": [.simple: ["meta-llama/llama-3.1-8b-instant", "openai/gpt-oss-20b"], .medium: ["openai/gpt-oss-20b"],
                 .complex: ["openai/gpt-oss-120b"], .reasoning: ["openai/gpt-oss-120b"]],
        "together": [.simple: ["qwen/qwen3.5-9b", "meta-llama/llama-3.2-3b-instruct"], .medium: ["openai/gpt-oss-120b"],
                     .complex: ["moonshotai/kimi-k2", "deepseek/deepseek-chat"], .reasoning: ["deepseek/deepseek-r1-0528", "openai/gpt-oss-120b"]],
        "openrouter": [.simple: ["openai/gpt-4o-mini", "google/gemini-2.5-flash-lite"], .medium: ["openai/gpt-5-mini", "google/gemini-2.5-flash"],
                       .complex: ["anthropic/claude-sonnet-4-5", "openai/gpt-5"], .reasoning: ["openai/o3", "google/gemini-2.5-pro"]],
        DemoProvider.name: [.simple: ["demo/mini"], .medium: ["demo/mini"], .complex: ["demo/pro"], .reasoning: ["demo/pro"]],
    ]

    /// Default tier lists from the providers that can be used now. Each available provider contributes its
    /// preferred model for the tier (or, for a provider without preferences, one picked by price rank among its
    /// catalog models); direct providers come before aggregators. With no real provider, the demo's models.
    public static func defaults(availableProviders: Set<String>, catalog: ModelCatalog) -> AutoTierTable {
        let known = providerOrder.filter(availableProviders.contains)
        let others = availableProviders.subtracting(providerOrder).subtracting([DemoProvider.name]).sorted()
        var table = defaults(from: known + others, catalog: catalog)
        if table.isEmpty, availableProviders.contains(DemoProvider.name) {
            table = defaults(from: [DemoProvider.name], catalog: catalog)
        }
        return table
    }

    private static func defaults(from providers: [String], catalog: ModelCatalog) -> AutoTierTable {
        var table: AutoTierTable = [:]
        for tier in Tier.allCases {
            var ids: [String] = []
            for provider in providers {
                if let id = pick(tier, from: provider, catalog: catalog), !ids.contains(id) { ids.append(id) }
            }
            if !ids.isEmpty { table[tier] = ids.prefix(defaultListLength).map { ModelRef(id: $0) } }
        }
        return table
    }

    /// The canonical id of the model `provider` should serve for `tier`, if the catalog has one.
    static func pick(_ tier: Tier, from provider: String, catalog: ModelCatalog) -> String? {
        func served(_ id: String) -> String? {
            guard let model = catalog.model(id), model.deployments.contains(where: { $0.provider == provider }) else { return nil }
            return model.id
        }
        if let preferred = preferences[provider]?[tier]?.lazy.compactMap(served).first { return preferred }
        return pickByPrice(tier, from: provider, catalog: catalog)
    }

    /// Cheapest for simple, a third and two thirds up the price range for medium and complex, the dearest
    /// reasoning-capable model for reasoning. Only models with a known price take part.
    static func pickByPrice(_ tier: Tier, from provider: String, catalog: ModelCatalog) -> String? {
        let priced = catalog.models(servedBy: provider).compactMap { model -> (id: String, price: Decimal, reasons: Bool)? in
            guard let deployment = model.deployments.first(where: { $0.provider == provider }),
                  let input = deployment.price.input, let output = deployment.price.output else { return nil }
            return (model.id, input + output, deployment.capabilities.contains(.reasoning))
        }.sorted { $0.price != $1.price ? $0.price < $1.price : $0.id < $1.id }
        guard !priced.isEmpty else { return nil }
        switch tier {
        case .simple: return priced[0].id
        case .medium: return priced[priced.count / 3].id
        case .complex: return priced[priced.count * 2 / 3].id
        case .reasoning: return (priced.last { $0.reasons } ?? priced[priced.count - 1]).id
        }
    }
}
