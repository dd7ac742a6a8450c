import XCTest
import SwitchboardCore
@testable import SwitchboardTUI

/// The whole screen at different sizes: what is where.
final class WorkbenchViewTests: XCTestCase {
    private func screen(_ width: Int, _ height: Int) -> [String] {
        var state = Fixtures.state(width: width, height: height)
        _ = Fixtures.completeTurn("What is 漢字?", answer: "**Kanji** are characters: 漢字.", &state)
        return Fixtures.rendered(state)
    }

    func testWideLayoutHasPickerConversationAndSidebar() {
        let lines = screen(120, 30)
        XCTAssertEqual(lines.count, 30)
        // The model is right-aligned with a column of margin: 28 columns ending at 119.
        XCTAssertEqual(lines[0], " Switchboard │ What is 漢字?" + String(repeating: " ", count: 63) + "model: demo/mini · demo mode")
        // Picker pane (34 wide, its count right-aligned), rule, conversation, rule, sidebar (from column 90).
        XCTAssertEqual(lines[1], " Models" + String(repeating: " ", count: 23) + "6/6 │ ▍You" + String(repeating: " ", count: 49) + "│ Spend")
        XCTAssertTrue(lines.contains { $0.contains("Kanji are characters: 漢字.") })
        XCTAssertEqual(lines[27], "─ Message → demo/mini " + String(repeating: "─", count: 98))
        XCTAssertEqual(lines[28], "  Type a message…")
        XCTAssertTrue(lines[29].hasPrefix(" Enter send"))
    }

    func testBelowOneHundredColumnsThePickerIsGone() {
        let lines = screen(90, 30)
        XCTAssertFalse(lines.contains { $0.contains("Models") })
        XCTAssertTrue(lines[1].hasSuffix("│ Spend"))
        XCTAssertTrue(lines[1].hasPrefix("  ▍You") || lines[1].hasPrefix(" ▍You"))
    }

    func testBelowSeventyColumnsTheSidebarFoldsIntoOneLine() {
        let lines = screen(60, 20)
        XCTAssertTrue(lines[1].hasPrefix(" Σ $"), lines[1])
        XCTAssertTrue(lines[1].contains("today"))
        XCTAssertFalse(lines.contains { $0.contains("│ Spend") })
        XCTAssertTrue(lines.allSatisfy { TextWidth.width(of: $0) <= 60 })
    }

    func testEveryRowFitsItsWidthWithWideText() {
        for width in [60, 75, 99, 100, 140] {
            var state = Fixtures.state(width: width, height: 24)
            _ = Fixtures.completeTurn(String(repeating: "漢字テスト🚀 ", count: 20), answer: String(repeating: "한국어 e\u{301} ", count: 60), &state)
            let buffer = WorkbenchView.render(state)
            for (row, line) in buffer.lines().enumerated() {
                XCTAssertLessThanOrEqual(TextWidth.width(of: line), width, "row \(row) at width \(width)")
            }
        }
    }

    func testTinyScreensSayWhatTheyNeed() {
        let state = Fixtures.state(width: 15, height: 4)
        XCTAssertEqual(Fixtures.rendered(state).first, "Switchboard nee")
    }

    /// The characters of `row` from column `x` to `maxX` (the overlay's box over the panes behind it).
    private func slice(_ row: String, _ x: Int, _ maxX: Int) -> String {
        String(Array(row).dropFirst(x).prefix(maxX - x))
    }

    func testNarrowPickerOverlayListsModels() {
        var state = Fixtures.state(width: 80, height: 12)
        _ = update(&state, .command(.openPicker))
        let rows = Fixtures.rendered(state)
        let title = " Choose a model "
        XCTAssertEqual(rows[1], "╭─" + title + String(repeating: "─", count: 78 - 1 - title.count) + "╮")
        XCTAssertEqual(rows[2], "│ " + TextWidth.pad(" Models", to: 71) + " 6/6 " + " │")
        XCTAssertEqual(rows[3], "│ " + TextWidth.pad(" › type to filter", to: 76) + " │")
        XCTAssertEqual(rows[4], "│ " + TextWidth.pad(" ● auto", to: 74) + "? " + " │")
        XCTAssertEqual(rows[10], "╰" + String(repeating: "─", count: 78) + "╯")
    }

    func testOverlayOverWideScreenUsesColumns() {
        var state = Fixtures.state(width: 130, height: 24)
        state.overlays = [.picker]
        state.modelStats = ["demo/pro": ModelStatsSnapshot(requests: 4, p50TTFT: .milliseconds(610), errorRate: 0.25)]
        let rows = Fixtures.rendered(state).map { slice($0, 10, 120) }
        let table = { (cells: [String]) in
            zip(cells, ModelPickerView.columns).map { TextWidth.pad($0, to: $1.1) }.joined()
        }
        let header = table(ModelPickerView.columns.map(\.0))
        XCTAssertEqual(rows[4], "│ " + TextWidth.pad("   " + header, to: 106) + " │")
        let pro = table(["demo/pro", "simulated", "$3/$15", "200K", "610 ms", "25%", "ok"])
        XCTAssertEqual(rows[8], "│ " + TextWidth.pad(" ● " + pro, to: 106) + " │", "the ledger's figures in their columns")
    }
}
