import XCTest
@testable import SwitchboardTUI

final class LineWrapperTests: XCTestCase {
    private func texts(_ lines: [StyledLine]) -> [String] { lines.map(\.text) }

    func testWrapsAtWordBoundaries() {
        let lines = LineWrapper.wrap([StyledRun("the quick brown fox jumps")], width: 10)
        XCTAssertEqual(texts(lines), ["the quick", "brown fox", "jumps"])
    }

    func testBreaksWordsLongerThanALine() {
        let lines = LineWrapper.wrap([StyledRun("abcdefghijkl mn")], width: 5)
        XCTAssertEqual(texts(lines), ["abcde", "fghij", "kl mn"])
    }

    func testWrapsCJKByDisplayWidth() {
        let lines = LineWrapper.wrap([StyledRun("漢字漢字漢字")], width: 5)
        XCTAssertEqual(texts(lines), ["漢字", "漢字", "漢字"])
        XCTAssertTrue(lines.allSatisfy { $0.width <= 5 })
    }

    func testEmojiAndCombiningMarksKeepTheirWidth() {
        let lines = LineWrapper.wrap([StyledRun("café 🚀🚀🚀")], width: 6)
        XCTAssertEqual(texts(lines), ["café", "🚀🚀🚀"])
        XCTAssertEqual(lines[1].width, 6)
    }

    func testPrefixesMakeAHangingIndent() {
        let lines = LineWrapper.wrap([StyledRun("one two three four")], width: 10,
                                     firstPrefix: [StyledRun("• ")], nextPrefix: [StyledRun("  ")])
        XCTAssertEqual(texts(lines), ["• one two", "  three", "  four"])
    }

    func testStylesStayWithTheirText() {
        let bold = Style(attributes: .bold)
        let lines = LineWrapper.wrap([StyledRun("plain "), StyledRun("bold words", bold)], width: 11)
        XCTAssertEqual(texts(lines), ["plain bold", "words"])
        XCTAssertEqual(lines[0].runs.map(\.style), [.plain, bold])
        XCTAssertEqual(lines[1].runs.map(\.style), [bold])
    }

    func testLeadingIndentationOfTheFirstLineIsKept() {
        let lines = LineWrapper.wrap([StyledRun("    indented code")], width: 40)
        XCTAssertEqual(texts(lines), ["    indented code"])
    }

    func testEmptyTextIsOneEmptyLine() {
        XCTAssertEqual(texts(LineWrapper.wrap([], width: 10)), [""])
    }
}
