import XCTest
import SwitchboardCore
@testable import SwitchboardTUI

/// The meter is drawn every frame: the conversation is counted again only when it changes, a keystroke counts only
/// the draft, and a reply still streaming is estimated rather than tokenised again at every frame.
final class ContextMeterMemoTests: XCTestCase {
    private func openAIState(turns: Int) -> AppState {
        var state = Fixtures.state(width: 90, height: 40, model: "openai/gpt-4o-mini")
        for index in 0..<turns { _ = Fixtures.completeTurn("question \(index)", answer: "answer number \(index)", &state) }
        return state
    }

    func testFramesThatChangeNothingDoNotCountAgain() {
        let state = openAIState(turns: 10)
        let first = state.nextRequestCount
        let misses = state.meterMemo.misses
        for _ in 0..<5 { XCTAssertEqual(state.nextRequestCount, first) }
        XCTAssertEqual(state.meterMemo.misses, misses)
    }

    func testTypingCountsTheDraftAloneAndTheTotalIsStillTheRequestsCount() throws {
        var state = openAIState(turns: 10)
        _ = state.nextRequestCount
        let misses = state.meterMemo.misses
        _ = update(&state, .typeText("and one more question about tokenizers"))
        let meter = state.nextRequestCount
        XCTAssertEqual(state.meterMemo.misses, misses, "the conversation was not counted again")
        let draft = try XCTUnwrap(state.draftMessage)
        XCTAssertEqual(meter, RequestTokens.count(state.conversationToSend + [draft], options: state.turnOptions,
                                                 counter: .exact(.o200kBase)))
        XCTAssertTrue(meter.isExact)
    }

    func testAStreamingReplyIsEstimatedUntilItEndsThenCountedExactly() throws {
        var state = openAIState(turns: 3)
        let (turn, _) = Fixtures.send("tell me a long story", &state)
        _ = update(&state, .engine(turn: turn, event: .routed(Fixtures.route, attempt: 1), at: Fixtures.at(0)))
        _ = update(&state, .engine(turn: turn, event: .delta("Once upon a time"), at: Fixtures.at(10)))
        let streaming = state.nextRequestCount
        XCTAssertFalse(streaming.isExact, "a reply still streaming is marked as an estimate")
        let misses = state.meterMemo.misses
        for index in 0..<50 {
            _ = update(&state, .engine(turn: turn, event: .delta(" and then \(index)"), at: Fixtures.at(20 + index)))
            _ = state.nextRequestCount
        }
        XCTAssertEqual(state.meterMemo.misses, misses, "streamed text does not make the conversation count again")
        XCTAssertGreaterThan(state.nextRequestCount.tokens, streaming.tokens, "the estimate grows with the reply")

        let text = try XCTUnwrap(state.transcript.entries.last?.text)
        _ = update(&state, .engine(turn: turn, event: .finished(Fixtures.summary(turn: turn, text: text)), at: Fixtures.at(200)))
        let finished = state.nextRequestCount
        XCTAssertTrue(finished.isExact)
        XCTAssertEqual(finished, RequestTokens.count(state.conversationToSend, options: state.turnOptions,
                                                    counter: .exact(.o200kBase)))
    }

    func testSwitchingModelCountsAgainWithTheNewModelsTokenizer() {
        var state = openAIState(turns: 3)
        XCTAssertTrue(state.nextRequestCount.isExact)
        state.model = "demo/mini"
        XCTAssertFalse(state.nextRequestCount.isExact)
        XCTAssertEqual(state.nextRequestTokens, RequestTokens.count(state.conversationToSend, options: state.turnOptions))
    }
}
