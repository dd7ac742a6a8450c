import XCTest
@testable import SwitchboardTUI

/// Task lists, strike-through, links and highlighted code blocks, with the styles each part is drawn in.
final class MarkdownRendererGFMTests: XCTestCase {
    let styles = MarkdownStyles(strikethrough: Style(foreground: .ansi(8), attributes: .strikethrough),
                                codeBlock: Style(background: .ansi(0)), codeNumber: Style(foreground: .ansi(8)),
                                link: Style(foreground: .ansi(4), attributes: .underline), url: Style(foreground: .ansi(8)),
                                task: Style(foreground: .ansi(6)),
                                syntax: SyntaxStyles(keyword: Style(foreground: .ansi(5), attributes: .bold),
                                                     string: Style(foreground: .ansi(2)),
                                                     comment: Style(foreground: .ansi(8), attributes: .italic),
                                                     number: Style(foreground: .ansi(3))))
    var renderer: MarkdownRenderer { MarkdownRenderer(styles: styles) }

    private func render(_ text: String, width: Int = 40) -> [StyledLine] {
        renderer.render(text, width: width).0
    }

    private func runs(_ line: StyledLine) -> [(String, Style)] {
        line.runs.map { ($0.text, $0.style) }
    }

    func testTaskListsShowBoxesInsteadOfBullets() {
        let lines = render("- [ ] write tests\n- [x] ship\n1. [X] first\n- [link](x) stays\n- [ ]", width: 30)
        XCTAssertEqual(lines.map(\.text), ["☐ write tests", "☑ ship", "1. ☑ first", "• link ‹x› stays", "☐ "])
        XCTAssertEqual(lines[0].runs.first { $0.text == "☐" }?.style, styles.task)
    }

    func testTaskItemsWrapUnderTheirText() {
        XCTAssertEqual(render("- [x] a long task that wraps", width: 14).map(\.text), ["☑ a long task", "  that wraps"])
    }

    func testStrikethroughDropsItsMarkersAndUsesItsStyle() {
        let line = render("a ~~gone~~ b")[0]
        XCTAssertEqual(line.text, "a gone b")
        XCTAssertEqual(line.runs.first { $0.text == "gone" }?.style, styles.strikethrough)
        XCTAssertTrue(line.runs.first { $0.text == "gone" }?.style.attributes.contains(.strikethrough) == true)
        XCTAssertEqual(line.runs.first { $0.text.hasPrefix("a") }?.style, .plain)
    }

    func testTildesThatDoNotPairStayLiteral() {
        XCTAssertEqual(render("~~open")[0].text, "~~open")
        XCTAssertEqual(render("about ~5 ms, ~ 6")[0].text, "about ~5 ms, ~ 6")
        XCTAssertEqual(render("x ~~ y ~~")[0].text, "x ~~ y ~~")
    }

    func testLinksShowTheirTextAndTheURLDimmedAfterIt() {
        let line = render("see [docs](https://x.dev) now")[0]
        XCTAssertEqual(line.text, "see docs ‹https://x.dev› now")
        let link = Hyperlink("https://x.dev")
        XCTAssertNotNil(link)
        XCTAssertEqual(line.runs.first { $0.text == "docs" }?.style, Style(foreground: .ansi(4), attributes: .underline, link: link))
        XCTAssertEqual(line.runs.first { $0.text == "https://x.dev" }?.style, Style(foreground: .ansi(8), link: link),
                       "the URL is dimmed and a link too")
        XCTAssertEqual(line.runs.filter { $0.text == " ‹" || $0.text == "›" }.map(\.style), [styles.url, styles.url])
    }

    func testAURLWithControlCharactersIsDrawnHarmlessly() {
        let lines = render("[x](https://e.vil/\u{1B}]8;;)")
        var screen = ScreenBuffer(size: Size(width: 40, height: 1))
        screen.put(lines[0], x: 0, y: 0, width: 40)
        XCTAssertFalse(screen.cells.contains { $0.text.unicodeScalars.contains { $0.value == 0x1B } })
    }

    func testCodeBlocksAreHighlightedInTheThemesSyntaxColours() {
        let lines = render("```swift\nlet n = \"s\" + 1 // one\n```")
        let block = styles.codeBlock
        let gutter = styles.codeNumber.over(block)
        XCTAssertEqual(lines[1].text, "  1 │ let n = \"s\" + 1 // one")
        let expected: [(String, Style)] = [
            ("  1 │ ", gutter), ("let", styles.syntax.keyword.over(block)), (" n = ", block),
            ("\"s\"", styles.syntax.string.over(block)), (" + ", block), ("1", styles.syntax.number.over(block)),
            (" ", block), ("// one", styles.syntax.comment.over(block)),
        ]
        XCTAssertEqual(runs(lines[1]).map(\.0), expected.map(\.0))
        XCTAssertEqual(runs(lines[1]).map(\.1), expected.map(\.1))
        XCTAssertEqual(lines[1].fill, block)
    }

    func testABlockCommentStaysACommentOnTheNextLines() {
        let lines = render("```c\nint a; /* one\ntwo */ int b;\n```")
        XCTAssertEqual(lines[2].runs.map(\.text), ["  2 │ ", "two */", " ", "int", " b;"])
        XCTAssertEqual(lines[2].runs[1].style, styles.syntax.comment.over(styles.codeBlock))
        XCTAssertEqual(lines[2].runs[3].style, styles.syntax.keyword.over(styles.codeBlock))
    }

    func testCodeInAnUnknownLanguageIsOneRun() {
        let lines = render("```text\nlet x = 1 // no\n```")
        XCTAssertEqual(runs(lines[1]).map(\.0), ["  1 │ ", "let x = 1 // no"])
        XCTAssertEqual(lines[1].runs[1].style, styles.codeBlock)
    }

    func testHighlightedLongLinesStillWrapUnderTheGutter() {
        let lines = render("```python\nreturn value_one + value_two\n```", width: 20)
        XCTAssertEqual(lines.map(\.text), [" python  #1", "  1 │ return", "    │ value_one +", "    │ value_two"])
        XCTAssertEqual(lines[1].runs.last?.style, styles.syntax.keyword.over(styles.codeBlock))
    }
}
