import Foundation

/// Turns what a person asked for into an ordered, constrained list of deployments, recording each step:
/// task rules, named routes, `auto` tiers, model variants, constraints (price, capabilities, context window)
/// and health. Pure: health and observed speeds are passed in, so `route --explain` and `ask` agree.
public struct RouteResolver: Sendable {
    public var planner: RoutePlanner
    public var routing: RoutingConfiguration
    public var rules: TaskRules
    public var tiers: AutoTiers
    public var scorer: DifficultyScorer

    public init(planner: RoutePlanner, routing: RoutingConfiguration) throws {
        self.planner = planner
        self.routing = routing
        self.rules = try TaskRules(routing.rules)
        let available = Set(planner.registry.endpoints.keys)
        self.tiers = routing.autoTiers(availableProviders: available, catalog: planner.catalog)
        self.scorer = DifficultyScorer()
    }

    /// Health as the resolver needs it: whether a deployment may be tried now, and why not.
    public struct HealthView: Sendable {
        public var coolingDown: [String: String]
        public init(coolingDown: [String: String] = [:]) { self.coolingDown = coolingDown }
    }

    public func resolve(_ turn: TurnRequest, health: HealthView = HealthView(),
                        observedThroughput: [String: Double] = [:]) throws -> RouteDecision {
        let promptTokens = TokenEstimator.estimate(turn.messages)
        let needs = CapabilityNeeds.of(turn)
        var notes: [String] = []
        var difficulty: DifficultyScore?
        var routeName: String?
        var refs: [ModelRef]

        var target = turn.model
        if turn.applyRules, let prompt = turn.messages.last(where: { $0.role == .user })?.text,
           let match = rules.match(prompt: prompt, task: turn.task) {
            notes.append("rule \(match.index + 1) matched (\(match.reason)) -> \(match.rule.target)")
            switch match.rule.target {
            case .route(let name): target = ModelRef(id: name)
            case .model(let ref): target = ref
            }
        }

        if let selector = AutoTiers.selector(in: target.id) {
            let score = scorer.score(turn.messages)
            difficulty = score
            let choice = try chooseTier(score.tier, variant: selector.variant, needs: needs, notes: &notes)
            notes.append("auto: score \(String(format: "%.1f", score.score)) -> \(choice.reason)"
                + (score.signals.isEmpty ? "" : " [" + score.signals.joined(separator: ", ") + "]"))
            refs = try choice.models.flatMap { try routing.expand($0, within: []) }
        } else if let route = routing.routes[target.id] {
            routeName = route.name
            refs = try route.models.flatMap { try routing.expand($0, within: [route.name]) }
            notes.append("route \(route.name): " + route.models.map(\.description).joined(separator: " -> "))
        } else {
            refs = try routing.expand(target, within: [])
        }
        // A tier list or fallback may name a route: it stands for its models, in order.
        refs += try turn.fallbacks.flatMap { try routing.expand($0, within: []) }
        if target.id != turn.model.id || !turn.fallbacks.isEmpty {
            notes.append("models in order: " + refs.map(\.description).joined(separator: ", "))
        }

        var skipped: [String] = []
        var candidates = try planner.plan(primary: refs[0], fallbacks: Array(refs.dropFirst()),
                                          observedThroughput: observedThroughput, skipped: &skipped)
        notes += skipped
        var constraints = routing.constraints(for: routeName)
        constraints.neededCapabilities = needs
        // The context window and what the request needs always apply; price and capability limits when configured.
        let outcome = constraints.filter(candidates, promptTokens: promptTokens, maxOutputTokens: turn.maxTokens)
        let rejected = outcome.rejected
        candidates = outcome.kept
        guard !candidates.isEmpty else {
            if rejected.contains(where: { !$0.lacking.isEmpty }) {
                throw missingCapabilities(turn.model.description, needs: needs, rejected: rejected)
            }
            let reasons = rejected.map { "\($0.candidate.model) via \($0.candidate.deployment.provider): \($0.reason)" }
            throw RoutingError.invalidModel("no deployment meets the constraints: " + reasons.joined(separator: "; "))
        }

        // Deployments cooling down go last, not away: if every one is cooling, the engine waits for the first.
        let (healthy, cooling) = candidates.reduce(into: ([RouteCandidate](), [RouteCandidate]())) { parts, candidate in
            if health.coolingDown[HealthTracker.key(for: candidate.deployment)] != nil { parts.1.append(candidate) } else { parts.0.append(candidate) }
        }
        for candidate in cooling {
            let key = HealthTracker.key(for: candidate.deployment)
            notes.append("health: \(candidate.model) via \(candidate.deployment.provider) \(health.coolingDown[key] ?? "cooling down"); tried last")
        }
        candidates = healthy + cooling.map { candidate in
            var moved = candidate
            moved.reason += "; cooling down"
            return moved
        }
        return RouteDecision(requested: turn.model.description, candidates: candidates, rejected: rejected,
                             notes: notes, difficulty: difficulty, promptTokens: promptTokens, needs: needs)
    }

    /// The `auto` tier's models that may serve the request: a model every usable deployment of which lacks a
    /// needed capability is passed over (and said so), so the nearest tier with a capable model is used.
    /// When no tier has one, the tiers are chosen as if nothing were needed, and the constraints then name
    /// what every candidate lacks.
    private func chooseTier(_ tier: Tier, variant: String?, needs: Set<Capability>, notes: inout [String]) throws -> AutoChoice {
        func serves(_ ref: ModelRef, _ needs: Set<Capability>) -> Bool {
            if let route = routing.routes[ref.id] { return route.models.contains { planner.canServe($0, needs: needs) } }
            return planner.canServe(ref, needs: needs)
        }
        guard !needs.isEmpty else { return try tiers.choose(tier, variant: variant) { serves($0, []) } }
        var passedOver: [String] = []
        do {
            let choice = try tiers.choose(tier, variant: variant) { ref in
                guard serves(ref, needs) else {
                    if serves(ref, []), !passedOver.contains(ref.description) { passedOver.append(ref.description) }
                    return false
                }
                return true
            }
            if !passedOver.isEmpty {
                let what = needs.count == 1 ? RouteConstraints.list(needs) : "one of " + RouteConstraints.list(needs)
                notes.append("auto: passed over for lacking \(what): " + passedOver.joined(separator: ", "))
            }
            return choice
        } catch {
            return try tiers.choose(tier, variant: variant) { serves($0, []) }
        }
    }

    /// The error for a request no candidate can serve because each lacks something it needs.
    private func missingCapabilities(_ requested: String, needs: Set<Capability>,
                                     rejected: [RouteConstraints.Rejection]) -> RoutingError {
        let missing = rejected.reduce(into: Set<Capability>()) { $0.formUnion($1.lacking) }
        let lacking = rejected.map { "\($0.candidate.model) via \($0.candidate.deployment.provider) (\($0.reason))" }
        var near: [String] = []
        for rejection in rejected where !near.contains(rejection.candidate.model) { near.append(rejection.candidate.model) }
        return .missingCapabilities(requested: requested, missing: missing.sorted(), lacking: lacking, needed: needs.sorted(),
                                    suggestions: planner.models(with: needs, near: near))
    }
}

extension RouteResolver {
    /// A resolver with no rules (which cannot fail to compile).
    init(unchecked planner: RoutePlanner) {
        self.planner = planner
        self.routing = RoutingConfiguration()
        self.rules = TaskRules.empty
        self.tiers = routing.autoTiers(availableProviders: Set(planner.registry.endpoints.keys), catalog: planner.catalog)
        self.scorer = DifficultyScorer()
    }
}
