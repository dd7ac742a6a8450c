import XCTest
@testable import SwitchboardTUI

final class StatusBarTests: XCTestCase {
    private func status(_ state: AppState) -> String {
        Fixtures.rendered(state).last ?? ""
    }

    func testHintsComeFromTheKeymapForTheFocus() {
        var state = Fixtures.state()
        XCTAssertTrue(status(state).hasPrefix(" Enter send · Alt-Enter/Ctrl-J newline · Ctrl-C quit"))
        state.focus = .picker
        XCTAssertTrue(status(state).hasPrefix(" Enter use model · Esc back"))
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
        XCTAssertTrue(status(state).hasSuffix("● waiting 1.5 s"), status(state))
        XCTAssertTrue(status(state).contains("Ctrl-C cancel"))
    }
}
