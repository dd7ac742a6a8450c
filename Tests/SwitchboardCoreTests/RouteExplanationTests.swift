import XCTest
@testable import SwitchboardCore

/// The stored form of a decision reads back into the same explanation `route --explain` prints.
final class RouteExplanationTests: XCTestCase {
    func testStoredJSONReadsBackIntoTheSameExplanation() throws {
        let cheap = Deployment(provider: "groq", providerModel: "llama-3.3-70b",
                               price: Price(input: Decimal(string: "0.00000059"), output: Decimal(string: "0.00000079")),
                               contextWindow: 131_072)
        let priced = Deployment(provider: "together", providerModel: "meta-llama/Llama-3.3-70B", price: .unknown)
        let decision = RouteDecision(
            requested: "auto", candidates: [RouteCandidate(model: "meta/llama-3.3-70b", deployment: cheap, reason: "tier simple")],
            rejected: [.init(candidate: RouteCandidate(model: "meta/llama-3.3-70b", deployment: priced, reason: "tier simple"),
                             reason: "price unknown and a price cap is set")],
            notes: ["tier simple (score 0.4)", "budget: fits, holding $0.0002"],
            difficulty: DifficultyScore(tier: .simple, score: 0.4, signals: ["short prompt"]), promptTokens: 9)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(decision), as: UTF8.self)
        XCTAssertTrue(json.contains("\"provider_model\":\"llama-3.3-70b\""), json)
        XCTAssertTrue(json.contains("\"input_per_mtok\":\"0.59\""), json)
        XCTAssertFalse(json.contains("null"), "unknown prices are left out, not written as a guess: \(json)")
        let stored = try RouteExplanation(json: json)
        XCTAssertEqual(stored, RouteExplanation(decision))
        XCTAssertEqual(stored.lines.joined(separator: "\n"), decision.explanation)
        XCTAssertTrue(decision.explanation.contains("left out:\n  - meta/llama-3.3-70b via together: price unknown"))
        XCTAssertThrowsError(try RouteExplanation(json: "{\"requested\": 1}"))
    }
}
