import XCTest
@testable import SwitchboardCore

final class DisplayWidthTests: XCTestCase {
    func testColumnsOfOneScalar() {
        XCTAssertEqual(DisplayWidth.columns(of: "a"), 1)
        XCTAssertEqual(DisplayWidth.columns(of: "漢"), 2)
        XCTAssertEqual(DisplayWidth.columns(of: "Ａ"), 2)
        XCTAssertEqual(DisplayWidth.columns(of: "🚀"), 2)
        XCTAssertEqual(DisplayWidth.columns(of: "\u{2705}"), 2, "✅ has emoji presentation")
        XCTAssertEqual(DisplayWidth.columns(of: "\u{301}"), 0, "combining acute")
        XCTAssertEqual(DisplayWidth.columns(of: "\u{200D}"), 0, "zero-width joiner")
        XCTAssertEqual(DisplayWidth.columns(of: "\u{1160}"), 0, "Hangul medial vowel")
        XCTAssertEqual(DisplayWidth.columns(of: "\u{1F321}"), 1, "🌡 without FE0F is text presentation: one column")
    }

    func testWidthCountsControlsAsTheirInertStandIns() {
        XCTAssertEqual(DisplayWidth.width(of: "hello"), 5)
        XCTAssertEqual(DisplayWidth.width(of: "数据x"), 5)
        XCTAssertEqual(DisplayWidth.width(of: "a\u{1B}b"), 3, "ESC prints as ␛")
        XCTAssertEqual(DisplayWidth.width(of: "a\u{202E}b"), 3, "a bidi override prints as U+FFFD")
    }

    func testTruncateKeepsMarksWithTheirBaseAndNeverSplitsAWideCharacter() {
        XCTAssertEqual(DisplayWidth.truncate("abcdef", to: 4), "abc…")
        XCTAssertEqual(DisplayWidth.truncate("数据库", to: 4), "数…")
        XCTAssertEqual(DisplayWidth.truncate("ae\u{301}cdef", to: 3), "ae\u{301}…")
        XCTAssertEqual(DisplayWidth.truncate("abc", to: 3), "abc")
        XCTAssertEqual(DisplayWidth.truncate("abc", to: 0), "")
    }

    func testPadGivesExactlyTheWidth() {
        XCTAssertEqual(DisplayWidth.pad("漢", to: 4), "漢  ")
        XCTAssertEqual(DisplayWidth.pad("漢字漢字", to: 5), "漢字…")
        XCTAssertEqual(DisplayWidth.width(of: DisplayWidth.pad("漢字漢字", to: 6)), 6)
    }
}
