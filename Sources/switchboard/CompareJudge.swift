import Foundation
import SwitchboardCore

/// Asks a judge model to score each answer from 1 to 10, and reads the scores back from its reply.
struct CompareJudge {
    let engine: RoutingEngine
    let model: ModelRef

    func score(prompt: String, results: [EngineEvent?]) async -> [Int?] {
        let answers = results.map { event -> String? in
            if case .finished(let summary)? = event { return summary.text }
            return nil
        }
        let turn = Self.turn(model: model, prompt: prompt, answers: answers)
        var verdict = ""
        do {
            for try await event in engine.run(turn) {
                if case .finished(let summary) = event { verdict = summary.text }
                if case .failed(let failure) = event { Console.note("judge failed: \(failure.summary)") }
            }
        } catch {
            Console.note("judge: \(error)")
        }
        return Self.parse(verdict, count: answers.count)
    }

    /// The judge's request: the scoring instructions with every answer, capped at 400 tokens, temperature 0.
    static func turn(model: ModelRef, prompt: String, answers: [String?]) -> TurnRequest {
        TurnRequest(messages: [.user(instructions(prompt: prompt, answers: answers))], model: model,
                    maxTokens: 400, temperature: 0, applyRules: false)
    }

    static func instructions(prompt: String, answers: [String?]) -> String {
        var text = """
            You are judging answers to the same question. Score each from 1 (useless) to 10 (excellent) for \
            correctness, completeness and clarity. Reply with one line per answer, exactly "Answer N: SCORE", and nothing else.

            Question:
            \(prompt)
            """
        for (index, answer) in answers.enumerated() {
            text += "\n\nAnswer \(index + 1):\n" + (answer ?? "(no answer: the model failed)")
        }
        return text
    }

    /// Reads "Answer N: S" lines; anything else in the reply is ignored, and a missing or out-of-range score
    /// stays unknown.
    static func parse(_ verdict: String, count: Int) -> [Int?] {
        var scores = [Int?](repeating: nil, count: count)
        for line in verdict.split(whereSeparator: \.isNewline) {
            let words = line.lowercased().split { !$0.isLetter && !$0.isNumber }
            guard let position = words.firstIndex(of: "answer"), position + 2 < words.count + 1,
                  words.indices.contains(position + 2),
                  let number = Int(words[position + 1]), let score = Int(words[position + 2]),
                  (1...count).contains(number), (1...10).contains(score) else { continue }
            scores[number - 1] = score
        }
        return scores
    }
}
