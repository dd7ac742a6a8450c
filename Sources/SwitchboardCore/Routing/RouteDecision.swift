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

    enum CodingKeys: String, CodingKey {
        case requested, candidates, rejected, notes, difficulty
        case promptTokens = "prompt_tokens"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(requested, forKey: .requested)
        try container.encode(candidates.map(CandidateJSON.init), forKey: .candidates)
        try container.encode(rejected.map { RejectionJSON(candidate: CandidateJSON($0.candidate), reason: $0.reason) }, forKey: .rejected)
        try container.encode(notes, forKey: .notes)
        try container.encodeIfPresent(difficulty, forKey: .difficulty)
        try container.encode(promptTokens, forKey: .promptTokens)
    }

    private struct CandidateJSON: Encodable {
        var model: String, provider: String, providerModel: String, reason: String
        var inputPerMTok: String?, outputPerMTok: String?, context: Int?
        enum CodingKeys: String, CodingKey {
            case model, provider, reason, context
            case providerModel = "provider_model", inputPerMTok = "input_per_mtok", outputPerMTok = "output_per_mtok"
        }
        init(_ candidate: RouteCandidate) {
            model = candidate.model
            provider = candidate.deployment.provider
            providerModel = candidate.deployment.providerModel
            reason = candidate.reason
            inputPerMTok = candidate.deployment.price.inputPerMillion.map { "\($0)" }
            outputPerMTok = candidate.deployment.price.outputPerMillion.map { "\($0)" }
            context = candidate.deployment.contextWindow
        }
    }

    private struct RejectionJSON: Encodable {
        var candidate: CandidateJSON
        var reason: String
    }

    /// Plain text for people: one line per step, candidate and rejection.
    public var explanation: String {
        var lines = ["requested: \(requested)", "estimated prompt: \(promptTokens) tokens"]
        lines += notes.map { "- " + $0 }
        lines.append("candidates, in order:")
        for (index, candidate) in candidates.enumerated() {
            lines.append("  \(index + 1). \(candidate.model) via \(candidate.deployment.provider) (\(candidate.deployment.providerModel)): \(candidate.reason)")
        }
        if !rejected.isEmpty {
            lines.append("left out:")
            lines += rejected.map { "  - \($0.candidate.model) via \($0.candidate.deployment.provider): \($0.reason)" }
        }
        return lines.joined(separator: "\n")
    }
}
