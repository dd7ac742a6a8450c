import Foundation

/// A route decision as it is stored with its turn and shown to people: plain values only, so the JSON written
/// for `history show --json` reads back into the same text that `route --explain` and the workbench's "why" show.
public struct RouteExplanation: Sendable, Hashable, Codable {
    public struct Candidate: Sendable, Hashable, Codable {
        public var model: String
        public var provider: String
        public var providerModel: String
        public var reason: String
        public var inputPerMTok: String?
        public var outputPerMTok: String?
        public var context: Int?

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

    public struct Rejection: Sendable, Hashable, Codable {
        public var candidate: Candidate
        public var reason: String
    }

    public var requested: String
    public var candidates: [Candidate]
    public var rejected: [Rejection]
    public var notes: [String]
    public var difficulty: DifficultyScore?
    public var promptTokens: Int
    /// What the request needs of the model; nil when nothing (and in decisions stored before it was recorded).
    public var needs: [Capability]?

    enum CodingKeys: String, CodingKey {
        case requested, candidates, rejected, notes, difficulty, needs
        case promptTokens = "prompt_tokens"
    }

    public init(_ decision: RouteDecision) {
        requested = decision.requested
        candidates = decision.candidates.map(Candidate.init)
        rejected = decision.rejected.map { Rejection(candidate: Candidate($0.candidate), reason: $0.reason) }
        notes = decision.notes
        difficulty = decision.difficulty
        promptTokens = decision.promptTokens
        needs = decision.needs.isEmpty ? nil : decision.needs.sorted()
    }

    /// Reads a decision stored as JSON.
    public init(json: String) throws {
        self = try JSONDecoder().decode(Self.self, from: Data(json.utf8))
    }

    /// One line per step, candidate and rejection.
    public var lines: [String] {
        var lines = ["requested: \(requested)", "estimated prompt: \(promptTokens) tokens"]
        if let needs, !needs.isEmpty {
            lines.append("needs: " + needs.map { "\($0.rawValue) (\(CapabilityNeeds.cause(of: $0)))" }.joined(separator: ", "))
        }
        lines += notes.map { "- " + $0 }
        lines.append("candidates, in order:")
        for (index, candidate) in candidates.enumerated() {
            lines.append("  \(index + 1). \(candidate.model) via \(candidate.provider) (\(candidate.providerModel)): \(candidate.reason)")
        }
        if !rejected.isEmpty {
            lines.append("left out:")
            lines += rejected.map { "  - \($0.candidate.model) via \($0.candidate.provider): \($0.reason)" }
        }
        return lines
    }
}
