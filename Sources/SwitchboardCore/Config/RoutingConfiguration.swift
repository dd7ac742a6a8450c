import Foundation

/// The routing half of `config.toml`: named routes, auto tiers, task rules, budgets, health and constraints.
/// Parsed and checked by SwitchboardConfig; patterns already compile, rule targets name existing routes.
public struct RoutingConfiguration: Sendable, Hashable {
    /// `[routes.NAME]`: a name usable wherever a model is named.
    public var routes: [String: NamedRoute]
    /// `[auto]` simple / medium / complex / reasoning.
    public var auto: AutoTierTable
    /// `[auto.NAME]`, for `auto:NAME`.
    public var autoVariants: [String: AutoTierTable]
    /// `[[rules]]`, in file order.
    public var rules: [TaskRule]
    /// `[budget]`.
    public var budget: BudgetLimits
    /// `[health]`.
    public var health: HealthTracker.Settings
    /// `[constraints]`: applied to every route; a route's own constraints tighten them.
    public var constraints: RouteConstraints

    public init(routes: [String: NamedRoute] = [:], auto: AutoTierTable = [:], autoVariants: [String: AutoTierTable] = [:],
                rules: [TaskRule] = [], budget: BudgetLimits = BudgetLimits(), health: HealthTracker.Settings = .init(),
                constraints: RouteConstraints = .none) {
        self.routes = routes
        self.auto = auto
        self.autoVariants = autoVariants
        self.rules = rules
        self.budget = budget
        self.health = health
        self.constraints = constraints
    }

    /// The constraints that apply to `route` (nil: a plain model): the global ones tightened by the route's.
    public func constraints(for route: String?) -> RouteConstraints {
        guard let route, let named = routes[route] else { return constraints }
        return constraints.merged(with: named.constraints)
    }

    /// `ref` itself, or the models of the route it names, with routes inside routes expanded in order. `path` is
    /// the chain of routes being expanded: meeting one of them again is a cycle, reported with its path
    /// (`a -> b -> a`) rather than as an unknown model.
    public func expand(_ ref: ModelRef, within path: [String] = []) throws -> [ModelRef] {
        guard let route = routes[ref.id] else { return [ref] }
        if let start = path.firstIndex(of: route.name) { throw RoutingError.routeCycle(Array(path[start...]) + [route.name]) }
        return try route.models.flatMap { try expand($0, within: path + [route.name]) }
    }

    /// Auto tiers from config over defaults for these providers.
    public func autoTiers(availableProviders: Set<String>, catalog: ModelCatalog) -> AutoTiers {
        AutoTiers(configured: auto, variants: autoVariants,
                  defaults: AutoTiers.defaults(availableProviders: availableProviders, catalog: catalog))
    }
}

/// `[routes.NAME] models = ["a/b", "c/d:floor"]`: an ordered fallback list across vendors, with optional
/// constraints of its own.
public struct NamedRoute: Sendable, Hashable {
    public var name: String
    /// The first is the primary; the rest are its fallbacks, in order.
    public var models: [ModelRef]
    public var constraints: RouteConstraints

    public init(name: String, models: [ModelRef], constraints: RouteConstraints = .none) {
        self.name = name
        self.models = models
        self.constraints = constraints
    }
}
