import XCTest
import SwitchboardCore
@testable import SwitchboardTUI

final class UpdateCommandsTests: XCTestCase {
    func testInterruptCancelsWhileStreamingAndQuitsWhenIdle() {
        var state = Fixtures.state()
        XCTAssertEqual(update(&state, .command(.interrupt)).map(\.name), ["quit"])
        state = Fixtures.state()
        let (turn, _) = Fixtures.send("x", &state)
        let effects = update(&state, .command(.interrupt))
        guard case .cancelTurn(let id) = effects.first else { return XCTFail("expected a cancel") }
        XCTAssertEqual(id, turn)
        XCTAssertTrue(update(&state, .command(.interrupt)).isEmpty, "cancelling twice sends one cancel")
        XCTAssertFalse(state.quitRequested)
    }

    func testRedrawRepaints() {
        var state = Fixtures.state()
        XCTAssertEqual(update(&state, .command(.redraw)).map(\.name), ["repaint"])
    }

    func testHelpToggles() {
        var state = Fixtures.state()
        _ = update(&state, .command(.toggleHelp))
        XCTAssertEqual(state.overlays, [.help])
        _ = update(&state, .command(.toggleHelp))
        XCTAssertEqual(state.overlays, [])
    }

    func testOpenPickerFocusesThePaneWhenWideAndOpensAnOverlayWhenNarrow() {
        var wide = Fixtures.state(width: 120)
        _ = update(&wide, .command(.openPicker))
        XCTAssertEqual(wide.focus, .picker)
        XCTAssertEqual(wide.overlays, [])
        XCTAssertEqual(wide.picker.selected?.id, "demo/mini", "the current model is selected")
        _ = update(&wide, .command(.openPicker))
        XCTAssertEqual(wide.focus, .input)
        var narrow = Fixtures.state(width: 90)
        _ = update(&narrow, .command(.openPicker))
        XCTAssertEqual(narrow.overlays, [.picker])
        _ = update(&narrow, .command(.openPicker))
        XCTAssertEqual(narrow.overlays, [])
    }

    func testOpenHistoryAsksTheStoreAndTogglesClosed() {
        var state = Fixtures.state()
        let effects = update(&state, .command(.openHistory))
        XCTAssertEqual(effects.map(\.name), ["listSessions"])
        XCTAssertEqual(state.overlays, [.history])
        XCTAssertTrue(state.history.loading)
        _ = update(&state, .command(.openHistory))
        XCTAssertEqual(state.overlays, [])
    }

    func testFocusCyclesThroughThePanesThatExist() {
        var state = Fixtures.state(width: 120)
        var seen: [Pane] = []
        for _ in 0..<3 {
            _ = update(&state, .command(.focusNext))
            seen.append(state.focus)
        }
        XCTAssertEqual(seen, [.picker, .transcript, .input])
        _ = update(&state, .command(.focusPrevious))
        XCTAssertEqual(state.focus, .transcript)
        var narrow = Fixtures.state(width: 80)
        _ = update(&narrow, .command(.focusNext))
        _ = update(&narrow, .command(.focusNext))
        XCTAssertEqual(narrow.focus, .input, "no picker pane to focus when narrow")
    }

    func testNewSessionClearsTheConversationButKeepsSpend() {
        var state = Fixtures.state()
        _ = Fixtures.completeTurn("q", answer: "a", &state)
        state.stats.stored = SpendSnapshot(today: Money(1), month: Money(2))
        let local = state.session.local
        _ = update(&state, .command(.newSession))
        XCTAssertTrue(state.transcript.isEmpty)
        XCTAssertNotEqual(state.session.local, local)
        XCTAssertEqual(state.stats.turnCosts.count, 0)
        XCTAssertEqual(state.stats.stored?.month, Money(2))
    }

    func testNewSessionIsRefusedWhileStreaming() {
        var state = Fixtures.state()
        _ = Fixtures.send("q", &state)
        _ = update(&state, .command(.newSession))
        XCTAssertFalse(state.transcript.isEmpty)
        XCTAssertEqual(state.status?.level, .warning)
    }

    func testCopyCodeBlockCopiesTheOnlyBlockAtOnce() {
        var state = Fixtures.state()
        _ = Fixtures.completeTurn("q", answer: "```sh\nls -l\n```", &state)
        let effects = update(&state, .command(.copyCodeBlock))
        guard case .copyToClipboard(let text) = effects.first else { return XCTFail("expected a copy") }
        XCTAssertEqual(text, "ls -l")
    }

    func testCopyCodeBlockAsksWhichWhenThereAreSeveral() {
        var state = Fixtures.state()
        _ = Fixtures.completeTurn("q", answer: "```\none\n```\n```\ntwo\n```", &state)
        _ = Fixtures.completeTurn("q2", answer: "```\nthree\n```", &state)
        XCTAssertTrue(update(&state, .command(.copyCodeBlock)).isEmpty)
        guard case .prompt = state.overlays.last else { return XCTFail("expected a prompt") }
        _ = update(&state, .typeText("2"))
        let effects = update(&state, .command(.confirm))
        guard case .copyToClipboard("two") = effects.first else { return XCTFail("expected block 2, got \(effects.map(\.name))") }
        _ = update(&state, .command(.copyCodeBlock))
        guard case .copyToClipboard("three") = update(&state, .command(.confirm)).first else { return XCTFail("Enter = last") }
    }

    func testCopyWithoutBlocksSaysSo() {
        var state = Fixtures.state()
        XCTAssertTrue(update(&state, .command(.copyCodeBlock)).isEmpty)
        XCTAssertEqual(state.status?.text, "no code blocks in this session yet")
    }

    func testBackClosesTheTopOverlayFirst() {
        var state = Fixtures.state()
        state.overlays = [.history, .help]
        _ = update(&state, .command(.back))
        XCTAssertEqual(state.overlays, [.history])
    }

    func testBackClearsThePickerFilterBeforeLeaving() {
        var state = Fixtures.state()
        state.focus = .picker
        _ = update(&state, .typeText("pro"))
        _ = update(&state, .command(.back))
        XCTAssertEqual(state.picker.filter, "")
        XCTAssertEqual(state.focus, .picker)
        _ = update(&state, .command(.back))
        XCTAssertEqual(state.focus, .input)
    }

    func testConfirmDeleteAsksTheStore() {
        var state = Fixtures.state()
        state.overlays = [.history, .confirm(ConfirmState(purpose: .deleteSession(id: "s1"), question: "?"))]
        let effects = update(&state, .command(.confirm))
        guard case .deleteSession("s1") = effects.first else { return XCTFail() }
        XCTAssertEqual(state.overlays, [.history])
    }

    func testDeclineClosesTheQuestion() {
        var state = Fixtures.state()
        state.overlays = [.history, .confirm(ConfirmState(purpose: .deleteSession(id: "s1"), question: "?"))]
        XCTAssertTrue(update(&state, .command(.decline)).isEmpty)
        XCTAssertEqual(state.overlays, [.history])
    }

    func testRenamePromptSendsTheNewTitle() {
        var state = Fixtures.state()
        state.overlays = [.history, .prompt(PromptState(purpose: .rename(sessionID: "s1"), title: "Rename", text: "Old"))]
        _ = update(&state, .command(.deleteBackward))
        _ = update(&state, .typeText("d and new"))
        let effects = update(&state, .command(.confirm))
        guard case .renameSession("s1", let title) = effects.first else { return XCTFail() }
        XCTAssertEqual(title, "Old and new")
    }
}
