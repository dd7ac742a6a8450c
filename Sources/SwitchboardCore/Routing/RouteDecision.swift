import Foundation

/// Everything the router decided for one turn, and why: stored with the turn and printed by
/// `switchboard route --explain`.
public struct RouteDecision: Sendable, Hashable, Encodable {
    /// What was asked for: a model, an alias, a route name, `auto`, `auto:NAME`.
    public var requested: String
    /// The deployments to try, in order.
    public var candidates: [RouteCandidate]
    /// Deployments considered and left out, with the reason (price cap, capability, context, health).
    public var rejected: [RouteConstraints.Rejection]
    /// The steps that led here: rule match, tier and score, route expansion, health reordering, budget.
    public var notes: [String]
    /// For `auto`: the scorer's verdict.
    public var difficulty: DifficultyScore?
    /// The estimated prompt size the constraints and budget used.
    public var promptTokens: Int
    /// What the request needs of the model (`CapabilityNeeds`): tools, vision, pdf, json, reasoning.
    public var needs: Set<Capability>

    public init(requested: String, candidates: [RouteCandidate], rejected: [RouteConstraints.Rejection], notes: [String],
                difficulty: DifficultyScore?, promptTokens: Int, needs: Set<Capability> = []) {
        self.needs = needs
        self.requested = requested
        self.candidates = candidates
        self.rejected = rejected
        self.notes = notes
        self.difficulty = difficulty
        self.promptTokens = promptTokens
    }

    public func encode(to encoder: any Encoder) throws {
        try RouteExplanation(self).encode(to: encoder)
    }

    /// Plain text for people: one line per step, candidate and rejection.
    public var explanation: String {
        RouteExplanation(self).lines.joined(separator: "\n")
    }
}
