import Foundation
import XCTest
@testable import switchboard
import SwitchboardCore

/// `route --json` is a Codable struct now; it prints what the dictionary version printed (the decision encoded,
/// read back into `[String: Any]`, `budget` added, written again with the same options), byte for byte.
final class RouteJSONTests: XCTestCase {
    private func before(_ decision: RouteDecision, budget: String?) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
        var object = try XCTUnwrap(try JSONSerialization.jsonObject(with: encoder.encode(decision)) as? [String: Any])
        object["budget"] = budget ?? NSNull()
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    func testTheSameBytesAsTheDictionaryVersion() throws {
        let decisions = [
            RouteDecision(requested: "auto", candidates: [], rejected: [],
                          notes: ["auto: score 1.5 -> tier medium from defaults [reasoning marker 'prove' +1.5]", "a/b \u{1B} 数据"],
                          difficulty: DifficultyScore(tier: .medium, score: 1.5, signals: ["reasoning marker 'prove' +1.5"]),
                          promptTokens: 18),
            RouteDecision(requested: "demo/mini", candidates: [], rejected: [], notes: [], difficulty: nil, promptTokens: 0),
            RouteDecision(requested: "auto:cheap", candidates: [], rejected: [], notes: ["x"],
                          difficulty: DifficultyScore(tier: .reasoning, score: 0.1 + 0.2, signals: []), promptTokens: 123_456),
        ]
        for decision in decisions {
            for budget in [nil, "fits (would hold $0.0042); daily budget 80% used", "would refuse: daily budget $1 reached"] {
                XCTAssertEqual(try RouteJSON.render(decision, budget: budget), try before(decision, budget: budget))
            }
        }
    }
}
