import XCTest
import SwitchboardCore
@testable import SwitchboardTUI

final class UpdateCompareTests: XCTestCase {
    private func comparing(_ models: [String] = ["demo/mini", "demo/pro"]) -> AppState {
        var state = Fixtures.state()
        _ = update(&state, .typeText("/compare " + models.joined(separator: ",")))
        _ = update(&state, .command(.send))
        return state
    }

    func testCompareModeSendsOnePromptToEveryModelAtOnce() {
        var state = Fixtures.state()
        _ = Fixtures.completeTurn("earlier", answer: "earlier answer", &state)
        _ = update(&state, .typeText("/compare demo/mini, demo/pro"))
        XCTAssertTrue(update(&state, .command(.send)).isEmpty, "a workbench command sends nothing")
        XCTAssertEqual(state.compareModels, ["demo/mini", "demo/pro"])
        _ = update(&state, .typeText("Which is faster?"))
        let effects = update(&state, .command(.send))
        XCTAssertEqual(effects.map(\.name), ["persistUserMessage", "startTurn", "startTurn"])
        let requests = effects.compactMap { effect -> TurnRequest? in
            if case .startTurn(_, let request, _) = effect { return request } else { return nil }
        }
        XCTAssertEqual(requests.map(\.model), [ModelRef(id: "demo/mini"), ModelRef(id: "demo/pro")])
        XCTAssertNotEqual(requests[0].id, requests[1].id, "each answer is a turn of its own")
        XCTAssertTrue(requests.allSatisfy { $0.messages == [.user("earlier"), .assistant("earlier answer"), .user("Which is faster?")] })
        XCTAssertTrue(requests.allSatisfy { $0.applyRules == false }, "task rules would send every column to one route")
        guard case .persistUserMessage(_, let promptTurn, _, _, _, _) = effects[0] else { return XCTFail() }
        XCTAssertEqual(promptTurn, requests[0].id, "the prompt is stored under the first column's turn")
        XCTAssertEqual(state.turns.map(\.promptTurn), [promptTurn, promptTurn])
        let answered = effects.compactMap { if case .startTurn(_, _, let turn) = $0 { turn } else { nil } }
        XCTAssertEqual(answered, [promptTurn, promptTurn], "each column's effect says which prompt it answers")
        XCTAssertEqual(state.transcript.comparison?.columns.count, 2)
        XCTAssertEqual(state.transcript.chatMessages.count, 3, "no compared answer is part of the conversation yet")
        XCTAssertEqual(state.focus, .transcript, "the keys go to the answers")
    }

    func testAnswersStreamIntoTheirOwnColumnsSideBySide() {
        var state = comparing()
        let turns = Fixtures.compare("Say hi", models: ["demo/mini", "demo/pro"], answers: ["MINI-TEXT", "PRO-TEXT"],
                                     finish: false, &state)
        XCTAssertEqual(turns.count, 2)
        let columns = state.transcript.comparison?.columns ?? []
        XCTAssertEqual(columns.map(\.text), ["MINI-TEXT", "PRO-TEXT"])
        XCTAssertEqual(columns.map { $0.reply?.status }, [.streaming, .streaming])
        let screen = Fixtures.rendered(state)
        XCTAssertTrue(screen.contains { $0.contains("MINI-TEXT") && $0.contains("PRO-TEXT") }, screen.joined(separator: "\n"))
        XCTAssertTrue(screen.contains { $0.contains("1 ▸ demo/mini") && $0.contains("2 ▸ demo/pro") })
        XCTAssertTrue(screen.contains { $0.contains("Compare · 2 answers to “Say hi”") })
    }

    func testPickingAnAnswerContinuesFromItAndStopsTheOthers() {
        var state = comparing()
        let turns = Fixtures.compare("Say hi", models: ["demo/mini", "demo/pro"], answers: ["mini says hi", "pro says hi"],
                                     finish: false, &state)
        _ = update(&state, .engine(turn: turns[1], event: .finished(Fixtures.summary(turn: turns[1], text: "pro says hi")),
                                   at: Fixtures.at(500)))
        _ = update(&state, .command(.selectNext))
        XCTAssertEqual(state.transcript.comparison?.selection, 1)
        let effects = update(&state, .command(.choose))
        XCTAssertEqual(effects.map(\.name), ["cancelTurn", "chooseReply"])
        if case .cancelTurn(let id) = effects[0] { XCTAssertEqual(id, turns[0]) }
        if case .chooseReply(let id) = effects[1] { XCTAssertEqual(id, turns[1]) }
        XCTAssertNil(state.transcript.comparison)
        XCTAssertEqual(state.transcript.chatMessages, [.user("Say hi"), .assistant("pro says hi")])
        XCTAssertEqual(state.model, "demo/pro")
        XCTAssertTrue(state.compareModels.isEmpty, "compare mode ends with the pick")
        XCTAssertEqual(state.focus, .input)

        // The stopped answer ends (the runner's recorder stores it), without touching the conversation.
        let late = update(&state, .engine(turn: turns[0], event: .finished(Fixtures.summary(turn: turns[0], text: "mini says",
                                                                                             complete: false, cancelled: true)),
                                          at: Fixtures.at(600)))
        XCTAssertTrue(late.map(\.name).contains("refreshSpend"))
        XCTAssertTrue(state.turns.isEmpty)
        XCTAssertEqual(state.transcript.chatMessages, [.user("Say hi"), .assistant("pro says hi")])
    }

    func testAnAnswerStillStreamingOrFailedCannotBePicked() {
        var state = comparing()
        let turns = Fixtures.compare("q", models: ["demo/mini", "demo/pro"], answers: ["a", "b"], finish: false, &state)
        XCTAssertTrue(update(&state, .command(.choose)).isEmpty)
        XCTAssertEqual(state.status?.level, .warning)
        _ = update(&state, .engine(turn: turns[0], event: .failed(TurnFailure(errors: [], attempts: [], summary: "no luck")),
                                   at: Fixtures.at(500)))
        XCTAssertEqual(state.transcript.comparison?.columns.first?.reply?.status, .failed("no luck"))
        XCTAssertTrue(update(&state, .command(.choose)).isEmpty)
        XCTAssertNotNil(state.transcript.comparison)
    }

    func testSendingWaitsForAPick() {
        var state = comparing()
        _ = Fixtures.compare("q", models: ["demo/mini", "demo/pro"], answers: ["a", "b"], &state)
        state.focus = .input
        _ = update(&state, .typeText("next"))
        XCTAssertTrue(update(&state, .command(.send)).isEmpty)
        XCTAssertEqual(state.input.text, "next", "the draft is kept")
        XCTAssertEqual(state.focus, .transcript)
    }

    func testEscapeStopsEveryAnswerInFlight() {
        var state = comparing()
        _ = Fixtures.compare("q", models: ["demo/mini", "demo/pro"], answers: ["a", "b"], finish: false, &state)
        let effects = update(&state, .command(.back))
        XCTAssertEqual(effects.map(\.name), ["cancelTurn", "cancelTurn"])
        XCTAssertTrue(state.turns.allSatisfy(\.cancelRequested))
    }

    func testColumnsScrollTogetherAndFollowTheEnd() {
        var state = comparing()
        let long = (1...80).map { "line \($0)" }.joined(separator: "\n\n")
        _ = Fixtures.compare("q", models: ["demo/mini", "demo/pro"], answers: [long, "short"], &state)
        Fixtures.settledScroll(&state)
        XCTAssertNil(state.conversationView.compareTop)
        _ = update(&state, .command(.scrollTop))
        Fixtures.settledScroll(&state)
        XCTAssertEqual(state.conversationView.compareTop, 0)
        XCTAssertTrue(Fixtures.rendered(state).contains { $0.contains("● demo/mini") && $0.contains("● demo/pro") })
        _ = update(&state, .command(.pageDown))
        Fixtures.settledScroll(&state)
        XCTAssertGreaterThan(state.conversationView.compareTop ?? 0, 0)
        _ = update(&state, .command(.scrollBottom))
        Fixtures.settledScroll(&state)
        XCTAssertNil(state.conversationView.compareTop)
        XCTAssertTrue(Fixtures.rendered(state).contains { $0.contains("line 80") })
    }

    func testNarrowPanesShowTheColumnsAroundTheSelection() {
        var state = Fixtures.state(width: 80)
        _ = update(&state, .typeText("/compare demo/mini,demo/pro,fast"))
        _ = update(&state, .command(.send))
        _ = Fixtures.compare("q", models: ["demo/mini", "demo/pro", "fast"], answers: ["A1", "B2", "C3"], &state)
        _ = update(&state, .command(.selectNext))
        _ = update(&state, .command(.selectNext))
        let screen = Fixtures.rendered(state).joined(separator: "\n")
        XCTAssertTrue(screen.contains("Compare · 3 of 3 answers"), screen)
        XCTAssertTrue(screen.contains("3 ✓ fast"), screen)
    }

    func testResumingASessionWithAnswersAwaitingAPickReopensTheComparison() {
        var state = Fixtures.state()
        let turn = UUID()
        let session = LoadedSession(id: "s1", title: "t", model: "demo/mini",
                                    messages: [StoredMessage(role: .user, text: "q", turnID: turn)],
                                    task: "code",
                                    comparison: [StoredMessage(role: .assistant, text: "one", model: "demo/mini", turnID: turn),
                                                 StoredMessage(role: .assistant, text: "two", model: "demo/pro", turnID: UUID())])
        _ = update(&state, .sessionLoaded(session))
        XCTAssertEqual(state.transcript.comparison?.columns.map(\.text), ["one", "two"])
        XCTAssertEqual(state.focus, .transcript)
        XCTAssertEqual(state.task, "code")
        let effects = update(&state, .command(.choose))
        // The pick is stored first, then the tree is read again (the picked answer's versions).
        XCTAssertEqual(effects.map(\.name), ["chooseReply", "loadTree"])
        XCTAssertEqual(state.transcript.chatMessages, [.user("q"), .assistant("one")])
    }

    func testWhenEveryAnswerFailsTheComparisonEndsAndTheErrorsStay() {
        var state = comparing()
        let turns = Fixtures.compare("q", models: ["demo/mini", "demo/pro"], answers: ["", ""], finish: false, &state)
        for (index, turn) in turns.enumerated() {
            _ = update(&state, .engine(turn: turn, event: .failed(TurnFailure(errors: [], attempts: [], summary: "down \(index)")),
                                       at: Fixtures.at(500 + index)))
        }
        XCTAssertNil(state.transcript.comparison, "nothing to pick: the comparison must not trap the user")
        XCTAssertEqual(state.transcript.entries.compactMap { $0.reply?.status }, [.failed("down 0"), .failed("down 1")])
        XCTAssertEqual(state.focus, .input)
        XCTAssertEqual(state.status?.text, "every compared answer failed: see why under each")
        let (_, effects) = Fixtures.send("try again", &state)
        XCTAssertEqual(effects.map(\.name), ["persistUserMessage", "startTurn", "startTurn"], "compare mode is still on")
    }

    func testAnAnswerDroppedByThePickFailsOutOfSight() {
        var state = comparing()
        let turns = Fixtures.compare("q", models: ["demo/mini", "demo/pro"], answers: ["a", "b"], finish: false, &state)
        _ = update(&state, .engine(turn: turns[0], event: .finished(Fixtures.summary(turn: turns[0], text: "a")), at: Fixtures.at(400)))
        _ = update(&state, .command(.choose))
        let status = state.status
        let effects = update(&state, .engine(turn: turns[1], event: .failed(TurnFailure(errors: [], attempts: [], summary: "cancelled")),
                                             at: Fixtures.at(500)))
        XCTAssertEqual(state.status, status, "the pick's message stays")
        XCTAssertTrue(effects.map(\.name).contains("refreshSpend"))
        XCTAssertEqual(state.transcript.chatMessages, [.user("q"), .assistant("a")])
    }

}
