import XCTest
@testable import SwitchboardTUI

final class StatusBarTests: XCTestCase {
    private func status(_ state: AppState) -> String {
        Fixtures.rendered(state).last ?? ""
    }

    func testHintsComeFromTheKeymapForTheFocus() {
        var state = Fixtures.state()
        let global = " · F1 help · Ctrl-P model · Ctrl-H/F2 history · F3 why"
        XCTAssertEqual(status(state), " Enter send · Alt-Enter/Ctrl-J newline · Ctrl-C quit" + global)
        state.focus = .picker
        XCTAssertEqual(status(state), " Enter use model · Esc back · Ctrl-C quit" + global)
    }

    func testAMessageReplacesTheHints() {
        var state = Fixtures.state()
        _ = update(&state, .storeFailed("disk full"))
        XCTAssertEqual(status(state), " disk full")
    }

    func testStreamingShowsOnTheRight() {
        var state = Fixtures.state()
        let (turn, _) = Fixtures.send("q", &state)
        _ = update(&state, .engine(turn: turn, event: .routed(Fixtures.route, attempt: 1), at: Fixtures.at(0)))
        _ = update(&state, .tick(Fixtures.at(1500)))
        state.status = nil
        // The indicator ends a column from the edge; hints that would run into it are left out (F3 why here).
        XCTAssertEqual(status(state), " Enter send · Alt-Enter/Ctrl-J newline · Ctrl-C cancel · F1 help · Ctrl-P model · Ctrl-H/F2 history"
                       + String(repeating: " ", count: 5) + "● waiting 1.5 s")
    }
}
