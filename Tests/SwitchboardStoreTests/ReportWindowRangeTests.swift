import Foundation
import XCTest
@testable import SwitchboardStore

/// `--since` counts that would overflow (they used to trap) are refused, like any other malformed window.
final class ReportWindowRangeTests: XCTestCase {
    func testHugeCountsAreRefusedNotTrapped() {
        for text in ["99999999999999999w", "9223372036854775807h", "999999999999d", "1000000w"] {
            XCTAssertNil(ReportWindow.start(text), text)
        }
    }

    func testAThousandYearsIsTheFurthestBack() throws {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let furthest = try XCTUnwrap(ReportWindow.start("\(ReportWindow.maxHours)h", now: now))
        XCTAssertEqual(now.timeIntervalSince(furthest), Double(ReportWindow.maxHours) * 3600)
        XCTAssertNil(ReportWindow.start("\(ReportWindow.maxHours + 1)h", now: now))
        XCTAssertNotNil(ReportWindow.start("52000w", now: now))
    }
}
