import XCTest
@testable import SwitchboardTUI

/// GFM tables drawn as boxes that fit the pane: exact rows for every way a table can be laid out.
final class MarkdownTableTests: XCTestCase {
    let styles = MarkdownStyles(tableBorder: Style(foreground: .ansi(8)), tableHeader: Style(foreground: .ansi(6), attributes: .bold))
    var renderer: MarkdownRenderer { MarkdownRenderer(styles: styles) }

    private func render(_ text: String, width: Int) -> [StyledLine] {
        renderer.render(text, width: width).0
    }

    let models = """
        | model | ttft ms | tok/s |
        |:------|--------:|:-----:|
        | gpt-4o | 312 | 88.5 |
        | haiku | 95 | 140 |
        """

    let greek = """
        | name | description |
        |---|---|
        | alpha | the first letter of the Greek alphabet |
        | beta | second |
        """

    func testATableThatFitsIsAsWideAsItsCellsAndHonoursAlignment() {
        XCTAssertEqual(render(models, width: 40).map(\.text), [
            "┌────────┬─────────┬───────┐",
            "│ model  │ ttft ms │ tok/s │",
            "├────────┼─────────┼───────┤",
            "│ gpt-4o │     312 │ 88.5  │",
            "│ haiku  │      95 │  140  │",
            "└────────┴─────────┴───────┘",
        ])
    }

    func testHeaderAndBordersUseTheirStyles() {
        let lines = render(models, width: 40)
        XCTAssertEqual(lines[0].runs.map(\.style), [styles.tableBorder])
        let header = lines[1].runs
        XCTAssertEqual(header.first { $0.text.contains("model") }?.style, styles.tableHeader)
        XCTAssertEqual(header.first { $0.text.contains("│") }?.style, styles.tableBorder)
        XCTAssertEqual(lines[3].runs.first { $0.text.contains("gpt-4o") }?.style, .plain)
    }

    func testATooWideTableWrapsItsWidestColumnAndRulesOffWrappedRows() {
        XCTAssertEqual(render(greek, width: 30).map(\.text), [
            "┌───────┬────────────────────┐",
            "│ name  │ description        │",
            "├───────┼────────────────────┤",
            "│ alpha │ the first letter   │",
            "│       │ of the Greek       │",
            "│       │ alphabet           │",
            "├───────┼────────────────────┤",
            "│ beta  │ second             │",
            "└───────┴────────────────────┘",
        ])
    }

    func testColumnsKeepTheirLongestWordWhenThereIsRoom() {
        let text = """
            | model | ttft ms | notes |
            |---|--:|---|
            | gpt-4o-mini | 312 | fast and cheap, good for summaries |
            """
        XCTAssertEqual(render(text, width: 40).map(\.text), [
            "┌─────────────┬─────────┬──────────────┐",
            "│ model       │ ttft ms │ notes        │",
            "├─────────────┼─────────┼──────────────┤",
            "│ gpt-4o-mini │     312 │ fast and     │",
            "│             │         │ cheap, good  │",
            "│             │         │ for          │",
            "│             │         │ summaries    │",
            "└─────────────┴─────────┴──────────────┘",
        ])
    }

    func testAVeryNarrowPaneCutsCellsWithAnEllipsis() {
        XCTAssertEqual(render(greek, width: 14).map(\.text), [
            "┌──────┬─────┐",
            "│ name │ de… │",
            "├──────┼─────┤",
            "│ alp… │ th… │",
            "│ beta │ se… │",
            "└──────┴─────┘",
        ])
    }

    let cjk = """
        | 語 | meaning |
        |----|---------|
        | 日本語 | Japanese |
        | 中文 | Chinese |
        """

    func testWideCharactersCountTwoColumnsOnScreen() {
        let lines = render(cjk, width: 40)
        var screen = ScreenBuffer(size: Size(width: 30, height: lines.count))
        for (row, line) in lines.enumerated() { screen.put(line, x: 0, y: row, width: 30) }
        XCTAssertEqual(screen.lines(), [
            "┌────────┬──────────┐",
            "│ 語     │ meaning  │",
            "├────────┼──────────┤",
            "│ 日本語 │ Japanese │",
            "│ 中文   │ Chinese  │",
            "└────────┴──────────┘",
        ])
        XCTAssertEqual(Set(lines.map(\.width)), [21])
    }

    func testWideCharactersAreCutWhole() {
        XCTAssertEqual(render(cjk, width: 16).map(\.text), [
            "┌───────┬──────┐",
            "│ 語    │ mea… │",
            "├───────┼──────┤",
            "│ 日本… │ Jap… │",
            "│ 中文  │ Chi… │",
            "└───────┴──────┘",
        ])
        XCTAssertEqual(Set(render(cjk, width: 16).map(\.width)), [16])
    }

    func testWideCharactersWrapByColumns() {
        let text = "| a | b |\n|---|---|\n| x | 日本語のテキストです |"
        XCTAssertEqual(render(text, width: 20).map(\.text), [
            "┌───┬──────────────┐",
            "│ a │ b            │",
            "├───┼──────────────┤",
            "│ x │ 日本語のテキ │",
            "│   │ ストです     │",
            "└───┴──────────────┘",
        ])
    }

    func testCellsKeepInlineMarkdownAndEscapedPipes() {
        let lines = render("| k | v |\n|---|---|\n| **b** | a \\| b |", width: 40)
        XCTAssertEqual(lines.map(\.text)[3], "│ b │ a | b │")
        XCTAssertEqual(lines[3].runs.first { $0.text == "b" }?.style.attributes.contains(.bold), true)
    }

    func testControlCharactersInCellsNeverReachTheScreen() {
        let lines = render("| a | b |\n|---|---|\n| \u{1B}[31mred | \u{1B}]8;;x\u{07} |", width: 40)
        var screen = ScreenBuffer(size: Size(width: 40, height: lines.count))
        for (row, line) in lines.enumerated() { screen.put(line, x: 0, y: row, width: 40) }
        XCTAssertFalse(screen.cells.contains { $0.text.unicodeScalars.contains { $0.value < 0x20 } })
        XCTAssertTrue(screen.lines()[3].contains("[31mred"), screen.lines()[3])
        XCTAssertEqual(Set(lines.map(\.width)).count, 1, "rows stay aligned")
    }

    func testRowsArePaddedOrCutToTheHeadersCellCount() {
        XCTAssertEqual(render("| a | b |\n|---|---|\n| 1 |\n| 1 | 2 | 3 |", width: 40).map(\.text), [
            "┌───┬───┐",
            "│ a │ b │",
            "├───┼───┤",
            "│ 1 │   │",
            "│ 1 │ 2 │",
            "└───┴───┘",
        ])
    }

    func testATableEndsAtALineWithoutPipesAndTextAroundItStays() {
        XCTAssertEqual(render("Before\n| a |\n| - |\n| 1 |\n\nAfter", width: 40).map(\.text), [
            "Before", "┌───┐", "│ a │", "├───┤", "│ 1 │", "└───┘", "", "After",
        ])
        XCTAssertEqual(render("| a | b |\n|---|---|\n| 1 | 2 |\nnext", width: 40).map(\.text).suffix(2), ["└───┴───┘", "next"])
    }

    func testALineWithPipesButNoDelimiterRowIsText() {
        XCTAssertEqual(render("a | b\nplain\nx | y", width: 40).map(\.text), ["a | b", "plain", "x | y"])
        XCTAssertEqual(render("| a | b |\n|---|\n", width: 40).map(\.text), ["| a | b |", "|---|", ""])
    }

    func testColumnWidthsShareRoomWithoutSqueezingNarrowColumns() {
        XCTAssertEqual(MarkdownTableLayout.share(room: 20, among: [3, 10, 20]), [3, 9, 8])
        XCTAssertEqual(MarkdownTableLayout.columnWidths(natural: [3, 4], minimum: [3, 4], width: 20).1, .natural)
        XCTAssertEqual(MarkdownTableLayout.columnWidths(natural: [5, 38], minimum: [5, 11], width: 30).0, [5, 18])
        XCTAssertEqual(MarkdownTableLayout.columnWidths(natural: [5, 38], minimum: [5, 11], width: 30).1, .wrap)
        XCTAssertEqual(MarkdownTableLayout.columnWidths(natural: [5, 38], minimum: [5, 11], width: 14).1, .truncate)
        // Room for every longest word: no word breaks, and the rest goes where it is wanted.
        XCTAssertEqual(MarkdownTableLayout.columnWidths(natural: [12, 7, 5, 36], minimum: [12, 4, 5, 10], width: 50).0, [12, 7, 5, 13])
        // Not enough even for that: widest columns give way, words break.
        XCTAssertEqual(MarkdownTableLayout.columnWidths(natural: [12, 7, 5, 36], minimum: [12, 4, 5, 10], width: 40).0, [8, 7, 5, 7])
    }

    func testAPaneNarrowerThanTheBordersStillDrawsNoLineWiderThanThePane() {
        let lines = render("| a | b | c | d |\n|---|---|---|---|\n| 1 | 2 | 3 | 4 |", width: 8)
        XCTAssertTrue(lines.allSatisfy { $0.width <= 8 }, "\(lines.map(\.text))")
        XCTAssertEqual(lines.first?.text, "┌───┬──…")
    }
}
