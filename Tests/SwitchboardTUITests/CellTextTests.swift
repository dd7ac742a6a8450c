import SwitchboardCore
import XCTest
@testable import SwitchboardTUI

/// A cell's packed text gives back exactly the text it was made from, inline or through the table, and equal text
/// is equal however it was built.
final class CellTextTests: XCTestCase {
    func testRoundTripsInlineAndLongText() {
        let texts = ["", " ", "a", "é", "e\u{301}", "漢", "😀", "👍\u{1F3FD}", "❤\u{FE0F}\u{200D}",
                     "123456789012345",                      // exactly 15 bytes: the last inline size
                     "1234567890123456",                     // 16: kept in the table
                     "a" + String(repeating: "\u{301}", count: 12),
                     "👨\u{200D}👩\u{200D}👧\u{200D}👦"]
        for text in texts {
            XCTAssertEqual(CellText(text).string, text, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
            XCTAssertEqual(Cell(text).text, text)
        }
    }

    func testAppendingMarksPastTheInlineSizeKeepsThemAll() {
        var packed = CellText("a")
        var expected = "a"
        for _ in 0..<10 {
            packed.append("\u{302}")
            expected.unicodeScalars.append("\u{302}")
            XCTAssertEqual(packed.string, expected)
        }
        XCTAssertEqual(packed, CellText(expected), "built by appending or at once: the same bits")
    }

    func testEqualityFollowsTheText() {
        XCTAssertEqual(CellText(ascii: 0x41), CellText("A"))
        XCTAssertEqual(CellText("漢"), CellText(Unicode.Scalar(0x6F22)!))
        XCTAssertNotEqual(CellText("a"), CellText("b"))
        XCTAssertNotEqual(CellText("a"), CellText("a\u{301}"))
        XCTAssertNotEqual(CellText("1234567890123456"), CellText("1234567890123457"))
        XCTAssertEqual(CellText.empty.string, "")
        XCTAssertTrue(CellText("").isEmpty)
    }

    func testSettingACellsTextRepacksIt() {
        var cell = Cell("a", style: Style(foreground: .ansi(1)))
        cell.text = "漢"
        XCTAssertEqual(cell, Cell("漢", style: Style(foreground: .ansi(1))))
        XCTAssertEqual(cell.text, "漢")
    }

    func testTableGivesEqualLongTextOneNumber() {
        let table = CellTextTable()
        let first = table.number(for: "a long cell text, past 15 bytes")
        XCTAssertNotNil(first)
        XCTAssertEqual(table.number(for: "a long cell text, past 15 bytes"), first)
        XCTAssertNotEqual(table.number(for: "another long cell text here"), first)
        XCTAssertEqual(first.map(table.text), "a long cell text, past 15 bytes")
    }
}
