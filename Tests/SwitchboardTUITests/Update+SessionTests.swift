import XCTest
import SwitchboardCore
@testable import SwitchboardTUI

final class UpdateSessionTests: XCTestCase {
    func testSendCommitsTheMessageThenStartsTheTurnWithTheWholeConversation() {
        var state = Fixtures.state()
        _ = Fixtures.completeTurn("first", answer: "first answer", &state)
        _ = update(&state, .typeText("second"))
        let effects = update(&state, .command(.send))
        XCTAssertEqual(effects.map(\.name), ["persistUserMessage", "startTurn"])
        guard case .startTurn(_, let request, _) = effects[1] else { return XCTFail() }
        XCTAssertEqual(request.messages, [.user("first"), .assistant("first answer"), .user("second")])
        XCTAssertEqual(request.model, ModelRef(id: "demo/mini"))
        XCTAssertEqual(state.turn?.id, request.id)
        XCTAssertTrue(state.input.isEmpty)
        XCTAssertEqual(state.transcript.entries.last?.reply?.status, .waiting)
    }

    func testSendIgnoresBlankInputAndRefusesWhileStreaming() {
        var state = Fixtures.state()
        _ = update(&state, .typeText("   "))
        XCTAssertTrue(update(&state, .command(.send)).isEmpty)
        _ = Fixtures.send("one", &state)
        _ = update(&state, .typeText("two"))
        XCTAssertTrue(update(&state, .command(.send)).isEmpty)
        XCTAssertEqual(state.input.text, "two", "the draft is kept")
        XCTAssertEqual(state.status?.level, .warning)
    }

    func testTheFirstPromptTitlesTheSession() {
        var state = Fixtures.state()
        _ = Fixtures.send("Plan a trip to Kyoto\nwith details", &state)
        XCTAssertEqual(state.sessionTitle, "Plan a trip to Kyoto")
        XCTAssertEqual(Updates.title(from: String(repeating: "x", count: 80)).count, 60)
    }

    func testSwitchingModelsAddsADividerAndTheNextTurnUsesTheNewModel() {
        var state = Fixtures.state()
        _ = Fixtures.completeTurn("q", answer: "a", &state)
        state.focus = .picker
        _ = update(&state, .typeText("demo/pro"))
        _ = update(&state, .command(.choose))
        XCTAssertEqual(state.model, "demo/pro")
        XCTAssertEqual(state.transcript.entries.last?.kind, .divider)
        XCTAssertEqual(state.transcript.entries.last?.text, "switched to demo/pro")
        XCTAssertEqual(state.focus, .input)
        let (_, effects) = Fixtures.send("again", &state)
        guard case .startTurn(_, let request, _) = effects.last else { return XCTFail() }
        XCTAssertEqual(request.model.id, "demo/pro")
        XCTAssertEqual(request.messages.count, 3, "dividers are not sent")
    }

    func testChoosingAnUnavailableModelWarns() {
        var state = Fixtures.state()
        state.focus = .picker
        _ = update(&state, .typeText("gpt-4o-mini"))
        _ = update(&state, .command(.choose))
        XCTAssertEqual(state.model, "openai/gpt-4o-mini")
        XCTAssertEqual(state.status?.level, .warning)
    }

    func testResumeIsRefusedWhileStreaming() {
        var state = Fixtures.state()
        _ = Fixtures.send("q", &state)
        _ = update(&state, .sessionLoaded(LoadedSession(id: "x", title: "X", model: nil, messages: [])))
        XCTAssertNotEqual(state.session.stored, "x")
    }

    func testExportFileNamesAreSafe() {
        XCTAssertEqual(Updates.exportFileName(title: "Plan: a trip/Kyoto!", id: "0f3a9c2e-1111"), "switchboard-plan-a-trip-kyoto-0f3a9c2e.md")
        XCTAssertEqual(Updates.exportFileName(title: "漢字", id: "ab"), "switchboard-session-ab.md")
    }
}
