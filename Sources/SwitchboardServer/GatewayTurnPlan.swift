import Foundation
import SwitchboardCore

/// A request ready to run: the engine's turn, its route decided (so an unknown model is a 404 before anything
/// is stored), and the conversation whose session it is recorded in (`GatewaySessionPlacement`).
public struct PreparedTurn: Sendable {
    public var turn: TurnRequest
    public var decision: RouteDecision
    /// The model as the client named it (or the default), stored as the requested model.
    public var requestedModel: String
    /// The conversation the request named; nil: its key's session of the day.
    public var conversation: String? = nil
}

extension GatewayContext {
    /// Resolves the model exactly as `ask --model` does (id, alias, route, `auto`, `:floor`/`:nitro`,
    /// `@provider`), applies OpenRouter's `models` and `provider` preferences, and decides the route.
    public func prepare(_ inbound: InboundTurn, caller: GatewayCaller, id: UUID = RandomUUID.make()) async throws(GatewayError) -> PreparedTurn {
        var names = inbound.fallbackModels
        let modelText: String
        if let named = inbound.model {
            modelText = named
            names.removeAll { $0 == named }
        } else if !names.isEmpty {
            modelText = names.removeFirst()
        } else {
            modelText = defaultModel
        }
        // A key's model patterns apply to every model the request names (its fallbacks too): 403 before routing.
        for name in [modelText] + names {
            if let denial = caller.denial(forModel: name) { throw .denial(denial) }
        }
        var model = try Self.parse(modelText, field: "model")
        var fallbacks: [ModelRef] = []
        for name in names { fallbacks.append(try Self.parse(name, field: "models")) }
        let applyRules = inbound.model == nil || AutoTiers.selector(in: model.id) != nil
        func turn(_ model: ModelRef, _ fallbacks: [ModelRef]) -> TurnRequest {
            var turn = TurnRequest(id: id, messages: inbound.messages, model: model, fallbacks: fallbacks, maxTokens: inbound.maxTokens,
                                   temperature: inbound.temperature, options: inbound.options, applyRules: applyRules)
            // The key's caps are held by the engine with the global budget; key and tags are stored with the turn.
            turn.gatewayKey = caller.key
            turn.tags = inbound.tags
            return turn
        }
        GatewayProviderPins.applySort(inbound.provider, to: &model)
        if inbound.provider.restrictsProviders {
            // The planner's own order for the model (health, price, speed), then the request's preferences over it.
            let planned = try await decide(turn(model, []))
            let pins = try GatewayProviderPins.apply(inbound.provider, to: &model, catalog: catalog,
                                                     aliases: configuration.aliases, planned: planned.candidates)
            fallbacks = pins + fallbacks
        }
        let turn = turn(model, fallbacks)
        return PreparedTurn(turn: turn, decision: try await decide(turn), requestedModel: modelText,
                            conversation: inbound.conversation)
    }

    private func decide(_ turn: TurnRequest) async throws(GatewayError) -> RouteDecision {
        do { return try await engine.decide(turn) } catch let error as RoutingError {
            throw .routing(error)
        } catch {
            throw GatewayError(status: 500, type: "server_error", message: "could not route the request: \(error)")
        }
    }

    static func parse(_ text: String, field: String) throws(GatewayError) -> ModelRef {
        do { return try ModelRef(parsing: text) } catch {
            throw .badRequest("'\(field)': \(error)", code: "invalid_model")
        }
    }
}

/// OpenRouter's `provider` preferences in Core's words: `sort` is the `:floor` / `:nitro` variant; `order`,
/// `only`, `ignore`, `allow_fallbacks` and `max_price` become the model pinned to each allowed provider in turn
/// (`model@first`, then fallbacks `model@second`, ...). `require_parameters` needs nothing more: the planner
/// always leaves out a deployment the catalog says lacks a capability the request uses.
enum GatewayProviderPins {
    /// `sort`: price is `:floor`, throughput and latency `:nitro` (unless the model names its own variant).
    static func applySort(_ preferences: ProviderPreferences, to model: inout ModelRef) {
        if model.variant == nil, let sort = preferences.sort {
            model.variant = sort == "price" ? .floor : .nitro
        }
    }

    /// Pins `model` to the first allowed provider and returns the others as fallbacks, in the planner's order
    /// (`planned`: the candidates of the unpinned model) with `order`'s providers first.
    static func apply(_ preferences: ProviderPreferences, to model: inout ModelRef, catalog: ModelCatalog,
                      aliases: [String: String], planned: [RouteCandidate]) throws(GatewayError) -> [ModelRef] {
        guard model.provider == nil else {
            throw .badRequest("'provider' preferences cannot be combined with a pinned model (\(model))", code: "invalid_provider")
        }
        let id = aliases[model.id].flatMap { try? ModelRef(parsing: $0).id } ?? model.id
        guard let entry = catalog.model(id) else {
            throw .badRequest("'provider' preferences need a catalog model id, not '\(model.id)' (an alias of a route, or auto)",
                              code: "invalid_provider")
        }
        var served: [Deployment] = []
        for candidate in planned where candidate.model == id && !served.contains(where: { $0.provider == candidate.deployment.provider }) {
            served.append(candidate.deployment)
        }
        let allowed = served.filter { deployment in
            let provider = deployment.provider
            if !preferences.only.isEmpty, !preferences.only.contains(provider) { return false }
            if preferences.ignore.contains(provider) { return false }
            if let cap = preferences.maxPromptPrice {
                guard let price = deployment.price.inputPerMillion, price <= cap else { return false }
            }
            if let cap = preferences.maxCompletionPrice {
                guard let price = deployment.price.outputPerMillion, price <= cap else { return false }
            }
            return true
        }.map(\.provider)
        var ordered = preferences.order.filter { allowed.contains($0) }
        if preferences.order.isEmpty || preferences.allowFallbacks != false {
            ordered += allowed.filter { !ordered.contains($0) }
        }
        var unique: [String] = []
        for provider in ordered where !unique.contains(provider) { unique.append(provider) }
        guard let first = unique.first else {
            let all = entry.deployments.map(\.provider).joined(separator: ", ")
            let usable = served.map(\.provider).joined(separator: ", ")
            throw GatewayError(status: 404, type: "invalid_request_error", code: "no_allowed_provider",
                               message: "no provider of \(id) is left after the request's provider preferences (served by \(all); usable here: \(usable.isEmpty ? "none" : usable))")
        }
        model = ModelRef(id: id, variant: model.variant, provider: first)
        return unique.dropFirst().map { ModelRef(id: id, variant: model.variant, provider: $0) }
    }
}
