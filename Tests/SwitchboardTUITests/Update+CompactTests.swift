import XCTest
import SwitchboardCore
@testable import SwitchboardTUI

/// The context meter counts what the next request sends; `/compact` and `auto_compact_at` put a summary in place
/// of the turns so far.
final class UpdateCompactTests: XCTestCase {
    private func request(in effects: [Effect]) -> TurnRequest? {
        for case .startTurn(_, let request, _) in effects { return request }
        return nil
    }

    private func compaction(in effects: [Effect]) -> (TurnRequest, Compaction.Plan)? {
        for case .startCompaction(_, let request, let plan) in effects { return (request, plan) }
        return nil
    }

    /// Finishes the compaction turn in flight with `summary` as its text.
    @discardableResult
    private func finishCompaction(_ summary: String, complete: Bool = true, _ state: inout AppState) -> [Effect] {
        guard let turn = state.context.inFlight?.turn else { XCTFail("no compaction in flight"); return [] }
        var effects = update(&state, .engine(turn: turn, event: .routed(Fixtures.route, attempt: 1), at: Fixtures.at(0)))
        effects += update(&state, .engine(turn: turn, event: .delta(summary), at: Fixtures.at(10)))
        effects += update(&state, .engine(turn: turn, event: .finished(Fixtures.summary(turn: turn, text: summary,
                                                                                        complete: complete)), at: Fixtures.at(20)))
        return effects
    }

    func testTheMeterCountsExactlyTheRequestTheTurnThenSends() throws {
        var state = Fixtures.state()
        _ = Fixtures.completeTurn("first question", answer: "a long first answer " + String(repeating: "x", count: 400), &state)
        state.attachments = [Attachment(name: "shot.png", size: 3,
                                        part: .image(ImagePart(.bytes(Data([1, 2, 3]), mediaType: "image/png"))))]
        _ = update(&state, .typeText("and this picture?"))
        let meter = state.contextTokens
        let sent = try XCTUnwrap(request(in: update(&state, .command(.send))))
        XCTAssertEqual(meter, RequestTokens.count(sent))
        XCTAssertGreaterThan(meter, RequestTokens.perAttachment, "the picture counts as the adapter reserves for it")
    }

    func testTheMeterAfterACompactionCountsTheSummaryNotTheTurns() throws {
        var state = Fixtures.state()
        _ = Fixtures.completeTurn("q1", answer: String(repeating: "long answer ", count: 300), &state)
        let before = state.contextTokens
        _ = update(&state, .typeText("/compact"))
        _ = update(&state, .command(.send))
        finishCompaction("short summary", &state)
        XCTAssertLessThan(state.contextTokens, before / 10)
        _ = update(&state, .typeText("next"))
        let meter = state.contextTokens
        let sent = try XCTUnwrap(request(in: update(&state, .command(.send))))
        XCTAssertEqual(meter, RequestTokens.count(sent))
    }

    func testCompactSummarisesEveryTurnWithTheCheapestModelAndTheSummaryIsSentInstead() throws {
        var state = Fixtures.state(model: "demo/pro")
        _ = Fixtures.completeTurn("what is a monad", answer: "A monad is a pattern.", &state)
        _ = Fixtures.completeTurn("and a functor", answer: "A functor maps.", &state)
        _ = update(&state, .typeText("/compact"))
        let (summaryRequest, plan) = try XCTUnwrap(compaction(in: update(&state, .command(.send))))
        XCTAssertEqual(summaryRequest.model.id, "demo/mini", "the cheapest available model writes the summary")
        XCTAssertEqual(plan.turns, 2)
        let prompt = summaryRequest.messages.last?.text ?? ""
        XCTAssertTrue(prompt.contains("what is a monad") && prompt.contains("A functor maps."), prompt)
        XCTAssertTrue(state.isStreaming, "the summary turn is in flight like a turn (Ctrl-C cancels it)")
        let costBefore = state.stats.cost

        finishCompaction("They asked about monads and functors.", &state)

        XCTAssertFalse(state.isStreaming)
        XCTAssertNotEqual(state.stats.cost, costBefore, "the summary's cost counts like a turn's")
        let divider = try XCTUnwrap(state.transcript.entries.last)
        XCTAssertEqual(divider.kind, .divider)
        XCTAssertTrue(divider.text.hasPrefix("compacted 2 turns into a summary ("), divider.text)
        XCTAssertTrue(divider.text.hasSuffix(" · demo/mini $0.0001"), divider.text)
        XCTAssertTrue(state.transcript.entries.contains { $0.text == "A monad is a pattern." }, "the originals stay on screen")

        _ = update(&state, .typeText("go on"))
        let next = try XCTUnwrap(request(in: update(&state, .command(.send))))
        XCTAssertEqual(next.messages.map(\.role), [.system, .user])
        XCTAssertTrue(next.messages[0].text.contains("They asked about monads and functors."))
        XCTAssertEqual(next.messages[1].text, "go on")
        XCTAssertFalse(next.messages.contains { $0.text.contains("what is a monad") })
    }

    func testASecondCompactionSummarisesTheSummaryAndTheTurnsSince() throws {
        var state = Fixtures.state()
        _ = Fixtures.completeTurn("q1", answer: "a1", &state)
        _ = update(&state, .typeText("/compact"))
        _ = update(&state, .command(.send))
        finishCompaction("S1", &state)
        _ = update(&state, .typeText("/compact"))
        XCTAssertNil(compaction(in: update(&state, .command(.send))), "nothing new to compact")
        XCTAssertTrue(state.status?.text.contains("nothing to compact") == true, state.status?.text ?? "")
        _ = Fixtures.completeTurn("q2", answer: "a2", &state)
        _ = update(&state, .typeText("/compact"))
        let (request, plan) = try XCTUnwrap(compaction(in: update(&state, .command(.send))))
        XCTAssertEqual(plan.turns, 1)
        let prompt = request.messages.last?.text ?? ""
        XCTAssertTrue(prompt.contains("S1") && prompt.contains("q2") && !prompt.contains("q1"), prompt)
    }

    func testCompactWithNoRepliesSaysSo() {
        var state = Fixtures.state()
        _ = update(&state, .typeText("/compact"))
        XCTAssertTrue(update(&state, .command(.send)).isEmpty)
        XCTAssertEqual(state.status?.text, "nothing to compact yet: no replies in this session")
    }

    func testAFailedCompactionReplacesNothing() throws {
        var state = Fixtures.state()
        _ = Fixtures.completeTurn("q1", answer: "a1", &state)
        _ = update(&state, .typeText("/compact"))
        _ = update(&state, .command(.send))
        let turn = try XCTUnwrap(state.context.inFlight?.turn)
        _ = update(&state, .engineError(turn: turn, message: "no route"))
        XCTAssertNil(state.context.summary)
        XCTAssertFalse(state.isStreaming)
        XCTAssertTrue(state.status?.text.contains("nothing was replaced") == true)
        XCTAssertEqual(state.conversationToSend.map(\.text), ["q1", "a1"])
    }

    func testAutoCompactHoldsTheMessageAndSendsItAfterTheSummary() throws {
        var state = Fixtures.state()
        state.context.autoCompactAt = 0.5
        let window = try XCTUnwrap(state.currentEntry?.contextWindow)
        // A turn that fills well over half of demo/mini's window.
        _ = Fixtures.completeTurn("q1", answer: String(repeating: "word ", count: window / 2), &state)
        _ = update(&state, .typeText("next question"))
        let effects = update(&state, .command(.send))
        XCTAssertNotNil(compaction(in: effects))
        XCTAssertNil(request(in: effects), "the turn waits for the summary")
        XCTAssertTrue(state.input.isEmpty)

        let after = finishCompaction("S", &state)
        let sent = try XCTUnwrap(request(in: after), "the held message goes right after")
        XCTAssertEqual(sent.messages.map(\.text).last, "next question")
        XCTAssertEqual(sent.messages.count, 2, "summary + the held message")
        XCTAssertTrue(state.transcript.entries.contains { $0.kind == .user && $0.text == "next question" })
    }

    func testAutoCompactThatFailsStillSendsTheMessage() throws {
        var state = Fixtures.state()
        state.context.autoCompactAt = 0.5
        let window = try XCTUnwrap(state.currentEntry?.contextWindow)
        _ = Fixtures.completeTurn("q1", answer: String(repeating: "word ", count: window / 2), &state)
        _ = update(&state, .typeText("next question"))
        _ = update(&state, .command(.send))
        let sent = try XCTUnwrap(request(in: finishCompaction("", complete: false, &state)))
        XCTAssertEqual(sent.messages.map(\.text), ["q1", String(repeating: "word ", count: window / 2), "next question"])
    }

    func testBelowTheShareNothingIsCompacted() throws {
        var state = Fixtures.state()
        state.context.autoCompactAt = 0.8
        _ = Fixtures.completeTurn("q1", answer: "a1", &state)
        _ = update(&state, .typeText("q2"))
        let effects = update(&state, .command(.send))
        XCTAssertNotNil(request(in: effects))
        XCTAssertNil(compaction(in: effects))
    }

    func testAConfiguredCompactModelIsUsed() throws {
        var state = Fixtures.state()
        state.context.compactModel = "demo/pro"
        _ = Fixtures.completeTurn("q1", answer: "a1", &state)
        _ = update(&state, .typeText("/compact"))
        let (request, _) = try XCTUnwrap(compaction(in: update(&state, .command(.send))))
        XCTAssertEqual(request.model.id, "demo/pro")
    }

    func testAResumedSessionSendsItsStoredSummaryAndShowsTheDivider() throws {
        var state = Fixtures.state()
        let turn = UUID()
        var session = LoadedSession(id: "s1", title: "T", model: "demo/mini", messages: [
            .init(role: .user, text: "old question", turnID: turn),
            .init(role: .assistant, text: "old answer", model: "demo/mini", turnID: turn),
        ])
        session.compaction = SessionCompaction(turn: UUID(), throughTurn: turn, summary: "the gist", turns: 1,
                                               tokensBefore: 1_234, tokensAfter: 56, model: "demo/mini",
                                               cost: Money(Decimal(string: "0.0002") ?? 0))
        _ = update(&state, .sessionLoaded(session))
        XCTAssertEqual(state.transcript.entries.last?.text,
                       "compacted 1 turn into a summary (1,234 tokens → 56) · demo/mini $0.0002")
        XCTAssertEqual(state.stats.cost, Money(Decimal(string: "0.0002") ?? 0), "the summary's cost counts in the session's")
        XCTAssertEqual(state.conversationToSend.count, 1)
        XCTAssertTrue(state.conversationToSend[0].text.hasSuffix("the gist"))
        // Another session does not inherit it.
        _ = update(&state, .command(.newSession))
        _ = Fixtures.completeTurn("fresh", answer: "new", &state)
        XCTAssertEqual(state.conversationToSend.map(\.text), ["fresh", "new"])
    }
}

/// Ctrl-C while an automatic compaction runs stops it and the turn it was for.
final class UpdateCompactCancelTests: XCTestCase {
    func testCancellingAnAutomaticCompactionPutsTheMessageBackUnsent() throws {
        var state = Fixtures.state()
        state.context.autoCompactAt = 0.5
        let window = try XCTUnwrap(state.currentEntry?.contextWindow)
        _ = Fixtures.completeTurn("q1", answer: String(repeating: "word ", count: window / 2), &state)
        _ = update(&state, .typeText("next question"))
        _ = update(&state, .command(.send))
        let turn = try XCTUnwrap(state.context.inFlight?.turn)
        let cancel = update(&state, .command(.interrupt))
        guard case .cancelTurn(turn) = cancel.first else { return XCTFail("Ctrl-C cancels the compaction: \(cancel.map(\.name))") }
        let after = update(&state, .engine(turn: turn, event: .finished(Fixtures.summary(turn: turn, text: "partial", complete: false,
                                                                                         cancelled: true)), at: Fixtures.at(5)))
        XCTAssertFalse(after.contains { if case .startTurn = $0 { true } else { false } }, "nothing is sent")
        XCTAssertEqual(state.input.text, "next question")
        XCTAssertNil(state.context.summary)
        XCTAssertEqual(state.status?.text, "compaction cancelled: your message is back in the box, unsent")
    }
}
