import XCTest
import SwitchboardCore
@testable import SwitchboardTUI

/// A reopened session shows its tool steps as they were shown live: each answered call as its own entry (name,
/// server, arguments, the result folded under it and unfolded with `o`), a refusal as a refusal, and the last
/// reply's header with the loop's steps and their total; its next turn sends the calls and results as stored.
final class ToolHistoryResumeTests: XCTestCase {
    private static let call = ToolFixtures.call
    private static let resultText = "{\n  \"datetime\": \"2026-12-05T19:30:00+00:00\"\n}"

    private func rows(_ state: AppState) -> [String] {
        var copy = state
        return WorkbenchView.render(&copy).text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { String($0).replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }
    }

    /// The rows from the one containing `first` on, `count` of them, cut at the pane's left edge and the sidebar.
    private func block(from first: String, count: Int, in rows: [String]) -> [String] {
        guard let start = rows.firstIndex(where: { $0.contains(first) }), let column = rows[start].range(of: first)?.lowerBound
        else { return [] }
        let offset = rows[start].distance(from: rows[start].startIndex, to: column)
        return rows[start..<min(rows.count, start + count)].map { row in
            let pane = String(row.dropFirst(offset)).split(separator: "│", omittingEmptySubsequences: false).first ?? ""
            return String(pane).replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
    }

    /// A stored tool turn: the prompt, the reply that called, the `tool` message answering it (with how the loop
    /// answered, `run`), the answer.
    private func session(result: ToolResult, steps: [Money?] = [Money(decimalString: "0.0001"), Money(decimalString: "0.0002")])
        -> LoadedSession {
        let (first, second) = (UUID(), UUID())
        let messages = [
            StoredMessage(role: .user, text: "what time is it?", turnID: first),
            StoredMessage(role: .assistant, text: "", model: "demo/mini", provider: "demo", cost: steps[0], turnID: first,
                          parts: [.toolCall(Self.call)]),
            StoredMessage(role: .tool, text: result.text, turnID: second, parts: [.toolResult(result)]),
            StoredMessage(role: .assistant, text: "It is 19:30 UTC.", model: "demo/mini", provider: "demo", cost: steps[1],
                          turnID: second),
        ]
        return LoadedSession(id: "tools", title: "what time is it?", model: "demo/mini", messages: messages)
    }

    private func ran(_ text: String = ToolHistoryResumeTests.resultText) -> ToolResult {
        var result = ToolResult(callID: Self.call.id, text: text, name: Self.call.name)
        result.run = ToolRun(server: "time", decision: .runOnce, durationMs: 12)
        return result
    }

    private func resumed(_ loaded: LoadedSession) -> AppState {
        var state = Fixtures.state(width: 180, height: 40)
        _ = update(&state, .sessionLoaded(loaded))
        return state
    }

    func testAResumedCallShowsAsItsOwnEntryWithItsResultFoldedThenWhole() {
        var state = resumed(session(result: ran()))
        XCTAssertEqual(block(from: "⚙ get_current_time", count: 5, in: rows(state)), [
            "⚙ get_current_time · time · done",
            "    {",
            "      \"timezone\" : \"UTC\"",
            "    }",
            "  ↳ {  … 3 lines",
        ])
        XCTAssertFalse(rows(state).joined().contains("⚙ called get_current_time"), "the call shows once")
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

    func testTheLastReplyOfTheResumedLoopShowsTheStepsAndTheirTotal() {
        let state = resumed(session(result: ran()))
        let replies = state.transcript.entries.compactMap(\.reply)
        XCTAssertEqual(replies.map(\.toolSteps), [nil, ToolStepsMark(steps: 2, cost: Money(decimalString: "0.0003"))])
        XCTAssertTrue(EntryHeader.headerRuns(replies[1], theme: state.theme).map(\.text).joined().hasSuffix(" · 2 tool steps · $0.0003"))
        XCTAssertEqual(state.transcript.entries.map(Self.kind), ["user", "reply", "tool get_current_time", "reply"])
    }

    func testAResumedRefusalShowsAsARefusalWithItsReason() {
        var result = ToolResult(callID: Self.call.id, text: "The user refused this call; it was not run. Reason: not now",
                                isError: true, name: Self.call.name)
        result.run = ToolRun(server: "time", decision: .refuse(reason: "not now"), durationMs: nil)
        let state = resumed(session(result: result))
        XCTAssertEqual(block(from: "⚙ get_current_time", count: 4, in: rows(state)), [
            "⚙ get_current_time · time · refused: not now",
            "    {",
            "      \"timezone\" : \"UTC\"",
            "    }",
        ])
    }

    func testAResumedCallThatWasNeverAskedAboutShowsNotRun() {
        var result = ToolResult(callID: Self.call.id, text: "No tool named get_current_time is offered; nothing was run.",
                                isError: true, name: Self.call.name)
        result.run = ToolRun(server: nil, decision: nil, durationMs: nil)
        let state = resumed(session(result: result))
        XCTAssertEqual(block(from: "⚙ get_current_time", count: 1, in: rows(state)), ["⚙ get_current_time · not run"])
    }

    func testAResumedSessionShowsTheSameCallRowsAsTheLiveLoopDid() {
        var live = Fixtures.state(width: 180, height: 40)
        let (loop, _) = ToolFixtures.waitingCall(&live)
        _ = update(&live, .command(.approveToolOnce))
        _ = update(&live, .tool(turn: loop, .result(step: 1, ToolFixtures.ran(Self.call, text: Self.resultText))))
        let step = UUID()
        _ = update(&live, .tool(turn: loop, .step(number: 2, turn: step, model: "demo/mini")))
        _ = update(&live, .engine(turn: step, event: .finished(Fixtures.summary(turn: step, text: "It is 19:30 UTC.",
                                                                               cost: Money(decimalString: "0.0002"))),
                                  at: Fixtures.at(500)))
        _ = update(&live, .tool(turn: loop, .stopped(.answered, steps: 2, cost: Money(decimalString: "0.0003"))))
        let state = resumed(session(result: ran()))
        XCTAssertEqual(block(from: "⚙ get_current_time", count: 5, in: rows(state)),
                       block(from: "⚙ get_current_time", count: 5, in: rows(live)))
        XCTAssertEqual(state.transcript.entries.map(Self.kind), live.transcript.entries.map(Self.kind))
        XCTAssertEqual(state.transcript.entries.compactMap(\.reply?.toolSteps), live.transcript.entries.compactMap(\.reply?.toolSteps))
    }

    func testTheNextTurnOfAResumedSessionSendsTheCallsAndResultsAsStored() {
        let loaded = session(result: ran())
        let state = resumed(loaded)
        XCTAssertEqual(state.conversationToSend, loaded.messages.map(\.chatMessage))
        XCTAssertEqual(state.conversationToSend.map(\.role), [.user, .assistant, .tool, .assistant])
        XCTAssertEqual(state.conversationToSend[1].toolCalls, [Self.call])
        XCTAssertEqual(state.conversationToSend[2].toolResults.map(\.callID), [Self.call.id])
    }

    func testALiveLoopsNextTurnSendsTheCallAndItsResult() {
        var state = Fixtures.state(width: 180, height: 40)
        let (loop, _) = ToolFixtures.waitingCall(&state)
        let reply = ChatMessage(role: .assistant, parts: [.toolCall(Self.call)])
        _ = update(&state, .tool(turn: loop, .replied(reply)))
        _ = update(&state, .command(.approveToolOnce))
        _ = update(&state, .tool(turn: loop, .result(step: 1, ToolFixtures.ran(Self.call, text: "19:30"))))
        let results = ChatMessage(role: .tool, parts: [.toolResult(ToolFixtures.ran(Self.call, text: "19:30").sentResult)])
        _ = update(&state, .tool(turn: loop, .resultsSent(results)))
        let step = UUID()
        _ = update(&state, .tool(turn: loop, .step(number: 2, turn: step, model: "demo/mini")))
        _ = update(&state, .engine(turn: step, event: .finished(Fixtures.summary(turn: step, text: "It is 19:30 UTC.")),
                                   at: Fixtures.at(500)))
        _ = update(&state, .tool(turn: loop, .stopped(.answered, steps: 2, cost: nil)))
        XCTAssertEqual(state.conversationToSend, [.user("what time is it?"), reply, results, .assistant("It is 19:30 UTC.")])
    }

    func testAResultWithoutACallToAnswerStaysANotice() {
        let orphan = StoredMessage(role: .tool, text: "12:00", parts: [.toolResult(ToolResult(callID: "nobody", text: "12:00"))])
        let loaded = LoadedSession(id: "orphan", title: "t", model: "demo/mini",
                                   messages: [StoredMessage(role: .user, text: "hi"), orphan])
        let state = resumed(loaded)
        XCTAssertEqual(state.transcript.entries.map(Self.kind), ["user", "notice"])
    }

    private static func kind(_ entry: TranscriptEntry) -> String {
        switch entry.kind {
        case .user: "user"
        case .assistant: "reply"
        case .tool(let meta): "tool " + meta.call.name
        case .notice: "notice"
        case .divider: "divider"
        }
    }
}
