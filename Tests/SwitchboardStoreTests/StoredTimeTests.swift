import XCTest
@testable import SwitchboardStore

final class StoredTimeTests: XCTestCase {
    func testISORoundTripsMilliseconds() {
        for millis: Int64 in [0, 1, 999, 1_750_000_000_123, -1, -1_500, 253_402_300_799_999] {
            let text = StoredTime.iso(millis)
            XCTAssertEqual(StoredTime.parseISO(text), millis, text)
        }
        XCTAssertEqual(StoredTime.iso(1_750_000_000_123), "2025-06-15T15:06:40.123Z")
        XCTAssertEqual(StoredTime.iso(-1), "1969-12-31T23:59:59.999Z")
    }

    func testParsesOffsetsAndWholeSeconds() {
        XCTAssertEqual(StoredTime.parseISO("2025-06-15T17:06:40+02:00"), 1_750_000_000_000)
        XCTAssertEqual(StoredTime.parseISO("2025-06-15T15:06:40.5Z"), 1_750_000_000_500)
    }

    func testRejectsMalformedTimes() {
        for text in ["", "2025-06-15", "2025-13-01T00:00:00Z", "2025-06-15T15:06:40", "2025-06-15T15:06:40.Z", "x"] {
            XCTAssertNil(StoredTime.parseISO(text), text)
        }
    }

    func testDurationsAndDates() {
        XCTAssertEqual(StoredTime.millis(Duration.milliseconds(1500)), 1500)
        XCTAssertEqual(StoredTime.millis(Duration.seconds(2) + .microseconds(999)), 2001, "rounded, not cut")
        XCTAssertEqual(StoredTime.millis(Duration.seconds(2) + .microseconds(499)), 2000)
        XCTAssertEqual(StoredTime.millis(StoredTime.date(1_750_000_000_123)), 1_750_000_000_123)
    }

    /// `ask --json` prints `Duration.milliseconds`; the ledger row of the same attempt must hold the same figure
    /// (it used to cut 310.6 ms to 310 where `ask` said 311).
    func testStoredMillisecondsAgreeWithWhatAskPrints() {
        for micros in [310_600, 310_400, 999_500, 1_000, 59_999_999] as [Int64] {
            let duration = Duration.microseconds(micros)
            XCTAssertEqual(StoredTime.millis(duration), Int64(duration.milliseconds), "\(micros) µs")
        }
    }
}
