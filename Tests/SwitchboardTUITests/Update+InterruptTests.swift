import XCTest
import SwitchboardCore
@testable import SwitchboardTUI

/// Ctrl-C with an unsent message clears it (keeping it in prompt history) instead of quitting and losing it.
final class UpdateInterruptTests: XCTestCase {
    private func ctrlC(_ state: inout AppState) -> [Effect] {
        guard let action = KeyRouter.action(for: .ctrl("c"), state: state, keymap: state.keymap) else {
            XCTFail("Ctrl-C does nothing")
            return []
        }
        return update(&state, action)
    }

    func testCtrlCWithADraftClearsItIntoHistoryAndTheNextOneQuits() {
        var state = Fixtures.state()
        _ = update(&state, .typeText("a long message I have not sent"))
        let first = ctrlC(&state)
        XCTAssertTrue(first.isEmpty, "no quit: \(first.map(\.name))")
        XCTAssertFalse(state.quitRequested)
        XCTAssertTrue(state.input.isEmpty, "the draft is cleared")
        XCTAssertEqual(state.status?.text, "draft cleared — Ctrl-C again to quit")
        XCTAssertTrue(Fixtures.rendered(state).last?.contains("draft cleared — Ctrl-C again to quit") ?? false)

        _ = update(&state, .command(.moveUp))
        XCTAssertEqual(state.input.text, "a long message I have not sent", "Up brings the draft back")
        _ = update(&state, .command(.moveDown))
        XCTAssertTrue(state.input.isEmpty)

        let second = ctrlC(&state)
        XCTAssertEqual(second.map(\.name), ["quit"], "with the box empty Ctrl-C quits")
        XCTAssertTrue(state.quitRequested)
    }

    func testCtrlCWithAnEmptyBoxQuitsAtOnce() {
        var state = Fixtures.state()
        XCTAssertEqual(ctrlC(&state).map(\.name), ["quit"])
    }

    func testCtrlCWhileStreamingCancelsEvenWithADraft() {
        var state = Fixtures.state()
        let (turn, _) = Fixtures.send("question", &state)
        _ = update(&state, .engine(turn: turn, event: .routed(Fixtures.route, attempt: 1), at: Fixtures.at(0)))
        _ = update(&state, .typeText("next draft"))
        XCTAssertEqual(ctrlC(&state).map(\.name), ["cancelTurn"])
        XCTAssertEqual(state.input.text, "next draft", "cancelling keeps the draft")
    }

    func testHelpAndHintsSayWhatCtrlCDoesNow() {
        var state = Fixtures.state()
        let help = HelpOverlayView.standardText
        XCTAssertTrue(help.contains("Clear the unsent message (Up brings it back; Ctrl-C again quits)"), help)
        XCTAssertTrue(help.contains("Quit (when no reply is in flight and the message box is empty)"), help)
        XCTAssertTrue(Fixtures.rendered(state).last?.contains("Ctrl-C quit") ?? false)
        _ = update(&state, .typeText("draft"))
        XCTAssertTrue(Fixtures.rendered(state).last?.contains("Ctrl-C clear") ?? false, Fixtures.rendered(state).last ?? "")
    }
}
