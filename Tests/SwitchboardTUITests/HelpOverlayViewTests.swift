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
        let first = Fixtures.rendered(state).joined(separator: "\n")
        XCTAssertTrue(first.contains("Keys — Esc closes"))
        XCTAssertTrue(first.contains("PgDn for more"))
        _ = update(&state, .command(.pageDown))
        XCTAssertNotEqual(Fixtures.rendered(state).joined(separator: "\n"), first)
    }
}
