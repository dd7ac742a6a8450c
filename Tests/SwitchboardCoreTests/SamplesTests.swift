import XCTest
@testable import SwitchboardCore

final class SamplesTests: XCTestCase {
    func testNearestRankOnTenValues() {
        let samples = Samples<Int>([7, 1, 9, 3, 5, 10, 2, 8, 4, 6])
        XCTAssertEqual(samples.percentile(50), 5)
        XCTAssertEqual(samples.percentile(90), 9)
        XCTAssertEqual(samples.percentile(95), 10)
        XCTAssertEqual(samples.percentile(99), 10)
        XCTAssertEqual(samples.percentile(100), 10)
        XCTAssertEqual(samples.percentile(0), 1, "rank 0 is the smallest value")
        XCTAssertEqual(samples.percentile(10), 1)
        XCTAssertEqual(samples.percentile(11), 2)
    }

    /// 95% of 20 is exactly 19: the 19th value, not the 20th (a floating 0.95 × 20 could round up past it).
    func testExactRankWhenPercentDividesTheCount() {
        let samples = Samples<Int64>((1...20).map(Int64.init).reversed())
        XCTAssertEqual(samples.percentile(95), 19)
        XCTAssertEqual(samples.percentile(50), 10)
        XCTAssertEqual(Samples<Double>((1...100).map(Double.init)).percentile(99), 99)
    }

    func testMedianOfAnEvenCountIsTheLowerMiddle() {
        XCTAssertEqual(Samples<Double>([4, 1, 3, 2]).median, 2)
        XCTAssertEqual(Samples<Double>([3, 1, 2]).median, 2)
    }

    func testEmptyHasNoPercentile() {
        XCTAssertNil(Samples<Int>().percentile(50))
        XCTAssertEqual(Samples<Int>().percentiles([50, 95]), [nil, nil])
    }

    func testSeveralPercentilesFromOneSort() {
        var samples = Samples<Int>()
        for value in [30, 10, 20] { samples.append(value) }
        XCTAssertEqual(samples.percentiles([50, 95]), [20, 30])
        XCTAssertEqual(samples.count, 3)
    }
}
