import XCTest
@testable import SwitchboardStore

final class ModelStatsTests: XCTestCase {
    func testNearestRankPercentiles() {
        XCTAssertNil(ModelStats.percentile([], 50))
        XCTAssertEqual(ModelStats.percentile([7], 95), 7)
        XCTAssertEqual(ModelStats.percentile([1, 2, 3, 4], 50), 2)
        XCTAssertEqual(ModelStats.percentile([1, 2, 3, 4], 95), 4)
        XCTAssertEqual(ModelStats.percentile(Array(1...100), 95), 95)
        XCTAssertEqual(ModelStats.percentile(Array(1...100), 50), 50)
    }

    func testOrderedByRequestsThenName() {
        let samples = [("b", "x"), ("a", "y"), ("a", "x"), ("b", "x")].map {
            ModelStats.Sample(model: $0.0, provider: $0.1, outcome: "success", ttftMs: nil, durationMs: 10, outputTokens: 0)
        }
        let stats = ModelStats.build(samples)
        XCTAssertEqual(stats.map { "\($0.model)@\($0.provider)" }, ["b@x", "a@x", "a@y"])
        XCTAssertNil(stats.first?.outputTokensPerSecond, "no output tokens, no speed")
    }
}
