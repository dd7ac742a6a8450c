import XCTest
import SwitchboardCore
@testable import SwitchboardTUI

/// The conversation pane owns its scroll: `update` only asks for moves, the pane makes them when it draws.
final class ConversationViewStateTests: XCTestCase {
    private func longConversation(height: Int = 20) -> AppState {
        var state = Fixtures.state(height: height)
        for index in 1...5 { _ = Fixtures.completeTurn("q\(index)", answer: String(repeating: "word ", count: 80), &state) }
        return state
    }

    func testUpdateOnlyAsksAndTheDrawMakesTheMove() {
        var state = longConversation()
        _ = update(&state, .command(.pageUp))
        XCTAssertNil(state.conversationView.anchor, "update measured nothing")
        XCTAssertEqual(state.conversationView.pending, [.pages(-1)])
        _ = WorkbenchView.render(&state)
        XCTAssertNotNil(state.conversationView.anchor)
        XCTAssertEqual(state.conversationView.pending, [])
    }

    func testAPictureDrawnByValueLeavesTheMovesForTheNextFrame() {
        var state = longConversation()
        _ = update(&state, .command(.pageUp))
        let picture = WorkbenchView.render(state).lines()
        XCTAssertEqual(state.conversationView.pending, [.pages(-1)])
        XCTAssertEqual(WorkbenchView.render(&state).lines(), picture)
        _ = update(&state, .command(.scrollUp))
        let oneMore = WorkbenchView.render(&state).lines()
        XCTAssertNotEqual(oneMore, picture, "the second move starts where the first one landed")
    }

    func testMovesApplyInOrderAndEndDropsThem() {
        var state = longConversation()
        _ = update(&state, .command(.scrollTop))
        _ = update(&state, .command(.scrollDown))
        _ = update(&state, .command(.scrollDown))
        XCTAssertEqual(Fixtures.settledScroll(&state), ScrollAnchor(entry: 0, line: 2))
        _ = update(&state, .command(.scrollUp))
        _ = update(&state, .command(.scrollBottom))
        XCTAssertEqual(state.conversationView.pending, [])
        XCTAssertNil(Fixtures.settledScroll(&state))
    }

    func testAResizeThatShowsTheEndFollowsAgain() {
        var state = longConversation()
        _ = update(&state, .command(.scrollTop))
        _ = update(&state, .command(.scrollDown))
        XCTAssertEqual(Fixtures.settledScroll(&state), ScrollAnchor(entry: 0, line: 1))
        _ = update(&state, .resize(Size(width: 120, height: 400)))
        XCTAssertNil(Fixtures.settledScroll(&state), "everything fits: following the end")
    }

    func testPAndNRevealTheSelectedReply() {
        var state = longConversation()
        _ = update(&state, .command(.scrollTop))
        Fixtures.settledScroll(&state)
        Updates.selectReply(by: -1, &state)
        let index = state.transcript.entries.lastIndex { $0.id == state.selectedReply }
        XCTAssertEqual(state.conversationView.pending, [.reveal(entry: index ?? -1)])
        let anchor = Fixtures.settledScroll(&state)
        XCTAssertTrue(anchor == nil || anchor?.entry == index, "\(String(describing: anchor))")
        XCTAssertTrue(Fixtures.rendered(state).contains { $0.contains("┃") }, "the selected reply is on screen")
    }

    func testANewComparisonStartsAtItsEnd() {
        var state = Fixtures.state(width: 120, height: 24)
        _ = update(&state, .typeText("/compare demo/mini,demo/pro"))
        _ = update(&state, .command(.send))
        let long = (1...80).map { "line \($0)" }.joined(separator: "\n\n")
        _ = Fixtures.compare("q", models: ["demo/mini", "demo/pro"], answers: [long, long], &state)
        _ = update(&state, .command(.scrollTop))
        Fixtures.settledScroll(&state)
        XCTAssertEqual(state.conversationView.compareTop, 0)
        // The same view state meets a different comparison (as after a resume): its scroll does not carry over.
        _ = update(&state, .command(.choose))
        _ = Fixtures.compare("again", models: ["demo/mini", "demo/pro"], answers: [long, long], &state)
        XCTAssertNil(state.conversationView.compareTop, "sending follows the new answers")
        state.conversationView.compareTop = 3
        Fixtures.settledScroll(&state)
        XCTAssertNil(state.conversationView.compareTop, "a comparison the pane has not drawn yet starts at its end")
    }
}
