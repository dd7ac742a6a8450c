import XCTest
import SwitchboardCore
@testable import SwitchboardTUI

/// The context meter counts with the model's own tokenizer where Switchboard bundles it, and marks estimates `~`.
final class ContextMeterTests: XCTestCase {
    private func sidebar(_ state: AppState) -> [String] {
        var buffer = ScreenBuffer(size: state.size)
        guard let rect = state.screen.sidebar else { return [] }
        SidebarView(state).render(in: rect, into: &buffer)
        return buffer.lines().map { String(Array($0).dropFirst(rect.x)).trimmingCharacters(in: .whitespaces) }
    }

    private func context(_ lines: [String]) -> String? {
        lines.first { $0.hasPrefix("Context ") }.map { String($0.dropFirst("Context".count)).trimmingCharacters(in: .whitespaces) }
    }

    func testAnOpenAIModelIsCountedExactlyAsTheTurnWillSend() throws {
        var state = Fixtures.state(width: 90, height: 40, model: "openai/gpt-4o-mini")
        _ = Fixtures.completeTurn("What is BPE?", answer: "Byte-pair encoding merges frequent pairs.", &state)
        _ = update(&state, .typeText("And who uses o200k_base?"))
        let meter = state.nextRequestCount
        XCTAssertTrue(meter.isExact)
        let tokenizer = try XCTUnwrap(TokenEncoding.o200kBase.tokenizer)
        // OpenAI's framing: 3 per message plus its role (one token each), 3 for the reply.
        let expected = 3 + [("What is BPE?"), ("Byte-pair encoding merges frequent pairs."), ("And who uses o200k_base?")]
            .reduce(0) { $0 + 3 + 1 + tokenizer.count($1) }
        XCTAssertEqual(meter.tokens, expected)
        XCTAssertEqual(context(sidebar(state)), "\(meter.tokens)/128K 0%", "no ~ on an exact count")
        var effects: [Effect] = []
        effects = update(&state, .command(.send))
        var sent: TurnRequest?
        for case .startTurn(_, let request, _) in effects { sent = request }
        let request = try XCTUnwrap(sent)
        XCTAssertEqual(RequestTokens.count(request.messages, options: request.options, counter: .exact(.o200kBase)), meter)
    }

    func testModelsWithoutATokenizerShowTheEstimateMarked() {
        var state = Fixtures.state(width: 90, height: 40)
        _ = update(&state, .typeText("hello there"))
        XCTAssertFalse(state.nextRequestCount.isExact)
        XCTAssertEqual(state.nextRequestTokens, RequestTokens.count([.user("hello there")]))
        XCTAssertEqual(context(sidebar(state))?.hasPrefix("~\(state.nextRequestTokens)/"), true)

        var narrow = ScreenBuffer(size: Size(width: 60, height: 1))
        SummaryLine(stats: state.stats, contextWindow: 128_000, context: state.nextRequestCount, turn: nil,
                    theme: state.theme).render(in: Rect(x: 0, y: 0, width: 60, height: 1), into: &narrow)
        XCTAssertTrue(narrow.lines()[0].contains("ctx ~0%"), narrow.lines()[0])
    }

    /// Frames redraw the sidebar constantly: after the first, only a changed text is tokenised.
    func testRedrawingTheMeterTokenisesOnlyWhatChanged() {
        var state = Fixtures.state(width: 90, height: 40, model: "openai/gpt-4o-mini")
        for index in 0..<20 { _ = Fixtures.completeTurn("question \(index)", answer: "answer number \(index)", &state) }
        _ = sidebar(state)
        let misses = state.tokenCache.misses
        XCTAssertGreaterThan(misses, 40)
        for _ in 0..<5 { _ = sidebar(state) }
        XCTAssertEqual(state.tokenCache.misses, misses, "redraws hit the cache")
        _ = update(&state, .typeText("x"))
        _ = sidebar(state)
        XCTAssertEqual(state.tokenCache.misses, misses + 1, "one keystroke, one new text")
    }
}
