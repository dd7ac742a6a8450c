import Foundation
import SwitchboardCore
import SwitchboardStore

/// One model's entry in `compare --json`: its `ask --json` object (no keys when it gave no result), plus the model
/// as `requested` and the judge's `score` (null when unscored).
struct CompareJSON: Encodable {
    struct Own: Encodable {
        var requested: String
        @ExplicitNull var score: Int?
    }

    var answer: AskJSON?
    var own: Own

    func encode(to encoder: any Encoder) throws {
        try answer?.encode(to: encoder)
        try own.encode(to: encoder)
    }
}

extension CompareOutput {
    /// The JSON array `compare --json` prints: one object per model, in the order given.
    static func json(_ results: [EngineEvent?], refs: [ModelRef], scores: [Int?]) -> String {
        let entries = results.enumerated().map { index, event in
            let answer: AskJSON?
            switch event {
            case .finished(let summary)?: answer = AskJSON(summary)
            case .failed(let failure)?: answer = AskJSON(failure)
            default: answer = nil
            }
            return CompareJSON(answer: answer, own: .init(requested: refs[index].description, score: scores[index]))
        }
        return AskJSON.line(entries, orElse: "[]")
    }
}
