import XCTest
import SwitchboardCore
@testable import switchboard

final class ReportTableTests: XCTestCase {
    func testAlignsColumnsWithoutTrailingSpaces() {
        var table = ReportTable([("ID", .left), ("COST", .right), ("TITLE", .left)])
        table.add(["9f86d081", "$0.0012", "First"])
        table.add(["12", "unknown", "Second"])
        XCTAssertEqual(table.render(), """
            ID           COST  TITLE
            9f86d081  $0.0012  First
            12        unknown  Second

            """)
    }

    func testWideCharactersCountTwoColumns() {
        var table = ReportTable([("A", .left), ("B", .left)])
        table.add(["数据", "x"])
        table.add(["ab", "y"])
        XCTAssertEqual(table.render(), "A     B\n数据  x\nab    y\n")
    }

    /// Emoji outside the two blocks the table's own copy of the width rules knew (✅ U+2705, ⌛ U+231B) take two
    /// columns in the terminal, as in the workbench: the table measures with the same `DisplayWidth`.
    func testEmojiPresentationCharactersCountTwoColumnsAsInTheWorkbench() {
        var table = ReportTable([("A", .left), ("B", .left)])
        table.add(["✅", "x"])
        table.add(["⌛a", "y"])
        table.add(["abc", "z"])
        XCTAssertEqual(table.render(), "A    B\n✅   x\n⌛a  y\nabc  z\n")
    }

    func testCellsAreMadeInertAndFlat() {
        XCTAssertEqual(ReportTable.cell("evil\u{1B}]0;title\u{07}\nnext\tcol"), "evil␛]0;title␇ next col")
    }

    func testTruncateByColumns() {
        XCTAssertEqual(ReportTable.truncate("abcdef", width: 4), "abc…")
        XCTAssertEqual(ReportTable.truncate("数据库搜索", width: 5), "数据…")
        XCTAssertEqual(ReportTable.truncate("short", width: 10), "short")
        XCTAssertEqual(ReportTable.truncate("e\u{301}e\u{301}e\u{301}", width: 3), "e\u{301}e\u{301}e\u{301}")
        XCTAssertEqual(ReportTable.truncate("a\tb\u{1B}c", width: 10), "a b␛c")
    }
}
