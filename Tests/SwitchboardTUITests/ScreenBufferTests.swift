import XCTest
@testable import SwitchboardTUI

final class ScreenBufferTests: XCTestCase {
    func testPutWritesTextAndReturnsNextColumn() {
        var buffer = ScreenBuffer(size: Size(width: 10, height: 2))
        let end = buffer.put("abc", x: 2, y: 1, style: .plain)
        XCTAssertEqual(end, 5)
        XCTAssertEqual(buffer.lines(), ["", "  abc"])
    }

    func testWideGlyphTakesTwoCellsWithAContinuation() {
        var buffer = ScreenBuffer(size: Size(width: 6, height: 1))
        buffer.put("a漢b", x: 0, y: 0, style: .plain)
        XCTAssertEqual(buffer[1, 0].width, 2)
        XCTAssertTrue(buffer[2, 0].isContinuation)
        XCTAssertEqual(buffer.lines(), ["a漢b"])
    }

    func testWideGlyphThatWouldCrossTheLimitBecomesASpace() {
        var buffer = ScreenBuffer(size: Size(width: 4, height: 1))
        buffer.put("abc漢", x: 0, y: 0, style: .plain)
        XCTAssertEqual(buffer.lines(), ["abc"])
        XCTAssertFalse(buffer[3, 0].isContinuation)
        XCTAssertEqual(buffer[3, 0].text, " ")
    }

    func testOverwritingHalfAWideGlyphClearsTheOtherHalf() {
        var buffer = ScreenBuffer(size: Size(width: 6, height: 1))
        buffer.put("漢字", x: 0, y: 0, style: .plain)
        buffer.put("x", x: 1, y: 0, style: .plain)
        XCTAssertEqual(buffer.lines(), [" x字"])
        buffer.put("y", x: 2, y: 0, style: .plain)
        XCTAssertEqual(buffer.lines(), [" xy"])
        XCTAssertFalse(buffer[3, 0].isContinuation)
    }

    func testLimitClipsText() {
        var buffer = ScreenBuffer(size: Size(width: 10, height: 1))
        buffer.put("abcdefgh", x: 0, y: 0, style: .plain, limit: 3)
        XCTAssertEqual(buffer.lines(), ["abc"])
    }

    func testStyledLineFillPaintsTheRestOfTheRow() {
        var buffer = ScreenBuffer(size: Size(width: 8, height: 1))
        let code = Style(background: .ansi(4))
        buffer.put(StyledLine([StyledRun("ab")], fill: code), x: 1, y: 0, width: 5)
        XCTAssertEqual(buffer[0, 0].style.background, .terminalDefault)
        XCTAssertEqual(buffer[1, 0].style.background, .ansi(4))
        XCTAssertEqual(buffer[5, 0].style.background, .ansi(4))
        XCTAssertEqual(buffer[6, 0].style.background, .terminalDefault)
    }

    func testControlCharactersNeverReachACell() {
        var buffer = ScreenBuffer(size: Size(width: 20, height: 1))
        buffer.put("x\u{1B}]0;pwned\u{7}", x: 0, y: 0, style: .plain)
        for x in 0..<20 {
            XCTAssertFalse(buffer[x, 0].text.unicodeScalars.contains { $0.value < 0x20 })
        }
        XCTAssertEqual(buffer.lines(), ["x␛]0;pwned␇"])
    }

    func testFillIsClippedToTheScreen() {
        var buffer = ScreenBuffer(size: Size(width: 3, height: 2))
        buffer.fill(Rect(x: -2, y: 1, width: 10, height: 10), style: Style(attributes: .reverse))
        XCTAssertEqual(buffer[0, 0].style, .plain)
        XCTAssertEqual(buffer[2, 1].style.attributes, .reverse)
    }
}

/// `put(_ text:)` places glyphs as it scans, without making the glyph array: it must draw exactly what drawing
/// `TextWidth.glyphs(of:)` draws, for every kind of text and every cut.
final class ScreenBufferStreamingPutTests: XCTestCase {
    func testTextDrawsAsItsGlyphsDo() {
        let texts = ["plain ascii", "\u{301}mark first", "tab\there", "ctl\u{1B}[2J\u{7}\u{85}", "bidi\u{202E}x\u{2066}",
                     "漢字かな", "a漢b", "e\u{301}\u{302}\u{303}\u{304}\u{305}\u{306}\u{307}", "👨\u{200D}👩\u{200D}👧",
                     "👍\u{1F3FD} ok", "│─╭╮▌█░…↓·", "◽◾", "\r\nline", "", "\u{200B}", "x\u{FE0F}"]
        for text in texts {
            for x in [-3, -1, 0, 2] {
                for limit in [nil, 1, 3, 4, 7, 20] as [Int?] {
                    var streamed = ScreenBuffer(size: Size(width: 12, height: 1))
                    var viaGlyphs = ScreenBuffer(size: Size(width: 12, height: 1))
                    streamed.put("#############", x: 0, y: 0, style: .plain)
                    viaGlyphs.put(TextWidth.glyphs(of: "#############"), x: 0, y: 0, style: .plain)
                    let end = streamed.put(text, x: x, y: 0, style: Style(foreground: .ansi(2)), limit: limit)
                    let expectedEnd = viaGlyphs.put(TextWidth.glyphs(of: text), x: x, y: 0, style: Style(foreground: .ansi(2)),
                                                    limit: limit)
                    XCTAssertEqual(end, expectedEnd, "\(text) at \(x), limit \(String(describing: limit))")
                    XCTAssertEqual(streamed, viaGlyphs, "\(text) at \(x), limit \(String(describing: limit))")
                }
            }
        }
    }
}

/// `lines()` joins each row's cells and drops trailing space characters, exactly as joining the cells' text as
/// strings and trimming with `hasSuffix(" ")` does.
final class ScreenBufferLinesTests: XCTestCase {
    private func reference(_ buffer: ScreenBuffer) -> [String] {
        (0..<buffer.size.height).map { row in
            var text = ""
            for x in 0..<buffer.size.width where !buffer[x, row].isContinuation { text += buffer[x, row].text }
            while text.hasSuffix(" ") { text.removeLast() }
            return text
        }
    }

    func testRowsAreTheCellsTextWithTrailingSpacesDropped() {
        var buffer = ScreenBuffer(size: Size(width: 10, height: 8))
        buffer.put("ab  c", x: 0, y: 0, style: .plain)
        buffer.put("漢字 ", x: 1, y: 1, style: .plain)
        buffer.put("e\u{301}", x: 0, y: 2, style: .plain)
        buffer.put("\u{600}", x: 0, y: 3, style: .plain)     // a prepended mark takes the space after it along
        buffer.put("\u{301}", x: 3, y: 4, style: .plain)     // a mark alone rides on a space
        buffer.put("1234567890123456", x: 0, y: 5, style: .plain)
        buffer.put("👨\u{200D}👩\u{200D}👧", x: 0, y: 6, style: .plain)
        buffer.put("│", x: 4, y: 7, style: .plain)
        XCTAssertEqual(buffer.lines(), reference(buffer))
        XCTAssertEqual(buffer.lines()[0], "ab  c")
        XCTAssertEqual(buffer.lines()[1], " 漢字")
        XCTAssertEqual(buffer.lines()[3], "\u{600} ")
        XCTAssertEqual(buffer.lines()[7], "    │")
        XCTAssertEqual(buffer.text, reference(buffer).joined(separator: "\n"))
    }
}
