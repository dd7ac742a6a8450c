import XCTest
@testable import SwitchboardCore
@testable import SwitchboardTUI

final class UpdateEngineTests: XCTestCase {
    private func started() -> (AppState, UUID) {
        var state = Fixtures.state()
        let (turn, _) = Fixtures.send("question", &state)
        return (state, turn)
    }

    /// The store hears of the turn from the effect runner's `TurnRecorder`, not from `update`.
    func testRoutedShowsTheRouteAndAsksTheStoreForNothing() {
        var (state, turn) = started()
        let first = update(&state, .engine(turn: turn, event: .routed(Fixtures.route, attempt: 1), at: Fixtures.at(0)))
        XCTAssertTrue(first.isEmpty)
        let second = update(&state, .engine(turn: turn, event: .routed(Fixtures.route, attempt: 2), at: Fixtures.at(5)))
        XCTAssertTrue(second.isEmpty)
        XCTAssertEqual(state.transcript.entries.last?.reply?.route, Fixtures.route)
    }

    func testDeltasAppend() {
        var (state, turn) = started()
        _ = update(&state, .engine(turn: turn, event: .routed(Fixtures.route, attempt: 1), at: Fixtures.at(0)))
        for step in 0..<20 {
            let effects = update(&state, .engine(turn: turn, event: .delta("w\(step) "), at: Fixtures.at(100 + step * 50)))
            XCTAssertTrue(effects.isEmpty)
        }
        XCTAssertEqual(state.transcript.entries.last?.text.hasPrefix("w0 w1 w2"), true)
        XCTAssertEqual(state.transcript.entries.last?.reply?.status, .streaming)
        XCTAssertEqual(state.turn?.firstTokenAt, Fixtures.at(100))
    }

    func testPlannedRouteIsKeptForWhyAndNoticesShowInline() {
        var (state, turn) = started()
        let decision = RouteDecision(requested: "demo/mini", candidates: [], rejected: [], notes: ["explicit"], difficulty: nil, promptTokens: 5)
        let effects = update(&state, .engine(turn: turn, event: .planned(decision), at: Fixtures.at(0)))
        XCTAssertTrue(effects.isEmpty, "the recorder stores the decision")
        XCTAssertEqual(state.routeExplanations[turn], RouteExplanation(decision))
        _ = update(&state, .engine(turn: turn, event: .notice("budget at 85% of the daily limit"), at: Fixtures.at(1)))
        XCTAssertEqual(state.transcript.entries.last?.reply?.notes, ["budget at 85% of the daily limit"])
    }

    func testUsageUpdatesTheHeaderLive() {
        var (state, turn) = started()
        _ = update(&state, .engine(turn: turn, event: .usage(Usage(input: 5, output: 7)), at: Fixtures.at(0)))
        XCTAssertEqual(state.transcript.entries.last?.reply?.usage, Usage(input: 5, output: 7))
    }

    func testFailuresRetriesAndFallbacksShowInline() {
        var (state, turn) = started()
        let record = Fixtures.attempt(turn: turn, outcome: .failed(.rateLimited, afterFirstToken: false), provider: "openai")
        let error = ProviderError(kind: .rateLimited, provider: "openai", message: "slow down")
        _ = update(&state, .engine(turn: turn, event: .attemptFailed(record, error), at: Fixtures.at(0)))
        _ = update(&state, .engine(turn: turn, event: .retrying(Fixtures.route, after: .milliseconds(500), because: error), at: Fixtures.at(1)))
        _ = update(&state, .engine(turn: turn, event: .fallback(from: Fixtures.route, to: Fixtures.route, because: error), at: Fixtures.at(2)))
        let notes = state.transcript.entries.last?.reply?.notes ?? []
        XCTAssertEqual(notes.count, 3)
        XCTAssertTrue(notes[0].contains("via openai failed"))
        XCTAssertTrue(notes[1].contains("retrying demo in 500 ms"))
        XCTAssertTrue(notes[2].hasPrefix("falling back to demo/mini"))
        XCTAssertEqual(state.stats.providers["openai"]?.failures, 1)
    }

    func testFinishedFillsTheHeaderSidebarAndStore() {
        var (state, turn) = started()
        _ = update(&state, .engine(turn: turn, event: .routed(Fixtures.route, attempt: 1), at: Fixtures.at(0)))
        _ = update(&state, .engine(turn: turn, event: .delta("Hello"), at: Fixtures.at(10)))
        let effects = update(&state, .engine(turn: turn, event: .finished(Fixtures.summary(turn: turn, text: "Hello")), at: Fixtures.at(20)))
        XCTAssertEqual(effects.map(\.name), ["refreshSpend", "refreshModelStats", "refreshHealth"])
        XCTAssertNil(state.turn)
        let reply = state.transcript.entries.last?.reply
        XCTAssertEqual(reply?.status, .complete)
        XCTAssertEqual(reply?.cost, Money(Decimal(string: "0.0001") ?? 0))
        XCTAssertEqual(state.stats.turnCosts.count, 1)
        XCTAssertEqual(state.stats.providers["demo"]?.successes, 1)
    }

    func testUnknownCostStaysUnknown() {
        var state = Fixtures.state()
        _ = Fixtures.completeTurn("q", answer: "a", cost: nil, &state)
        XCTAssertEqual(state.stats.sessionCostText, "unknown")
        let header = EntryHeader.headerRuns(state.transcript.entries.last?.reply ?? ReplyMeta(requestedModel: ""), theme: .builtinDefault)
        XCTAssertTrue(header.map(\.text).joined().contains("unknown"))
        XCTAssertFalse(header.map(\.text).joined().contains("$0.00"))
    }

    func testCancelledTurnKeepsThePartialAnswer() {
        var (state, turn) = started()
        _ = update(&state, .engine(turn: turn, event: .delta("Half an ans"), at: Fixtures.at(10)))
        let summary = Fixtures.summary(turn: turn, text: "Half an ans", complete: false, cancelled: true)
        let effects = update(&state, .engine(turn: turn, event: .finished(summary), at: Fixtures.at(20)))
        XCTAssertEqual(state.transcript.entries.last?.reply?.status, .cancelled)
        XCTAssertEqual(state.transcript.entries.last?.text, "Half an ans")
        XCTAssertEqual(effects.first?.name, "refreshSpend")
    }

    func testFailedTurnIsMarkedAndStored() {
        var (state, turn) = started()
        let failure = TurnFailure(errors: [], attempts: [], summary: "every attempt failed")
        let effects = update(&state, .engine(turn: turn, event: .failed(failure), at: Fixtures.at(0)))
        XCTAssertEqual(state.transcript.entries.last?.reply?.status, .failed("every attempt failed"))
        XCTAssertTrue(effects.contains { $0.name == "refreshSpend" })
        XCTAssertNil(state.turn)
    }

    func testEngineErrorFailsTheTurn() {
        var (state, turn) = started()
        _ = update(&state, .engineError(turn: turn, message: "unknown model 'x'"))
        XCTAssertEqual(state.transcript.entries.last?.reply?.status, .failed("unknown model 'x'"))
        XCTAssertNil(state.turn)
    }

    func testEventsOfAnotherTurnAreDropped() {
        var (state, _) = started()
        let before = state.transcript
        XCTAssertTrue(update(&state, .engine(turn: UUID(), event: .delta("stray"), at: Fixtures.at(0))).isEmpty)
        XCTAssertEqual(state.transcript, before)
    }

    func testQuitWhileStreamingWaitsForTheFinalEvent() {
        var (state, turn) = started()
        XCTAssertEqual(update(&state, .command(.quit)).map(\.name), ["cancelTurn"])
        let summary = Fixtures.summary(turn: turn, text: "", complete: false, cancelled: true)
        let effects = update(&state, .engine(turn: turn, event: .finished(summary), at: Fixtures.at(1)))
        XCTAssertEqual(effects.last?.name, "quit")
    }
}
