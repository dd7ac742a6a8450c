import XCTest
import SwitchboardCore
@testable import SwitchboardTUI

/// A tool call entry drawn off screen: the call with its arguments indented, where it stands, and its result
/// folded to one line until unfolded.
final class ToolCallEntryViewTests: XCTestCase {
    private func rows(_ state: AppState) -> [String] {
        var copy = state
        return WorkbenchView.render(&copy).text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { String($0).replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }
    }

    /// The rows from the one starting with `first` (after the pane's left edge) on, `count` of them.
    private func block(from first: String, count: Int, in rows: [String]) -> [String] {
        guard let start = rows.firstIndex(where: { $0.contains(first) }), let column = rows[start].range(of: first)?.lowerBound
        else { return [] }
        let offset = rows[start].distance(from: rows[start].startIndex, to: column)
        // Up to the sidebar's border.
        return rows[start..<min(rows.count, start + count)].map { row in
            let pane = String(row.dropFirst(offset)).split(separator: "│", omittingEmptySubsequences: false).first ?? ""
            return String(pane).replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
    }

    func testAWaitingCallShowsItsArgumentsAndAsks() {
        var state = Fixtures.state(width: 180, height: 30)
        ToolFixtures.waitingCall(&state)
        XCTAssertEqual(block(from: "⚙ get_current_time", count: 4, in: rows(state)), [
            "⚙ get_current_time · time · waiting for approval (y/a/n)",
            "    {",
            "      \"timezone\" : \"UTC\"",
            "    }",
        ])
    }

    func testAResultShowsFoldedThenWhole() {
        var state = Fixtures.state(width: 180, height: 30)
        let (loop, _) = ToolFixtures.waitingCall(&state)
        _ = update(&state, .command(.approveToolOnce))
        let text = "{\n  \"datetime\": \"2026-12-05T19:30:00+00:00\"\n}"
        _ = update(&state, .tool(turn: loop, .result(step: 1, ToolFixtures.ran(ToolFixtures.call, text: text))))
        XCTAssertEqual(block(from: "⚙ get_current_time", count: 5, in: rows(state)), [
            "⚙ get_current_time · time · done",
            "    {",
            "      \"timezone\" : \"UTC\"",
            "    }",
            "  ↳ {  … 3 lines",
        ])
        state.focus = .transcript
        _ = update(&state, .command(.toggleToolResults))
        XCTAssertEqual(block(from: "⚙ get_current_time", count: 7, in: rows(state)), [
            "⚙ get_current_time · time · done",
            "    {",
            "      \"timezone\" : \"UTC\"",
            "    }",
            "  ↳ {",
            "      \"datetime\": \"2026-12-05T19:30:00+00:00\"",
            "    }",
        ])
    }
}
