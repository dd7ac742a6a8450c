import Foundation
@testable import SwitchboardCore
import XCTest

/// A decision's stored JSON is written directly; it must be the text `JSONEncoder` gives the explanation with
/// sorted keys, byte for byte, for every shape a decision takes (and read back into the same explanation).
final class RouteDecisionStoredJSONTests: XCTestCase {
    private func encoded(_ decision: RouteDecision) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(RouteExplanation(decision)), as: UTF8.self)
    }

    private func candidate(_ model: String, provider: String, price: Price, context: Int?, reason: String) -> RouteCandidate {
        RouteCandidate(model: model, deployment: Deployment(provider: provider, providerModel: model + "-\u{1F680}",
                                                            price: price, contextWindow: context), reason: reason)
    }

    private var decisions: [RouteDecision] {
        let priced = Price(input: Decimal(string: "0.00000015"), output: Decimal(string: "0.0000006"))
        let halfPriced = Price(input: Decimal(string: "0.0000025"), output: nil)
        let plain = RouteDecision(requested: "gpt-4o-mini",
                                  candidates: [candidate("openai/gpt-4o-mini", provider: "openai", price: priced,
                                                         context: 128_000, reason: "direct from openai")],
                                  rejected: [], notes: [], difficulty: nil, promptTokens: 12)
        let full = RouteDecision(
            requested: "auto:code \"quoted\" back\\slash a/b",
            candidates: [candidate("acme/strong", provider: "acme", price: halfPriced, context: nil, reason: "tier complex"),
                         candidate("acme/unknown", provider: "other", price: .unknown, context: 8_192, reason: "fallback 1 of 1")],
            rejected: [.init(candidate: candidate("acme/cheap", provider: "acme", price: priced, context: 4_096, reason: "direct"),
                             reason: "context 4096 < 9000\ttokens\n", lacking: [.vision])],
            notes: ["rule \u{7}matched: code", "é ü 漢字", ""],
            difficulty: DifficultyScore(tier: .complex, score: 3.85, signals: ["code block +2", "length +1.5"]),
            promptTokens: 9_000, needs: [.vision, .tools, .jsonSchema, .promptCaching])
        var whole = full
        whole.difficulty = DifficultyScore(tier: .simple, score: 0, signals: [])
        var tiny = full
        tiny.difficulty?.score = 0.1 + 0.2
        return [plain, full, whole, tiny]
    }

    func testTheStoredJSONIsWhatJSONEncoderWrites() throws {
        for decision in decisions {
            XCTAssertEqual(try decision.storedJSON(), try encoded(decision))
        }
    }

    func testTheStoredJSONReadsBackIntoTheSameExplanation() throws {
        for decision in decisions {
            XCTAssertEqual(try RouteExplanation(json: try decision.storedJSON()), RouteExplanation(decision))
        }
    }
}
