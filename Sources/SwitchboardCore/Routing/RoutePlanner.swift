import Foundation

/// One deployment the engine may try, in plan order.
public struct RouteCandidate: Sendable, Hashable {
    public var model: String
    public var deployment: Deployment
    public var reason: String

    public init(model: String, deployment: Deployment, reason: String) {
        self.model = model
        self.deployment = deployment
        self.reason = reason
    }

    public var info: RouteInfo {
        RouteInfo(model: model, provider: deployment.provider, providerModel: deployment.providerModel,
                  reason: reason, simulated: deployment.simulated)
    }
}

/// Why no route could be planned, with what a person can do about it.
public enum RoutingError: Error, Equatable, CustomStringConvertible {
    case unknownModel(String, suggestions: [String])
    case noAvailableProvider(model: String, hints: [String])
    case providerNotServing(model: String, provider: String, servedBy: [String])
    case invalidModel(String)
    /// Routes that name each other in a circle: the path, ending with the route met again (`a -> b -> a`).
    case routeCycle([String])
    /// Every candidate lacks something the request needs: what is missing, each candidate that lacks it
    /// (`model via provider (lacks vision)`), all the request needs, and models that have all of it.
    case missingCapabilities(requested: String, missing: [Capability], lacking: [String], needed: [Capability],
                             suggestions: [String])

    public var description: String {
        switch self {
        case .unknownModel(let id, let suggestions):
            let close = suggestions.isEmpty ? "" : " Did you mean: " + suggestions.joined(separator: ", ") + "?"
            return "unknown model '\(id)'.\(close) `switchboard models` lists every model."
        case .noAvailableProvider(let model, let hints):
            return "no provider is available for \(model): " + hints.joined(separator: "; ")
        case .providerNotServing(let model, let provider, let servedBy):
            return "\(provider) does not serve \(model); it is served by " + servedBy.joined(separator: ", ")
        case .invalidModel(let message):
            return message
        case .routeCycle(let path):
            return "routes refer to each other in a cycle: \(path.joined(separator: " -> ")) (a route must end in models)"
        case .missingCapabilities(let requested, let missing, let lacking, let needed, let suggestions):
            let why = missing.map { "\($0.rawValue) (\(CapabilityNeeds.cause(of: $0)))" }.joined(separator: ", ")
            let names = needed.map(\.rawValue).joined(separator: ", ")
            let others = suggestions.isEmpty ? " No model in the catalog is known to have \(names)."
                : " Models with \(names): " + suggestions.joined(separator: ", ") + "."
            return "\(requested) cannot serve this request: it needs \(why). Left out: " + lacking.joined(separator: "; ") + "."
                + others
        }
    }
}

/// Turns model refs into an ordered list of deployments, each with the reason it is where it is.
/// Pure: the catalog, registry and observed speeds are passed in.
public struct RoutePlanner: Sendable {
    public var catalog: ModelCatalog
    public var registry: ProviderRegistry
    public var aliases: [String: String]

    public init(catalog: ModelCatalog, registry: ProviderRegistry, aliases: [String: String] = [:]) {
        self.catalog = catalog
        self.registry = registry
        self.aliases = aliases
    }

    /// Which vendor's own API serves its models directly.
    static let homeProvider: [String: String] = [
        "openai": "openai", "anthropic": "anthropic", "google": "gemini", "x-ai": "xai", "mistralai": "mistral",
        "deepseek": "deepseek", "demo": "demo",
    ]

    /// The candidates for `primary` then each fallback, without repeating a deployment. A model none of whose
    /// providers is usable is skipped (and said in `skipped`) as long as a later one can serve the turn.
    public func plan(primary: ModelRef, fallbacks: [ModelRef], observedThroughput: [String: Double] = [:],
                     skipped: inout [String]) throws -> [RouteCandidate] {
        var seen = Set<String>()
        var result: [RouteCandidate] = []
        var firstError: (any Error)?
        for (index, ref) in ([primary] + fallbacks).enumerated() {
            let candidates: [RouteCandidate]
            do {
                candidates = try self.candidates(for: ref, observedThroughput: observedThroughput)
            } catch let error as RoutingError {
                guard case .noAvailableProvider = error else { throw error }
                firstError = firstError ?? error
                skipped.append("skipped \(ref): \(error)")
                continue
            }
            for var candidate in candidates where seen.insert(candidate.deployment.provider + "\u{1F}" + candidate.deployment.providerModel).inserted {
                if index > 0 { candidate.reason = "fallback \(index) of \(fallbacks.count); " + candidate.reason }
                result.append(candidate)
            }
        }
        if result.isEmpty, let firstError { throw firstError }
        return result
    }

    public func plan(primary: ModelRef, fallbacks: [ModelRef], observedThroughput: [String: Double] = [:]) throws -> [RouteCandidate] {
        var skipped: [String] = []
        return try plan(primary: primary, fallbacks: fallbacks, observedThroughput: observedThroughput, skipped: &skipped)
    }

    /// The available deployments of one model ref, ordered by its variant.
    public func candidates(for ref: ModelRef, observedThroughput: [String: Double] = [:]) throws -> [RouteCandidate] {
        let resolved = try resolveAlias(ref)
        let model = try model(for: resolved)
        var deployments = model.deployments
        if let pin = resolved.provider {
            deployments = deployments.filter { $0.provider == pin }
            guard !deployments.isEmpty else {
                throw RoutingError.providerNotServing(model: model.id, provider: pin,
                                                      servedBy: model.deployments.map(\.provider))
            }
        }
        let usable = deployments.filter { registry.isAvailable($0.provider) }
        guard !usable.isEmpty else {
            let hints = deployments.map { deployment in
                "\(deployment.provider): \(registry.unavailable[deployment.provider] ?? "not configured")"
            }
            throw RoutingError.noAvailableProvider(model: model.id, hints: Array(Set(hints)).sorted())
        }
        return order(usable, of: model, variant: resolved.variant, pinned: resolved.provider != nil,
                     observedThroughput: observedThroughput)
    }

    /// Whether some configured provider can serve `ref`: a cheap check, without ordering anything.
    public func canServe(_ ref: ModelRef) -> Bool {
        guard let resolved = try? resolveAlias(ref), let model = try? model(for: resolved) else { return false }
        return model.deployments.contains { deployment in
            (resolved.provider == nil || resolved.provider == deployment.provider) && registry.isAvailable(deployment.provider)
        }
    }

    func resolveAlias(_ ref: ModelRef) throws -> ModelRef {
        var current = ref
        var hops = 0
        while let target = aliases[current.id] {
            hops += 1
            guard hops < 8 else { throw RoutingError.invalidModel("alias '\(ref.id)' refers to itself") }
            var next = try ModelRef(parsing: target)
            next.variant = current.variant ?? next.variant
            next.provider = current.provider ?? next.provider
            current = next
        }
        return current
    }

    /// The catalog's model, or an ad-hoc one for `provider/model` on a configured provider (Ollama, a vLLM
    /// server): its price is unknown unless it runs locally.
    func model(for ref: ModelRef) throws -> CatalogModel {
        if let model = catalog.model(ref.id) { return model }
        if let vendor = ref.vendor, let endpoint = registry.endpoint(vendor) {
            let providerModel = String(ref.id.dropFirst(vendor.count + 1))
            let local = endpoint.baseURL.host.map { $0 == "127.0.0.1" || $0 == "localhost" || $0 == "::1" } ?? false
            let price = vendor == "ollama" && local ? Price.free : Price.unknown
            return CatalogModel(id: ref.id, name: ref.id, deployments: [
                Deployment(provider: vendor, providerModel: providerModel, price: price),
            ])
        }
        throw RoutingError.unknownModel(ref.id, suggestions: catalog.suggestions(for: ref.id))
    }

    func order(_ deployments: [Deployment], of model: CatalogModel, variant: RoutingVariant?, pinned: Bool,
               observedThroughput: [String: Double]) -> [RouteCandidate] {
        if pinned {
            return deployments.map { RouteCandidate(model: model.id, deployment: $0, reason: "pinned @\($0.provider)") }
        }
        switch variant {
        case .floor:
            return deployments.sorted { Self.blendedPrice($0) < Self.blendedPrice($1) }.map {
                RouteCandidate(model: model.id, deployment: $0, reason: "floor: " + Self.priceText($0))
            }
        case .nitro:
            func speed(_ deployment: Deployment) -> Double {
                observedThroughput[deployment.provider + "/" + deployment.providerModel] ?? deployment.throughputHint ?? 0
            }
            return deployments.sorted { speed($0) > speed($1) }.map { deployment in
                let observed = observedThroughput[deployment.provider + "/" + deployment.providerModel]
                let basis = observed.map { String(format: "%.0f tok/s observed", $0) }
                    ?? deployment.throughputHint.map { String(format: "%.0f tok/s catalog hint", $0) } ?? "speed unknown"
                return RouteCandidate(model: model.id, deployment: deployment, reason: "nitro: " + basis)
            }
        case nil:
            let home = model.id.split(separator: "/").first.flatMap { Self.homeProvider[String($0)] }
            let sorted = deployments.sorted { lhs, rhs in
                let lhsHome = lhs.provider == home, rhsHome = rhs.provider == home
                if lhsHome != rhsHome { return lhsHome }
                return Self.blendedPrice(lhs) < Self.blendedPrice(rhs)
            }
            return sorted.map { deployment in
                let why = deployment.provider == home ? "direct from \(deployment.provider)" : "via \(deployment.provider), " + Self.priceText(deployment)
                return RouteCandidate(model: model.id, deployment: deployment, reason: why)
            }
        }
    }

    /// Input plus output price per token; unknown sorts last.
    static func blendedPrice(_ deployment: Deployment) -> Decimal {
        guard let input = deployment.price.input, let output = deployment.price.output else { return Decimal.greatestFiniteMagnitude }
        return input + output
    }

    static func priceText(_ deployment: Deployment) -> String {
        guard let input = deployment.price.inputPerMillion, let output = deployment.price.outputPerMillion else {
            return "price unknown"
        }
        return "$\(input)/M in, $\(output)/M out"
    }
}
