import XCTest
import SwitchboardCore
@testable import SwitchboardTUI

final class ModelPickerViewTests: XCTestCase {
    private func pane(_ state: AppState) -> [String] {
        var buffer = ScreenBuffer(size: state.size)
        let rect = state.screen.picker ?? Rect(x: 0, y: 0, width: 0, height: 0)
        ModelPickerView(state, focused: state.focus == .picker).render(in: rect, into: &buffer)
        return buffer.lines().map { String(Array($0).prefix(rect.maxX)) }
    }

    func testRowsShowPricesWindowsAvailabilityAndLedgerFigures() {
        var state = Fixtures.state()
        state.modelStats = ["demo/mini": ModelStatsSnapshot(requests: 5, p50TTFT: .milliseconds(150), errorRate: 0.2)]
        let lines = pane(state)
        // The pane is 34 columns: its title left, how many models show of how many right (a column of margin).
        XCTAssertEqual(lines[1], " Models" + String(repeating: " ", count: 23) + "6/6")
        XCTAssertEqual(lines[3].trimmingCharacters(in: .whitespaces).prefix(8), "● auto  ")
        XCTAssertTrue(lines[4].contains("by difficulty"))
        XCTAssertEqual(lines[5].trimmingCharacters(in: .whitespaces).prefix(8), "● fast  ")
        let mini = try? XCTUnwrap(lines.firstIndex { $0.contains("▶ demo/mini") })
        XCTAssertNotNil(mini)
        if let mini {
            XCTAssertTrue(lines[mini].hasSuffix("128K"), lines[mini])
            XCTAssertTrue(lines[mini + 1].contains("demo $0.15/$0.6 150ms 20%err"), lines[mini + 1])
        }
        XCTAssertTrue(lines.contains { $0.contains("○ openai/gpt-4o-mini") }, "models without a key are marked")
    }

    func testFilterNarrowsTheList() {
        var state = Fixtures.state()
        state.focus = .picker
        _ = update(&state, .typeText("pro"))
        let lines = pane(state)
        XCTAssertEqual(lines[1], " Models" + String(repeating: " ", count: 23) + "1/6")
        XCTAssertEqual(lines[2], " › pro")
        XCTAssertTrue(lines[3].contains("demo/pro"))
        XCTAssertFalse(lines.contains { $0.contains("gpt-4o-mini") })
    }

    func testNoMatchSaysSo() {
        var state = Fixtures.state()
        state.focus = .picker
        _ = update(&state, .typeText("qqqq"))
        XCTAssertTrue(pane(state).contains { $0.contains("no model matches “qqqq”") })
    }

    func testAliasesShowTheirTarget() {
        let lines = pane(Fixtures.state())
        XCTAssertTrue(lines[6].contains("→ demo/mini"), lines[6])
    }
}
