import XCTest
import SwitchboardCore
@testable import SwitchboardTUI

final class UpdateWhyTests: XCTestCase {
    static let decision = RouteDecision(
        requested: "demo/mini",
        candidates: [RouteCandidate(model: "demo/mini", deployment: Deployment(provider: "demo", providerModel: "demo-mini",
                                                                              price: .unknown, simulated: true),
                                    reason: "explicit")],
        rejected: [], notes: ["rule 'code' matched: task = code", "budget: fits, holding $0.01"], difficulty: nil,
        promptTokens: 12)

    func testWhyShowsTheDecisionTheEngineReportedForTheLatestReply() {
        var state = Fixtures.state()
        let (turn, _) = Fixtures.send("hello", &state)
        let planned = update(&state, .engine(turn: turn, event: .planned(Self.decision), at: Fixtures.at(0)))
        XCTAssertTrue(planned.isEmpty, "the runner's recorder stores the decision with the turn")
        let error = ProviderError(kind: .overloaded, provider: "demo", message: "busy")
        _ = update(&state, .engine(turn: turn, event: .attemptFailed(Fixtures.attempt(turn: turn, outcome: .failed(.overloaded, afterFirstToken: false)), error),
                                   at: Fixtures.at(1)))
        _ = update(&state, .engine(turn: turn, event: .finished(Fixtures.summary(turn: turn, text: "hi")), at: Fixtures.at(2)))
        XCTAssertTrue(update(&state, .command(.showWhy)).isEmpty, "nothing to load: this run has it")
        guard case .why(let why) = state.overlays.last else { return XCTFail("\(state.overlays)") }
        XCTAssertEqual(why.turnID, turn)
        let screen = Fixtures.rendered(state).joined(separator: "\n")
        for expected in ["Why this route", "requested: demo/mini", "rule 'code' matched: task = code", "budget: fits",
                         "candidates, in order:", "1. demo/mini via demo (demo-mini): explicit", "what happened:",
                         "via demo failed"] {
            XCTAssertTrue(screen.contains(expected), "missing \(expected):\n\(screen)")
        }
        // A short screen, so the text is taller than the window.
        _ = update(&state, .resize(Size(width: 60, height: 12)))
        for _ in 0..<200 { _ = update(&state, .command(.scrollDown)) }
        _ = WorkbenchView.render(&state)
        guard case .why(let scrolled) = state.overlays.last else { return XCTFail() }
        let lines = WhyOverlayView.wrapped(scrolled, in: state).count
        let shown = WhyOverlayView.box(for: state).height - 2
        XCTAssertGreaterThan(lines, shown, "the test needs a text taller than the window")
        XCTAssertEqual(scrolled.top, lines - shown, "scrolling stops at the last line")
        XCTAssertEqual(scrolled.pending, [], "the window carried out the moves when it drew")
        _ = update(&state, .command(.scrollUp))
        _ = WorkbenchView.render(&state)
        guard case .why(let back) = state.overlays.last else { return XCTFail() }
        XCTAssertEqual(back.top, scrolled.top - 1, "and Up moves at once")
        _ = update(&state, .command(.back))
        XCTAssertTrue(state.overlays.isEmpty)
    }

    func testWhyLoadsTheStoredDecisionOfAResumedReply() {
        var state = Fixtures.state()
        let first = UUID(), second = UUID()
        _ = update(&state, .sessionLoaded(LoadedSession(id: "s1", title: "t", model: "demo/mini", messages: [
            StoredMessage(role: .user, text: "q1", turnID: first),
            StoredMessage(role: .assistant, text: "a1", model: "demo/mini", provider: "demo", turnID: first),
            StoredMessage(role: .user, text: "q2", turnID: second),
            StoredMessage(role: .assistant, text: "a2", model: "demo/mini", provider: "demo", turnID: second),
        ])))
        state.focus = .transcript
        _ = update(&state, .command(.previousReply))
        _ = update(&state, .command(.previousReply))
        let selected = state.selectedReply
        XCTAssertEqual(selected.flatMap { state.transcript.entry($0) }?.text, "a1")
        XCTAssertTrue(Fixtures.rendered(state).contains { $0.contains("┃") }, "the selected reply is marked")
        let effects = update(&state, .command(.showWhy))
        guard case .loadRoute(let turn) = effects.first else { return XCTFail("\(effects.map(\.name))") }
        XCTAssertEqual(turn, first, "the selected reply, not the latest")
        XCTAssertTrue(Fixtures.rendered(state).joined().contains("loading the stored decision"))
        _ = update(&state, .routeLoaded(turn: first, RouteExplanation(Self.decision)))
        XCTAssertTrue(Fixtures.rendered(state).joined(separator: "\n").contains("candidates, in order:"))

        _ = update(&state, .command(.back))
        _ = update(&state, .command(.nextReply))
        _ = update(&state, .command(.showWhy))
        _ = update(&state, .routeLoaded(turn: second, nil))
        XCTAssertTrue(Fixtures.rendered(state).joined(separator: "\n").contains("No route decision was stored"))
        _ = update(&state, .command(.back))
        _ = update(&state, .command(.newSession))
        XCTAssertNil(state.selectedReply, "a new session has no selected reply")
    }

    func testARepliesWithoutATurnExplainWhyNot() {
        var state = Fixtures.state()
        XCTAssertTrue(update(&state, .command(.showWhy)).isEmpty)
        XCTAssertEqual(state.status?.text, "no reply to explain yet")
        _ = update(&state, .sessionLoaded(LoadedSession(id: "s1", title: "t", model: nil, messages: [
            StoredMessage(role: .user, text: "q"), StoredMessage(role: .assistant, text: "a", model: "demo/mini"),
        ])))
        XCTAssertTrue(update(&state, .command(.showWhy)).isEmpty)
        XCTAssertTrue(state.overlays.isEmpty)
        XCTAssertTrue(state.status?.text.contains("no stored turn") ?? false)
    }

    func testTheWhyKeyIsF3EverywhereAndWInTheConversation() {
        var state = Fixtures.state()
        XCTAssertEqual(KeyRouter.action(for: .function(3), state: state, keymap: .standard).map { "\($0)" }, "command(SwitchboardTUI.Command.showWhy)")
        state.focus = .transcript
        XCTAssertEqual(KeyRouter.action(for: .char("w"), state: state, keymap: .standard).map { "\($0)" }, "command(SwitchboardTUI.Command.showWhy)")
    }
}
