import XCTest
import SwitchboardCore
@testable import SwitchboardTUI

/// The workbench's side of the tool loop: each call shows under the reply that made it, the status line asks
/// y/a/n, the keys answer the waiting call, results fold, Esc stops the loop, and the last reply's header carries
/// the steps and their total.
final class ToolCallUpdateTests: XCTestCase {
    private func statusLine(_ state: AppState) -> String {
        var copy = state
        let lines = WorkbenchView.render(&copy).text.split(separator: "\n", omittingEmptySubsequences: false)
        return String(lines[lines.count - 1]).trimmingCharacters(in: .whitespaces)
    }

    private func answer(_ key: Key, _ state: inout AppState) -> [Effect] {
        guard let action = KeyRouter.action(for: key, state: state, keymap: .standard) else {
            XCTFail("\(key.label) did nothing")
            return []
        }
        return update(&state, action)
    }

    func testAWaitingCallAsksInTheStatusLineAndYRunsItOnce() {
        var state = Fixtures.state()
        let (loop, request) = ToolFixtures.waitingCall(&state)
        XCTAssertEqual(statusLine(state), "y run once · a always for get_current_time · n refuse")
        XCTAssertEqual(ToolFixtures.toolEntries(state).map(\.stage), [.asking])
        XCTAssertEqual(state.transcript.entries.compactMap(\.reply).last?.toolCalls, [], "the call shows once, as its own entry")
        // The focus is the message box: y answers the call instead of typing.
        let effects = answer(.char("y"), &state)
        guard case .answerTool(let answeredLoop, let id, let decision)? = effects.first else {
            return XCTFail("no answer: \(effects.map(\.name))")
        }
        XCTAssertEqual([answeredLoop, id], [loop, request.id])
        XCTAssertEqual(decision, .runOnce)
        XCTAssertEqual(state.input.text, "")
        XCTAssertEqual(ToolFixtures.toolEntries(state).map(\.stage), [.running])
        XCTAssertNotEqual(statusLine(state), "y run once · a always for get_current_time · n refuse")
    }

    func testAAnswersAlwaysAndNRefusesWithoutAReason() {
        var state = Fixtures.state()
        ToolFixtures.waitingCall(&state)
        let second = ToolCall(id: "call_2", name: "convert_time", arguments: "{}")
        _ = update(&state, .tool(turn: state.tools.waiting[0].loop, .ask(PromptedApproval.Request(call: second, server: "time"))))
        guard case .answerTool(_, _, let first)? = answer(.char("a"), &state).first else { return XCTFail("a gave no answer") }
        XCTAssertEqual(first, .alwaysForTool)
        XCTAssertEqual(statusLine(state), "y run once · a always for convert_time · n refuse")
        guard case .answerTool(_, _, let refusal)? = answer(.char("n"), &state).first else { return XCTFail("n gave no answer") }
        XCTAssertEqual(refusal, .refuse(reason: nil))
        XCTAssertEqual(ToolFixtures.toolEntries(state).map(\.stage), [.running, .refused(reason: nil)])
        XCTAssertTrue(state.tools.waiting.isEmpty)
        // With nothing waiting, y and n are the transcript's and the box's keys again.
        _ = update(&state, .typeText("n"))
        XCTAssertEqual(state.input.text, "n")
    }

    func testShiftNAsksWhyAndTheReasonGoesWithTheRefusal() {
        var state = Fixtures.state()
        let (loop, request) = ToolFixtures.waitingCall(&state)
        _ = answer(.char("N"), &state)
        guard case .prompt(let prompt)? = state.overlays.last else { return XCTFail("no prompt: \(state.overlays)") }
        XCTAssertEqual(prompt.purpose, .refuseTool)
        // Esc leaves the call waiting.
        _ = answer(.escape, &state)
        XCTAssertEqual(state.tools.waiting.count, 1)
        _ = answer(.char("N"), &state)
        _ = update(&state, .typeText("not on a weekend"))
        let effects = answer(.enter, &state)
        guard case .answerTool(loop, request.id, let decision)? = effects.first else { return XCTFail("\(effects.map(\.name))") }
        XCTAssertEqual(decision, .refuse(reason: "not on a weekend"))
        XCTAssertEqual(ToolFixtures.toolEntries(state).map(\.stage), [.refused(reason: "not on a weekend")])
        XCTAssertTrue(state.tools.waiting.isEmpty)
        XCTAssertEqual(state.overlays, [])
    }

    func testARefusedCallStaysRefusedWhenItsRefusalGoesBackToTheModel() {
        var state = Fixtures.state()
        let (loop, _) = ToolFixtures.waitingCall(&state)
        _ = answer(.char("n"), &state)
        _ = update(&state, .tool(turn: loop, .decided(step: 1, ToolFixtures.call, server: "time", .refuse(reason: nil))))
        let sent = ToolCallRecord(call: ToolFixtures.call, server: "time", decision: .refuse(reason: nil),
                                  result: ToolResult(callID: "call_1", text: "The user refused this call; it was not run.", isError: true))
        _ = update(&state, .tool(turn: loop, .result(step: 1, sent)))
        XCTAssertEqual(ToolFixtures.toolEntries(state).map(\.stage), [.refused(reason: nil)])
    }

    func testEscStopsTheLoopWhileACallWaitsAndKeepsWhatHappened() {
        var state = Fixtures.state()
        let (loop, _) = ToolFixtures.waitingCall(&state)
        XCTAssertTrue(state.isStreaming, "a loop between steps is still running")
        let effects = answer(.escape, &state)
        XCTAssertTrue(effects.contains { if case .cancelTurn(loop) = $0 { true } else { false } }, "\(effects.map(\.name))")
        _ = update(&state, .tool(turn: loop, .stopped(.cancelled, steps: 1, cost: Money(decimalString: "0.0001"))))
        XCTAssertFalse(state.isStreaming)
        XCTAssertTrue(state.tools.waiting.isEmpty)
        XCTAssertEqual(ToolFixtures.toolEntries(state).map(\.stage), [.refused(reason: "the turn was stopped")])
        XCTAssertEqual(state.status?.text, "stopped: the calls and answers so far are kept")
        // The first reply is still there; a new message can be sent.
        XCTAssertEqual(state.transcript.entries.filter(\.isMessage).count, 2)
        XCTAssertTrue(Fixtures.send("next", &state).1.contains { $0.name == "startTurn" })
    }

    func testCtrlCStopsTheLoopToo() {
        var state = Fixtures.state()
        let (loop, _) = ToolFixtures.waitingCall(&state)
        let effects = answer(.ctrl("c"), &state)
        XCTAssertTrue(effects.contains { if case .cancelTurn(loop) = $0 { true } else { false } }, "\(effects.map(\.name))")
        XCTAssertFalse(state.quitRequested)
    }

    func testTheResultFoldsUnderTheCallAndOUnfoldsIt() {
        var state = Fixtures.state()
        let (loop, _) = ToolFixtures.waitingCall(&state)
        _ = answer(.char("y"), &state)
        _ = update(&state, .tool(turn: loop, .decided(step: 1, ToolFixtures.call, server: "time", .runOnce)))
        let text = "{\n  \"timezone\": \"UTC\",\n  \"datetime\": \"2026-12-05T19:30:00+00:00\"\n}"
        _ = update(&state, .tool(turn: loop, .result(step: 1, ToolFixtures.ran(ToolFixtures.call, text: text))))
        guard let meta = ToolFixtures.toolEntries(state).first else { return XCTFail("no call entry") }
        XCTAssertFalse(meta.unfolded)
        XCTAssertEqual(ToolCallEntryLines.shown(text, unfolded: false), ["{  … 4 lines"])
        state.focus = .transcript
        _ = answer(.char("o"), &state)
        XCTAssertEqual(ToolFixtures.toolEntries(state).map(\.unfolded), [true])
        _ = answer(.char("o"), &state)
        XCTAssertEqual(ToolFixtures.toolEntries(state).map(\.unfolded), [false])
    }

    func testALaterStepIsAReplyOfItsOwnAndTheLastHeaderShowsTheStepsAndTheirTotal() {
        var state = Fixtures.state(width: 140)
        let (loop, _) = ToolFixtures.waitingCall(&state)
        _ = answer(.char("y"), &state)
        _ = update(&state, .tool(turn: loop, .result(step: 1, ToolFixtures.ran(ToolFixtures.call, text: "19:30"))))
        let step = UUID()
        _ = update(&state, .tool(turn: loop, .step(number: 2, turn: step, model: "demo/mini")))
        XCTAssertTrue(state.isStreaming)
        _ = update(&state, .engine(turn: step, event: .routed(Fixtures.route, attempt: 1), at: Fixtures.at(300)))
        _ = update(&state, .engine(turn: step, event: .delta("It is 19:30 UTC."), at: Fixtures.at(400)))
        _ = update(&state, .engine(turn: step, event: .finished(Fixtures.summary(turn: step, text: "It is 19:30 UTC.",
                                                                               cost: Money(decimalString: "0.0002"))),
                                   at: Fixtures.at(500)))
        let effects = update(&state, .tool(turn: loop, .stopped(.answered, steps: 2, cost: Money(decimalString: "0.0003"))))
        XCTAssertTrue(effects.contains { $0.name == "refreshSpend" })
        XCTAssertFalse(state.isStreaming)
        let replies = state.transcript.entries.compactMap(\.reply)
        XCTAssertEqual(replies.count, 2)
        XCTAssertNil(replies[0].toolSteps)
        XCTAssertEqual(replies[1].toolSteps?.label, "2 tool steps · $0.0003")
        XCTAssertTrue(EntryHeader.headerRuns(replies[1], theme: state.theme).map(\.text).joined().hasSuffix(" · 2 tool steps · $0.0003"))
        // Each step's cost is in the session's cost in the sidebar.
        XCTAssertEqual(state.stats.cost, Money(decimalString: "0.0003"))
        // The order on screen: prompt, the reply that called, the call, the answer.
        XCTAssertEqual(state.transcript.entries.map { entry -> String in
            switch entry.kind {
            case .user: "user"
            case .assistant: "reply"
            case .tool(let meta): "tool " + meta.call.name
            case .notice: "notice"
            case .divider: "divider"
            }
        }, ["user", "reply", "tool get_current_time", "reply"])
    }

    func testWithToolsConfiguredASingleReplyOffersThemAndComparedAnswersDoNot() {
        var state = Fixtures.state()
        XCTAssertEqual(Fixtures.send("plain", &state).1.map(\.name), ["persistUserMessage", "startTurn"])
        _ = update(&state, .command(.interrupt))
        state.turns = []
        state.tools.available = true
        XCTAssertEqual(Fixtures.send("with tools", &state).1.map(\.name), ["persistUserMessage", "startToolTurn"])
        state.turns = []
        state.compareModels = ["demo/mini", "demo/pro"]
        XCTAssertEqual(Fixtures.send("compared", &state).1.map(\.name), ["persistUserMessage", "startTurn", "startTurn"])
    }

    func testATurnThatCalledNoToolSaysNothingOfSteps() {
        var state = Fixtures.state()
        let (loop, _) = Fixtures.send("hello", &state)
        _ = update(&state, .tool(turn: loop, .started))
        _ = update(&state, .engine(turn: loop, event: .finished(Fixtures.summary(turn: loop, text: "hi")), at: Fixtures.at(100)))
        _ = update(&state, .tool(turn: loop, .stopped(.answered, steps: 1, cost: Money(decimalString: "0.0001"))))
        XCTAssertNil(state.transcript.entries.compactMap(\.reply).last?.toolSteps)
        XCTAssertFalse(state.isStreaming)
    }
}
