import Foundation

/// Limits a deployment must meet to be tried: price ceilings, capabilities, and room for the conversation.
/// From `[constraints]` (global), a route's own table, or a request; `merged(with:)` keeps the tighter of each.
public struct RouteConstraints: Sendable, Hashable {
    /// USD per 1M input tokens; a deployment above it, or with an unknown input price, is rejected.
    public var maxInputPerMillion: Decimal?
    /// USD per 1M output tokens; same rule.
    public var maxOutputPerMillion: Decimal?
    /// From config: a deployment must be known to support each (one the data says nothing about is left out).
    public var requiredCapabilities: Set<Capability>
    /// From the request (`CapabilityNeeds`): a deployment the data says lacks one is left out; one the data says
    /// nothing about is kept, and its reason says which were not stated.
    public var neededCapabilities: Set<Capability>
    /// A window of at least this many tokens, whatever the prompt. The engine raises it after a provider's
    /// context-length error so the retry goes to a larger window.
    public var minContext: Int?

    public init(maxInputPerMillion: Decimal? = nil, maxOutputPerMillion: Decimal? = nil,
                requiredCapabilities: Set<Capability> = [], minContext: Int? = nil, neededCapabilities: Set<Capability> = []) {
        self.maxInputPerMillion = maxInputPerMillion
        self.maxOutputPerMillion = maxOutputPerMillion
        self.requiredCapabilities = requiredCapabilities
        self.neededCapabilities = neededCapabilities
        self.minContext = minContext
    }

    public static let none = RouteConstraints()

    public var isEmpty: Bool { self == .none }

    /// Room left for the reply when the request names no maximum: a window that cannot hold this much more
    /// than the prompt would cut the answer short.
    public static let defaultOutputReserve = 1024

    /// Both sets of limits at once: the lower ceilings, the union of capabilities, the larger minimum window.
    public func merged(with other: RouteConstraints) -> RouteConstraints {
        RouteConstraints(maxInputPerMillion: Self.lower(maxInputPerMillion, other.maxInputPerMillion),
                         maxOutputPerMillion: Self.lower(maxOutputPerMillion, other.maxOutputPerMillion),
                         requiredCapabilities: requiredCapabilities.union(other.requiredCapabilities),
                         minContext: [minContext, other.minContext].compactMap { $0 }.max(),
                         neededCapabilities: neededCapabilities.union(other.neededCapabilities))
    }

    /// A candidate the constraints turned away, and why (for `route --explain`).
    public struct Rejection: Sendable, Hashable {
        public var candidate: RouteCandidate
        public var reason: String
        /// The needed capabilities the data says this deployment lacks; empty when another rule left it out.
        public var lacking: Set<Capability> = []
    }

    public struct Outcome: Sendable, Hashable {
        /// In the order they came in.
        public var kept: [RouteCandidate]
        public var rejected: [Rejection]
    }

    /// Splits candidates into those that meet every constraint and those that do not.
    /// - Parameters:
    ///   - promptTokens: the estimated size of the conversation as sent.
    ///   - maxOutputTokens: the reply limit the request will send; nil reserves
    ///     `min(deployment.maxOutput, defaultOutputReserve)`.
    public func filter(_ candidates: [RouteCandidate], promptTokens: Int, maxOutputTokens: Int?) -> Outcome {
        var outcome = Outcome(kept: [], rejected: [])
        for var candidate in candidates {
            let lacking = self.lacking(in: candidate.deployment)
            if !lacking.isEmpty {
                outcome.rejected.append(Rejection(candidate: candidate, reason: "lacks " + Self.list(lacking), lacking: lacking))
            } else if let reason = limitRejection(of: candidate.deployment, promptTokens: promptTokens, maxOutputTokens: maxOutputTokens) {
                outcome.rejected.append(Rejection(candidate: candidate, reason: reason))
            } else {
                let unstated = self.unstated(in: candidate.deployment)
                if !unstated.isEmpty { candidate.reason += "; " + Self.list(unstated) + ": not stated for this deployment" }
                outcome.kept.append(candidate)
            }
        }
        return outcome
    }

    /// The needed capabilities the data says `deployment` does not have.
    public func lacking(in deployment: Deployment) -> Set<Capability> {
        let facts = deployment.capabilityFacts
        // Checked before building a set: most deployments lack nothing needed, and this runs per candidate.
        guard neededCapabilities.contains(where: { facts.supports($0) == false }) else { return [] }
        return neededCapabilities.filter { facts.supports($0) == false }
    }

    /// The needed capabilities the data says nothing about for `deployment`: allowed, and said so.
    public func unstated(in deployment: Deployment) -> Set<Capability> {
        let facts = deployment.capabilityFacts
        guard neededCapabilities.contains(where: { facts.supports($0) == nil }) else { return [] }
        return neededCapabilities.filter { facts.supports($0) == nil }
    }

    static func list(_ capabilities: Set<Capability>) -> String {
        capabilities.sorted().map(\.rawValue).joined(separator: ", ")
    }

    /// Why `deployment` does not meet the constraints, or nil when it does. The first failing rule is named.
    /// Needed capabilities come first (a deployment that lacks one cannot answer at any price).
    public func rejection(of deployment: Deployment, promptTokens: Int, maxOutputTokens: Int?) -> String? {
        let lacking = self.lacking(in: deployment)
        if !lacking.isEmpty { return "lacks " + Self.list(lacking) }
        return limitRejection(of: deployment, promptTokens: promptTokens, maxOutputTokens: maxOutputTokens)
    }

    /// The rules after the needed capabilities: price ceilings, required capabilities, the window.
    private func limitRejection(of deployment: Deployment, promptTokens: Int, maxOutputTokens: Int?) -> String? {
        if let limit = maxInputPerMillion {
            guard let price = deployment.price.inputPerMillion else { return "input price unknown (limit $\(limit)/M)" }
            if price > limit { return "input $\(price)/M is above the $\(limit)/M limit" }
        }
        if let limit = maxOutputPerMillion {
            guard let price = deployment.price.outputPerMillion else { return "output price unknown (limit $\(limit)/M)" }
            if price > limit { return "output $\(price)/M is above the $\(limit)/M limit" }
        }
        if !requiredCapabilities.isSubset(of: deployment.capabilities) {
            return "lacks " + Self.list(requiredCapabilities.subtracting(deployment.capabilities))
        }
        guard let window = deployment.contextWindow else { return nil }
        if let minimum = minContext, window < minimum {
            return "context window \(window) is below the required \(minimum)"
        }
        let reply = maxOutputTokens ?? min(deployment.maxOutput ?? Self.defaultOutputReserve, Self.defaultOutputReserve)
        // Any caller may pass any Int (a server request, a script): a sum past Int.max cannot fit any window.
        let (needed, overflowed) = promptTokens.addingReportingOverflow(reply)
        if overflowed || needed > window {
            return "context window \(window) cannot hold ~\(promptTokens) prompt + \(reply) reply tokens"
        }
        return nil
    }

    private static func lower(_ lhs: Decimal?, _ rhs: Decimal?) -> Decimal? {
        switch (lhs, rhs) {
        case let (lhs?, rhs?): min(lhs, rhs)
        default: lhs ?? rhs
        }
    }
}
