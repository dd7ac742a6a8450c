import XCTest
@testable import SwitchboardTUI

/// Plain text between markup goes into a run in one piece; the runs are the same as character by character:
/// every marker still acts, literal ones stay as typed, and neighbouring text of one style is one run.
final class MarkdownInlinePlainSpanTests: XCTestCase {
    func testRunsAroundEveryKindOfMarker() {
        let styles = Theme.builtinDefault.markdown
        let base = styles.text
        let inline = MarkdownInline(styles: styles)
        let runs = inline.runs("plain **bold** and *em*, `code` \\* esc a\\b ~one~ ~~gone~~ 2*3 snake_case [a](https://x.dev) end",
                               base: base)
        XCTAssertEqual(runs.map(\.text), ["plain ", "bold", " and ", "em", ", ", "code", " * esc a\\b ~one~ ", "gone",
                                          " 2*3 snake_case ", "a", " ‹", "https://x.dev", "›", " end"])
        XCTAssertEqual(runs[0].style, base)
        XCTAssertEqual(runs[1].style, styles.strong.over(base))
        XCTAssertEqual(runs[3].style, styles.emphasis.over(base))
        XCTAssertEqual(runs[5].style, styles.inlineCode.over(base))
        XCTAssertEqual(runs[6].style, base)
        XCTAssertEqual(runs[7].style, styles.strikethrough.over(base))
        XCTAssertEqual(runs.last?.style, base)
        XCTAssertEqual(inline.runs("no markup at all, 京都 · é", base: base).map(\.text), ["no markup at all, 京都 · é"])
        XCTAssertEqual(inline.runs("**open", base: base).map(\.text), ["**open"])
        XCTAssertEqual(inline.runs("", base: base).count, 0)
    }
}
