import XCTest
@testable import SwitchboardTUI

final class TextEditorTests: XCTestCase {
    func testInsertSplitsLinesAndPutsTheCursorAfterTheText() {
        var editor = TextEditor("ad")
        editor.moveLeft()
        editor.insert("b\nc")
        XCTAssertEqual(editor.text, "ab\ncd")
        XCTAssertEqual(editor.row, 1)
        XCTAssertEqual(editor.column, 1)
    }

    func testDeleteBackwardJoinsLines() {
        var editor = TextEditor("ab\ncd")
        editor.moveLineStart()
        editor.deleteBackward()
        XCTAssertEqual(editor.text, "abcd")
        XCTAssertEqual(editor.column, 2)
    }

    func testDeleteForwardJoinsTheNextLine() {
        var editor = TextEditor("ab\ncd")
        _ = editor.moveUp()
        editor.moveLineEnd()
        editor.deleteForward()
        XCTAssertEqual(editor.text, "abcd")
    }

    func testWordMotionsAndDeletes() {
        var editor = TextEditor("one two, three")
        editor.moveWordLeft()
        XCTAssertEqual(editor.column, 9)
        editor.moveWordLeft()
        XCTAssertEqual(editor.column, 4)
        editor.deleteWordForward()
        XCTAssertEqual(editor.text, "one , three")
        editor.moveWordRight()
        XCTAssertEqual(editor.column, 11)
        editor.deleteWordBackward()
        XCTAssertEqual(editor.text, "one , ")
    }

    func testKillToLineStartAndEnd() {
        var editor = TextEditor("hello world")
        for _ in 0..<5 { editor.moveLeft() }
        editor.killToLineEnd()
        XCTAssertEqual(editor.text, "hello ")
        editor.killToLineStart()
        XCTAssertEqual(editor.text, "")
    }

    func testUpAndDownKeepTheColumnWhereTheyCan() {
        var editor = TextEditor("long line\nab\nanother")
        XCTAssertTrue(editor.moveUp())
        XCTAssertEqual(editor.column, 2)
        XCTAssertTrue(editor.moveUp())
        XCTAssertEqual(editor.column, 2)
        XCTAssertFalse(editor.moveUp())
        XCTAssertTrue(editor.moveDown())
        XCTAssertTrue(editor.moveDown())
        XCTAssertFalse(editor.moveDown())
    }

    func testLeftAndRightCrossLineEnds() {
        var editor = TextEditor("a\nb")
        editor.moveLineStart()
        editor.moveLeft()
        XCTAssertEqual(editor.row, 0)
        XCTAssertEqual(editor.column, 1)
        editor.moveRight()
        XCTAssertEqual(editor.row, 1)
        XCTAssertEqual(editor.column, 0)
    }

    func testGraphemesAreSingleCharacters() {
        var editor = TextEditor("👩‍💻é")
        editor.deleteBackward()
        XCTAssertEqual(editor.text, "👩‍💻")
        editor.deleteBackward()
        XCTAssertTrue(editor.isEmpty)
    }

    func testLargePasteIsSplitOnce() {
        var editor = TextEditor()
        editor.insert(String(repeating: "x", count: 100_000))
        XCTAssertEqual(editor.characterCount, 100_000)
        editor.insert("\r\ny")
        XCTAssertEqual(editor.lines.count, 2)
    }
}
