import XCTest
@testable import SwitchboardTUI

final class HelpOverlayViewTests: XCTestCase {
    func testGroupsBindingsByScope() {
        let lines = HelpOverlayView.lines(for: .standard, theme: .builtinDefault).map(\.text)
        XCTAssertEqual(lines.first, "Everywhere")
        XCTAssertTrue(lines.contains("Message box"))
        XCTAssertTrue(lines.contains { $0.hasPrefix("  Ctrl-H/F2") && $0.contains("Browse, search and resume past sessions") })
        XCTAssertTrue(lines.contains { $0.hasPrefix("  Alt-Enter/Ctrl-J") })
    }

    func testOverlayScrollsAndSaysThereIsMore() {
        var state = Fixtures.state(width: 100, height: 20)
        state.overlays = [.help]
        let text = HelpOverlayView.lines(for: .standard, theme: .builtinDefault).map(\.text)
        // The window is 90 wide and 18 tall in the 100x20 screen: 16 lines of 86 columns inside.
        let window = { (state: AppState) -> [String] in
            var buffer = ScreenBuffer(size: state.size)
            HelpOverlayView(state).render(in: Rect(x: 0, y: 0, width: 100, height: 20), into: &buffer)
            return buffer.lines()
        }
        let boxed = { (line: String) in "     │ " + TextWidth.pad(String(line.prefix(86)), to: 86) + " │" }
        let first = window(state)
        let title = " Keys — Esc closes "
        XCTAssertEqual(first[1], "     ╭─" + title + String(repeating: "─", count: 88 - 1 - title.count) + "╮")
        XCTAssertEqual(Array(first[2...17]), text[0..<16].map(boxed))
        let more = " ↓ PgDn for more "
        XCTAssertEqual(first[18], "     ╰" + String(repeating: "─", count: 70) + more + "─" + "╯")
        _ = update(&state, .command(.pageDown))
        let page = 20 - 6
        XCTAssertEqual(Array(window(state)[2...17]), text[page..<(page + 16)].map(boxed), "PgDn moves a page")
    }

    /// The help window is at most 86 columns inside: no line may need more, or its end is cut off unseen.
    func testEveryLineFitsTheWindow() {
        let lines = HelpOverlayView.lines(for: .standard, theme: .builtinDefault).map(\.text)
        for line in lines {
            XCTAssertLessThanOrEqual(TextWidth.width(of: line), 86, line)
        }
        XCTAssertTrue(lines.contains("  /regen [MODEL,MODEL…]"), "each command on a line of its own")
    }
}
