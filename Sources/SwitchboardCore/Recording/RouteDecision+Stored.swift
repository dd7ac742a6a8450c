import Foundation

extension RouteDecision {
    /// The one encoding of a decision for storage (read back by `RouteExplanation(json:)`): the text `JSONEncoder`
    /// gives with sorted keys, so the same decision is always the same text. Written directly, since every turn
    /// stores one and `JSONEncoder` took 20 µs over this small value; tests hold the two byte for byte.
    public func storedJSON() throws -> String {
        String(decoding: try RouteExplanation(self).stored.bytes(), as: UTF8.self)
    }
}

/// The explanation as its `Codable` conformance writes it: snake_case keys, nil members left out.
extension RouteExplanation {
    var stored: RequestJSON {
        var members: [(key: String, value: RequestJSON)] = [("candidates", .array(candidates.map(\.stored)))]
        if let difficulty {
            members.append(("difficulty", .object([("score", .double(difficulty.score)),
                                                   ("signals", .array(difficulty.signals.map(RequestJSON.string))),
                                                   ("tier", .string(difficulty.tier.rawValue))])))
        }
        if let needs { members.append(("needs", .array(needs.map { .string($0.rawValue) }))) }
        members += [("notes", .array(notes.map(RequestJSON.string))), ("prompt_tokens", .int(promptTokens)),
                    ("rejected", .array(rejected.map { .object([("candidate", $0.candidate.stored), ("reason", .string($0.reason))]) })),
                    ("requested", .string(requested))]
        return .object(members)
    }
}

extension RouteExplanation.Candidate {
    var stored: RequestJSON {
        var members: [(key: String, value: RequestJSON)] = []
        if let context { members.append(("context", .int(context))) }
        if let inputPerMTok { members.append(("input_per_mtok", .string(inputPerMTok))) }
        members.append(("model", .string(model)))
        if let outputPerMTok { members.append(("output_per_mtok", .string(outputPerMTok))) }
        members += [("provider", .string(provider)), ("provider_model", .string(providerModel)), ("reason", .string(reason))]
        return .object(members)
    }
}
