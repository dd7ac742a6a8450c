import XCTest
@testable import SwitchboardTUI

/// Tables, task lists and highlighted code while a reply streams: the same rows as rendering the whole text at
/// once, whatever the pieces (a cell whose `**` closes late is wider while it streams than when it is done).
final class IncrementalMarkdownTableTests: XCTestCase {
    let renderer = MarkdownRenderer(styles: MarkdownStyles(syntax: SyntaxStyles(keyword: Style(foreground: .ansi(5)),
                                                                                 comment: Style(foreground: .ansi(8)))))

    static let table = """
        | model | ttft ms | tok/s |
        |:------|--------:|:-----:|
        | gpt-4o | 312 | 88.5 |
        | claude-haiku | 95 | 140 |
        | 語のモデル | 1200 | 9 |
        | **gemini-flash-long** | 210 | 190 |
        | x | 1 | 2 |
        """

    static let sample = """
        Intro with ~~old~~ new text and a [link](https://x.dev).

        \(table)

        - [x] done
        - [ ] open
        ```go
        /* a comment
           over lines */
        func main() { s := `raw
        string` }
        ```
        a | b but no table
        """

    private func streamed(_ text: String, step: Int, width: Int) -> IncrementalMarkdown {
        var incremental = IncrementalMarkdown(renderer: renderer, width: width)
        var sofar = ""
        var index = text.startIndex
        while index < text.endIndex {
            let end = text.index(index, offsetBy: step, limitedBy: text.endIndex) ?? text.endIndex
            sofar += text[index..<end]
            incremental.update(to: sofar)
            index = end
        }
        return incremental
    }

    func testATableFedTokenByTokenEndsAsTheOneShotRender() {
        for width in [60, 30, 18] {
            let whole = renderer.render(Self.table, width: width).0
            XCTAssertEqual(whole.first?.text.first, "┌", "width \(width)")
            for step in [1, 2, 5] {
                XCTAssertEqual(streamed(Self.table, step: step, width: width).lines, whole, "width \(width) step \(step)")
            }
        }
    }

    func testAReplyWithEveryBlockKindStreamsToTheOneShotRender() {
        for width in [80, 24] {
            let whole = renderer.render(Self.sample, width: width).0
            for step in [1, 3, 7] {
                XCTAssertEqual(streamed(Self.sample, step: step, width: width).lines, whole, "width \(width) step \(step)")
            }
        }
    }

    func testASecondTableWithTheSameHeaderArrivingAtOnceIsDrawnFromItsOwnRows() {
        let first = "| a | b |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |\n| 5 | 6 |"
        let text = first + "\n\n| a | b |\n|---|---|\n| 7 | 8 |\n| 9 | 0 |\n| x | y |\n| z | w |"
        var incremental = IncrementalMarkdown(renderer: renderer, width: 40)
        incremental.update(to: first)
        incremental.update(to: text)
        XCTAssertEqual(incremental.lines, renderer.render(text, width: 40).0)
    }

    func testTheOpenTableIsDrawnWithTheRowsSoFar() {
        var incremental = IncrementalMarkdown(renderer: renderer, width: 40)
        incremental.update(to: "Text\n| a | b |\n|---|---|\n| 1 | 2")
        XCTAssertEqual(incremental.lines.map(\.text), ["Text", "┌───┬───┐", "│ a │ b │", "├───┼───┤", "│ 1 │ 2 │", "└───┴───┘"])
        incremental.update(to: "Text\n| a | b |\n|---|---|\n| 1 | 2 |\n| 333 | 4 |\n")
        XCTAssertEqual(incremental.lines.map(\.text), [
            "Text", "┌─────┬───┐", "│ a   │ b │", "├─────┼───┤", "│ 1   │ 2 │", "│ 333 │ 4 │", "└─────┴───┘",
        ])
    }

    func testAHeaderLineShowsAsTextUntilTheDelimiterRowArrives() {
        var incremental = IncrementalMarkdown(renderer: renderer, width: 40)
        incremental.update(to: "| a | b |\n")
        XCTAssertEqual(incremental.lines.map(\.text), ["| a | b |"])
        incremental.update(to: "| a | b |\n|---|---|\n")
        XCTAssertEqual(incremental.lines.map(\.text), ["┌───┬───┐", "│ a │ b │", "├───┼───┤", "└───┴───┘"])
    }

    func testLinesBeforeAnOpenTableAreKeptWhileItGrows() {
        var incremental = IncrementalMarkdown(renderer: renderer, width: 40)
        var text = "# Title\n\nSome text.\n\n| a | b |\n|---|---|\n"
        incremental.update(to: text)
        let before = Array(incremental.lines.prefix(4))
        for row in 0..<20 {
            text += "| \(row) | \(String(repeating: "x", count: row)) |\n"
            incremental.update(to: text)
            XCTAssertEqual(Array(incremental.lines.prefix(4)), before)
        }
        XCTAssertEqual(incremental.lines.count, 4 + 4 + 20)
    }
}
