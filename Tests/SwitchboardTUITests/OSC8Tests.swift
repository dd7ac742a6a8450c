import XCTest
@testable import SwitchboardTUI

/// The exact bytes the curses driver writes after a frame to make link cells hyperlinks: the cursor saved, the
/// cells printed again with their colours inside `ESC ] 8 ; ; URL ESC \` … `ESC ] 8 ; ; ESC \`, the cursor restored.
final class OSC8Tests: XCTestCase {
    let esc = "\u{1B}"
    let link = Style(foreground: .ansi(4), attributes: .underline, link: Hyperlink("https://x.dev"))

    private func frame(_ width: Int = 10, _ height: Int = 2, _ draw: (inout ScreenBuffer) -> Void) -> ScreenBuffer {
        var screen = ScreenBuffer(size: Size(width: width, height: height))
        draw(&screen)
        return screen
    }

    private func repaint(_ frame: ScreenBuffer, previous: ScreenBuffer? = nil, visible: Size? = nil,
                         depth: ColorDepth = .full256) -> String {
        OSC8.repaint(frame, previous: previous, visible: visible ?? frame.size, depth: depth)
    }

    func testOpenAndCloseAreTheOSC8Sequences() throws {
        XCTAssertEqual(OSC8.open(try XCTUnwrap(Hyperlink("https://x.dev/a?b=1"))), "\(esc)]8;;https://x.dev/a?b=1\(esc)\\")
        XCTAssertEqual(OSC8.close, "\(esc)]8;;\(esc)\\")
    }

    func testALinkIsPrintedAgainInsideTheSequenceWithItsColours() {
        let screen = frame { screen in
            screen.put("ab", x: 0, y: 0, style: .plain)
            screen.put("cd", x: 2, y: 0, style: link)
            screen.put("e", x: 4, y: 0, style: .plain)
            screen.put("no links here", x: 0, y: 1, style: .plain)
        }
        XCTAssertEqual(repaint(screen),
                       "\(esc)7\(esc)[1;3H\(esc)]8;;https://x.dev\(esc)\\\(esc)[0;4;34mcd\(esc)]8;;\(esc)\\\(esc)8")
    }

    func testOnlyChangedRowsWithALinkAreWrittenAgain() {
        let before = frame { screen in
            screen.put("ab", x: 0, y: 0, style: .plain)
            screen.put("cd", x: 2, y: 0, style: link)
            screen.put("old", x: 0, y: 1, style: .plain)
        }
        XCTAssertEqual(repaint(before, previous: before), "", "nothing changed: the terminal still has the links")
        var plainRowChanged = before
        plainRowChanged.put("new", x: 0, y: 1, style: .plain)
        XCTAssertEqual(repaint(plainRowChanged, previous: before), "", "a changed row without links needs nothing")
        var linkRowChanged = before
        linkRowChanged.put("x", x: 8, y: 0, style: .plain)
        XCTAssertEqual(repaint(linkRowChanged, previous: before),
                       "\(esc)7\(esc)[1;3H\(esc)]8;;https://x.dev\(esc)\\\(esc)[0;4;34mcd\(esc)]8;;\(esc)\\\(esc)8",
                       "curses may have rewritten the link's cells while updating its row")
    }

    func testALinkThatWentAwayIsPrintedPlain() {
        let before = frame { $0.put("cd", x: 2, y: 0, style: link) }
        let after = frame { $0.put("cd", x: 2, y: 0, style: Style(foreground: .ansi(4), attributes: .underline)) }
        XCTAssertEqual(repaint(after, previous: before), "\(esc)7\(esc)[1;3H\(esc)[0;4;34mcd\(esc)8")
    }

    func testNeighbouringLinksAndTextBetweenThem() throws {
        let other = Style(link: try XCTUnwrap(Hyperlink("mailto:a@b.c")))
        let screen = frame(12, 1) { screen in
            screen.put("ab", x: 1, y: 0, style: link)
            screen.put("cd", x: 3, y: 0, style: other)
            screen.put(" ", x: 5, y: 0, style: .plain)
            screen.put("ef", x: 6, y: 0, style: link)
        }
        XCTAssertEqual(repaint(screen), "\(esc)7\(esc)[1;2H"
                       + "\(esc)]8;;https://x.dev\(esc)\\\(esc)[0;4;34mab"
                       + "\(esc)]8;;\(esc)\\\(esc)]8;;mailto:a@b.c\(esc)\\\(esc)[0mcd"
                       + "\(esc)]8;;\(esc)\\ "
                       + "\(esc)]8;;https://x.dev\(esc)\\\(esc)[0;4;34mef\(esc)]8;;\(esc)\\\(esc)8")
    }

    func testWideGlyphsArePrintedOnceAndOneThatDoesNotFitEndsTheRow() {
        let screen = frame(5, 1) { $0.put("日本語", x: 0, y: 0, style: link) }
        XCTAssertEqual(screen.lines(), ["日本"], "the buffer draws a space for the glyph that does not fit")
        XCTAssertEqual(repaint(screen), "\(esc)7\(esc)[1;1H\(esc)]8;;https://x.dev\(esc)\\\(esc)[0;4;34m日本 "
                       + "\(esc)]8;;\(esc)\\\(esc)8")
        let wide = frame(4, 1) { $0.put("日本", x: 0, y: 0, style: link) }
        XCTAssertEqual(repaint(wide, visible: Size(width: 3, height: 1)),
                       "\(esc)7\(esc)[1;1H\(esc)]8;;https://x.dev\(esc)\\\(esc)[0;4;34m日\(esc)]8;;\(esc)\\\(esc)8",
                       "curses does not draw a wide glyph cut by the screen's edge either")
    }

    func testRowsOutsideTheTerminalAreLeftAlone() {
        let screen = frame(10, 3) { $0.put("cd", x: 2, y: 2, style: link) }
        XCTAssertEqual(repaint(screen, visible: Size(width: 10, height: 2)), "")
        XCTAssertEqual(repaint(screen, visible: Size(width: 2, height: 3)), "")
        XCTAssertTrue(repaint(screen).hasPrefix("\(esc)7\(esc)[3;3H"))
    }

    func testAFrameOfAnotherSizeIsWrittenWhole() {
        let before = frame(8, 1) { $0.put("cd", x: 2, y: 0, style: link) }
        let after = frame(10, 1) { $0.put("cd", x: 2, y: 0, style: link) }
        XCTAssertFalse(repaint(after, previous: before).isEmpty, "a resize repaints everything: links too")
    }

    func testColoursAreWrittenAsCursesWritesThem() {
        func sgr(_ style: Style, _ depth: ColorDepth = .full256) -> String { OSC8.graphicRendition(style, depth: depth) }
        XCTAssertEqual(sgr(.plain), "\(esc)[0m")
        XCTAssertEqual(sgr(Style(foreground: .ansi(1), background: .ansi(4))), "\(esc)[0;31;44m")
        XCTAssertEqual(sgr(Style(foreground: .ansi(9), background: .ansi(12))), "\(esc)[0;91;104m")
        XCTAssertEqual(sgr(Style(foreground: .indexed(200), background: .indexed(17))), "\(esc)[0;38;5;200;48;5;17m")
        XCTAssertEqual(sgr(Style(foreground: .rgb(255, 0, 0))), "\(esc)[0;38;5;196m")
        XCTAssertEqual(sgr(Style(foreground: .ansi(9)), .eight), "\(esc)[0;31m")
        XCTAssertEqual(sgr(Style(foreground: .ansi(9), attributes: [.bold, .italic, .reverse]), .monochrome), "\(esc)[0;1;3;7m")
        XCTAssertEqual(sgr(Style(attributes: [.strikethrough, .underline])), "\(esc)[0;2;4m", "struck is dim, as curses draws it")
    }

    func testNothingInACellReachesTheTerminalAsACommand() {
        XCTAssertEqual(OSC8.printable("a\u{1B}b\u{07}\u{9B}"), "a b  ")
        XCTAssertEqual(OSC8.printable(""), " ")
        XCTAssertEqual(OSC8.printable("e\u{301}"), "e\u{301}", "combining marks stay")
    }

    func testAnUnsafeURLFromAReplyNeverReachesTheTerminal() {
        let renderer = MarkdownRenderer(styles: MarkdownStyles())
        let evil = "[click](https://e.vil/\u{1B}\\\u{1B}]52;c;aGk=\u{07}) and [ok](https://ok.dev)"
        var screen = ScreenBuffer(size: Size(width: 80, height: 2))
        for (y, line) in renderer.render(evil, width: 80).0.prefix(2).enumerated() { screen.put(line, x: 0, y: y, width: 80) }
        let bytes = repaint(screen)
        XCTAssertTrue(bytes.contains("\(esc)]8;;https://ok.dev\(esc)\\"), bytes)
        XCTAssertFalse(bytes.contains("e.vil"), "the unsafe link is no link")
        XCTAssertFalse(bytes.contains("]52"), bytes)
        XCTAssertEqual(bytes.components(separatedBy: "\(esc)]8;;https://ok.dev\(esc)\\").count - 1, 2, "its label and its URL")
        XCTAssertEqual(bytes.components(separatedBy: "\(esc)]8;;").count - 1, 4, "each opened and closed, nothing else")
    }
}
