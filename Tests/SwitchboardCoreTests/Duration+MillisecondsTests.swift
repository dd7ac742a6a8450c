import XCTest
@testable import SwitchboardCore

final class DurationMillisecondsTests: XCTestCase {
    func testMillisecondsRoundToTheNearest() {
        XCTAssertEqual(Duration.microseconds(310_600).milliseconds, 311)
        XCTAssertEqual(Duration.microseconds(310_400).milliseconds, 310)
        XCTAssertEqual((Duration.seconds(2) + .microseconds(999)).milliseconds, 2001)
        XCTAssertEqual(Duration.milliseconds(1500).milliseconds, 1500)
        XCTAssertEqual(Duration.milliseconds(1500).seconds, 1.5)
    }

    func testTextBelowASecondIsMilliseconds() {
        XCTAssertEqual(Duration.milliseconds(250).formattedSeconds, "250 ms")
        XCTAssertEqual(Duration.zero.formattedSeconds, "0 ms")
    }

    func testTextFromASecondIsSecondsWithOneDecimalAtMost() {
        XCTAssertEqual(Duration.seconds(30).formattedSeconds, "30 s")
        XCTAssertEqual(Duration.milliseconds(1500).formattedSeconds, "1.5 s")
        XCTAssertEqual(Duration.milliseconds(1450).formattedSeconds, "1.4 s")
        XCTAssertEqual(Duration.milliseconds(1960).formattedSeconds, "2 s", "not 2.0 s")
        XCTAssertEqual(Duration.milliseconds(2000).formattedSeconds, "2 s")
    }

    /// 999.6 ms is 1000 ms once rounded: it reads "1 s", never "1000 ms".
    func testJustUnderASecondThatRoundsUpReadsAsOneSecond() {
        XCTAssertEqual(Duration.microseconds(999_600).formattedSeconds, "1 s")
        XCTAssertEqual(Duration.microseconds(999_400).formattedSeconds, "999 ms")
    }
}
