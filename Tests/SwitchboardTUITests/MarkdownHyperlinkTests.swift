import XCTest
@testable import SwitchboardTUI

/// Links in a reply reach the screen buffer as cells that carry their URL (the driver turns those into OSC 8
/// hyperlinks where the terminal supports them): the label and the dimmed URL, across a wrap too; text around them
/// and an unsafe URL carry none.
final class MarkdownHyperlinkTests: XCTestCase {
    private func screen(_ markdown: String, width: Int, height: Int = 3) -> ScreenBuffer {
        var screen = ScreenBuffer(size: Size(width: width, height: height))
        let lines = MarkdownRenderer(styles: MarkdownStyles()).render(markdown, width: width).0
        for (y, line) in lines.prefix(height).enumerated() { screen.put(line, x: 0, y: y, width: width) }
        return screen
    }

    /// Each row's cells as (text, URL or "-").
    private func links(_ screen: ScreenBuffer, row: Int) -> String {
        (0..<screen.size.width).map { screen[$0, row] }.filter { !$0.isContinuation }
            .map { $0.style.link == nil ? "-" : "L" }.joined()
    }

    func testTheLabelAndTheURLCellsCarryTheLink() {
        let screen = screen("see [docs](https://x.dev) now", width: 40)
        XCTAssertEqual(screen.lines()[0], "see docs ‹https://x.dev› now")
        XCTAssertEqual(links(screen, row: 0), "----LLLL--LLLLLLLLLLLLL-----------------")
        XCTAssertEqual(screen[4, 0].style.link?.url, "https://x.dev")
        XCTAssertEqual(screen[10, 0].style.link?.url, "https://x.dev")
        XCTAssertTrue(screen[4, 0].style.attributes.contains(.underline), "still drawn as a link")
    }

    func testAWrappedLinkKeepsItsURLOnTheNextRow() {
        let screen = screen("a [long label here](https://x.dev/y)", width: 12)
        XCTAssertEqual(screen.lines()[0], "a long label")
        XCTAssertTrue(screen.lines()[1].hasPrefix("here ‹https:"), screen.lines()[1])
        XCTAssertEqual(screen[2, 0].style.link?.url, "https://x.dev/y")
        XCTAssertEqual(screen[0, 1].style.link?.url, "https://x.dev/y")
        XCTAssertNil(screen[0, 0].style.link)
    }

    func testAnUnsafeURLIsShownButIsNoLink() {
        let screen = screen("[x](javascript:alert(1)) [y](https://ok.dev/\u{7F})", width: 60)
        XCTAssertTrue(screen.lines()[0].hasPrefix("x ‹javascript:alert(1"), screen.lines()[0])
        XCTAssertTrue((0..<60).allSatisfy { screen[$0, 0].style.link == nil })
    }

    func testLinksInTheConversationPaneReachTheScreen() {
        var state = Fixtures.state(width: 90, height: 20)
        _ = Fixtures.completeTurn("q", answer: "read [the guide](https://x.dev/guide) first", &state)
        let buffer = WorkbenchView.render(state)
        let linked = buffer.cells.filter { $0.style.link?.url == "https://x.dev/guide" }.map(\.text).joined()
        XCTAssertEqual(linked, "the guidehttps://x.dev/guide")
    }
}
