import XCTest
@testable import SwitchboardTUI

final class FormatTests: XCTestCase {
    func testDurations() {
        XCTAssertEqual(Format.duration(.milliseconds(151)), "151 ms")
        XCTAssertEqual(Format.duration(.milliseconds(1450)), "1.4 s")
        XCTAssertEqual(Format.duration(nil), "–")
    }

    func testCounts() {
        XCTAssertEqual(Format.count(950), "950")
        XCTAssertEqual(Format.count(12_345), "12.3K")
        XCTAssertEqual(Format.count(128_000), "128K")
        XCTAssertEqual(Format.count(1_048_576), "1.0M")
    }

    func testPricesPerMillion() {
        XCTAssertEqual(Format.perMillion(Decimal(string: "0.15")), "$0.15")
        XCTAssertEqual(Format.perMillion(Decimal(string: "0.0375")), "$0.038")
        XCTAssertEqual(Format.perMillion(15), "$15")
        XCTAssertEqual(Format.perMillion(nil), "?")
    }

    func testSparklineScalesToThePeakAndMarksUnknowns() {
        XCTAssertEqual(Sparkline.render([1, 2, nil, 4], width: 10), "▃▅·█")
        XCTAssertEqual(Sparkline.render([1, 2, 3], width: 2), "▆█")
        XCTAssertEqual(Sparkline.render([0, 0], width: 5), "▁▁")
    }
}
