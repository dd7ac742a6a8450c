import XCTest
@testable import SwitchboardTUI

final class MarkdownRendererTests: XCTestCase {
    let styles = MarkdownStyles(codeBlock: Style(background: .ansi(0)), heading: Style(foreground: .ansi(6), attributes: .bold))
    var renderer: MarkdownRenderer { MarkdownRenderer(styles: styles) }

    private func render(_ text: String, width: Int = 40) -> [StyledLine] {
        renderer.render(text, width: width).0
    }

    func testHeadingsDropTheirMarksAndUseTheHeadingStyle() {
        let lines = render("# Title\n## Sub")
        XCTAssertEqual(lines.map(\.text), ["Title", "Sub"])
        XCTAssertTrue(lines[0].runs[0].style.attributes.contains(.underline))
        XCTAssertEqual(lines[1].runs[0].style.foreground, .ansi(6))
        XCTAssertTrue(lines[1].runs[0].style.attributes.contains(.bold))
    }

    func testEmphasisAndInlineCodeAreStyledWithoutMarkers() {
        let line = render("a **bold** and *it* and `code`")[0]
        XCTAssertEqual(line.text, "a bold and it and code")
        let styleOf = { (word: String) in line.runs.first { $0.text.contains(word) }?.style }
        XCTAssertEqual(styleOf("bold")?.attributes.contains(.bold), true)
        XCTAssertEqual(styleOf("it")?.attributes.contains(.italic), true)
        XCTAssertEqual(styleOf("code")?.attributes.contains(.reverse), true)
    }

    func testFencedCodeBlockHasLabelNumbersAndItsOwnBackground() {
        let lines = render("Before\n```swift\nlet a = 1\nlet b = 2\n```\nAfter")
        XCTAssertEqual(lines.map(\.text), ["Before", " swift  #1", "  1 │ let a = 1", "  2 │ let b = 2", "After"])
        for line in lines[1...3] { XCTAssertEqual(line.fill?.background, .ansi(0)) }
        XCTAssertNil(lines[4].fill)
    }

    func testCodeBlocksAreNumberedFromTheGivenStart() {
        let (lines, state) = renderer.render("```\na\n```\n```py\nb\n```", width: 30, state: MarkdownBlockState(nextCodeBlock: 4))
        XCTAssertEqual(lines.filter { $0.fill != nil && $0.text.contains("#") }.map(\.text), [" code  #4", " py  #5"])
        XCTAssertEqual(state.nextCodeBlock, 6)
    }

    func testCodeIsNotParsedAsMarkdown() {
        let lines = render("```\n# not a heading **x**\n```")
        XCTAssertEqual(lines[1].text, "  1 │ # not a heading **x**")
    }

    func testLongCodeLinesWrapUnderTheGutter() {
        let lines = render("```\nalpha beta gamma delta\n```", width: 17)
        XCTAssertEqual(lines.map(\.text), [" code  #1", "  1 │ alpha beta", "    │ gamma delta"])
    }

    func testListsGetBulletsAndHangingIndents() {
        let lines = render("- first item that wraps\n  - nested\n1. one", width: 16)
        XCTAssertEqual(lines.map(\.text), ["• first item", "  that wraps", "  • nested", "1. one"])
    }

    func testQuotesGetABarOnEveryLine() {
        let lines = render("> quoted words that wrap", width: 14)
        XCTAssertEqual(lines.map(\.text), ["▌ quoted words", "▌ that wrap"])
    }

    func testRulesSpanTheWidth() {
        XCTAssertEqual(render("---", width: 5).map(\.text), ["─────"])
    }

    func testLinksShowTheirTarget() {
        XCTAssertEqual(render("see [docs](https://x.dev)")[0].text, "see docs ‹https://x.dev›")
    }

    func testUnclosedMarkersStayLiteral() {
        XCTAssertEqual(render("a **bold start")[0].text, "a **bold start")
        XCTAssertEqual(render("2 * 3 * 4")[0].text, "2 * 3 * 4")
        XCTAssertEqual(render("snake_case_name")[0].text, "snake_case_name")
    }

    func testWideCharactersWrapByColumns() {
        let lines = render("日本語のテキストです", width: 8)
        XCTAssertEqual(lines.map(\.text), ["日本語の", "テキスト", "です"])
    }

    func testUnterminatedFenceKeepsRenderingCode() {
        let lines = render("```js\nconsole.log(1)")
        XCTAssertEqual(lines.map(\.text), [" js  #1", "  1 │ console.log(1)"])
    }
}
