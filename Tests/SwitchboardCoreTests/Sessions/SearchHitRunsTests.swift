import XCTest
import SwitchboardCore

/// A store's marked snippet becomes runs of plain and highlighted text, exactly.
final class SearchHitRunsTests: XCTestCase {
    private func marked(_ text: String) -> String {
        text.replacingOccurrences(of: "[", with: "\u{E000}").replacingOccurrences(of: "]", with: "\u{E001}")
    }

    func testMatchesAreHighlightedAndTheRestKeptAsWritten() {
        XCTAssertEqual(SearchHit.runs(marked: marked("…the [write] ahead [log] is fast")), [
            .init(text: "…the ", highlighted: false), .init(text: "write", highlighted: true),
            .init(text: " ahead ", highlighted: false), .init(text: "log", highlighted: true),
            .init(text: " is fast", highlighted: false),
        ])
    }

    func testTouchingMatchesBecomeOneRun() {
        XCTAssertEqual(SearchHit.runs(marked: marked("SQLite[数][据][库]很快")), [
            .init(text: "SQLite", highlighted: false), .init(text: "数据库", highlighted: true),
            .init(text: "很快", highlighted: false),
        ])
    }

    func testCombiningMarksEmojiAndEmptyInput() {
        XCTAssertEqual(SearchHit.runs(marked: marked("[café]👩‍👩‍👧 e\u{301}")), [
            .init(text: "café", highlighted: true), .init(text: "👩‍👩‍👧 e\u{301}", highlighted: false),
        ])
        XCTAssertEqual(SearchHit.runs(marked: ""), [])
        XCTAssertEqual(SearchHit.runs(marked: marked("[]")), [])
    }
}
