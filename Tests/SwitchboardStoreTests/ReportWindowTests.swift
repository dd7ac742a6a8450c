import XCTest
@testable import SwitchboardStore

final class ReportWindowTests: XCTestCase {
    func testRelativeWindows() {
        let now = Clock.base
        XCTAssertEqual(ReportWindow.start("24h", now: now), now.addingTimeInterval(-86_400))
        XCTAssertEqual(ReportWindow.start("7d", now: now), now.addingTimeInterval(-7 * 86_400))
        XCTAssertEqual(ReportWindow.start("30D", now: now), now.addingTimeInterval(-30 * 86_400))
        XCTAssertEqual(ReportWindow.start("2w", now: now), now.addingTimeInterval(-14 * 86_400))
    }

    func testDateIsLocalMidnight() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try XCTUnwrap(TimeZone(identifier: "Asia/Tokyo"))
        let start = try XCTUnwrap(ReportWindow.start("2025-06-15", calendar: calendar))
        XCTAssertEqual(StoredTime.iso(StoredTime.millis(start)), "2025-06-14T15:00:00.000Z")
    }

    func testRejectsNonsense() {
        for text in ["", "h", "0d", "-3d", "7x", "2025-02-30", "2025-6-1", "yesterday"] {
            XCTAssertNil(ReportWindow.start(text), text)
        }
    }
}
