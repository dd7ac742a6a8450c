import XCTest
@testable import SwitchboardCore

final class ModelStatsTests: XCTestCase {
    /// `stats` takes its percentiles from Core's `Samples` (nearest rank), as the benchmarks do.
    func testNearestRankPercentilesOfTTFTAndDuration() {
        let samples = (1...100).map {
            ModelStats.Sample(model: "m", provider: "p", outcome: "success", ttftMs: Int64(101 - $0), durationMs: Int64($0) * 10,
                              outputTokens: 0)
        }
        let stats = ModelStats.build(samples + [ModelStats.Sample(model: "m", provider: "p", outcome: "timeout",
                                                                   ttftMs: nil, durationMs: 99_999, outputTokens: 0)])
        XCTAssertEqual(stats.first?.ttftP50, 50)
        XCTAssertEqual(stats.first?.ttftP95, 95)
        XCTAssertEqual(stats.first?.durationP50, 500, "over successful attempts only")
        XCTAssertEqual(stats.first?.durationP95, 950)
        let few = ModelStats.build([1, 2, 3, 4].map {
            ModelStats.Sample(model: "m", provider: "p", outcome: "success", ttftMs: $0, durationMs: $0, outputTokens: 0)
        })
        XCTAssertEqual(few.first?.ttftP50, 2)
        XCTAssertEqual(few.first?.ttftP95, 4)
        XCTAssertNil(ModelStats.build([ModelStats.Sample(model: "m", provider: "p", outcome: "timeout", ttftMs: nil,
                                                         durationMs: 5, outputTokens: 0)]).first?.ttftP50)
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
