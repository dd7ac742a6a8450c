import XCTest
import SwitchboardCore
@testable import SwitchboardTUI

final class UpdateListsTests: XCTestCase {
    private func withHistory(_ count: Int = 3) -> AppState {
        var state = Fixtures.state()
        _ = update(&state, .command(.openHistory))
        let rows = (1...count).map {
            SessionSummary(id: "s\($0)", title: "Session \($0)", updatedAt: Date(), models: ["demo/mini"],
                           cost: .known(Money(1), moreUnknown: false), messageCount: 2)
        }
        _ = update(&state, .sessionsLoaded(generation: state.history.generation, rows))
        return state
    }

    func testSelectionMovesAndClamps() {
        var state = withHistory()
        _ = update(&state, .command(.selectNext))
        XCTAssertEqual(state.history.selection, 1)
        _ = update(&state, .command(.selectPageNext))
        XCTAssertEqual(state.history.selection, 2)
        _ = update(&state, .command(.selectPrevious))
        _ = update(&state, .command(.selectPrevious))
        _ = update(&state, .command(.selectPrevious))
        XCTAssertEqual(state.history.selection, 0)
    }

    func testLongListsScrollToKeepTheSelectionVisible() {
        var state = withHistory(200)
        for _ in 0..<100 { _ = update(&state, .command(.selectNext)) }
        XCTAssertEqual(state.history.selection, 100)
        let screen = WorkbenchView.render(&state).lines()
        let window = state.historyList
        XCTAssertEqual(window.offset, 100 - window.page + 1, "the selection is on the list's last row")
        XCTAssertTrue(screen.contains { $0.contains("Session 101") })
        XCTAssertFalse(screen.contains { $0.contains("Session \(window.offset) ") }, "the row above the window is off screen")
    }

    func testChooseResumesTheSelectedSession() {
        var state = withHistory()
        _ = update(&state, .command(.selectNext))
        let effects = update(&state, .command(.choose))
        guard case .loadSession(let id) = effects.first, id == TestSession.reference("s2") else { return XCTFail() }
        XCTAssertEqual(state.overlays, [])
    }

    func testRenameDeleteExportAndSearchFromTheList() {
        var state = withHistory()
        _ = update(&state, .command(.renameSession))
        guard case .prompt(let prompt) = state.overlays.last else { return XCTFail() }
        XCTAssertEqual(prompt.editor.text, "Session 1")
        state.overlays.removeLast()
        _ = update(&state, .command(.deleteSession))
        guard case .confirm = state.overlays.last else { return XCTFail() }
        state.overlays.removeLast()
        let exported = update(&state, .command(.exportSession))
        guard case .exportSession(let id, let name) = exported.first, id == TestSession.reference("s1") else { return XCTFail() }
        XCTAssertTrue(name.hasSuffix(".md"))
        _ = update(&state, .command(.startSearch))
        XCTAssertEqual(state.history.mode, .search)
    }

    func testPickerSelectionScrollsAndChooses() {
        var state = Fixtures.state()
        state.focus = .picker
        _ = update(&state, .command(.selectNext))
        XCTAssertEqual(state.picker.selection, 1)
        _ = update(&state, .command(.selectPagePrevious))
        XCTAssertEqual(state.picker.selection, 0)
        _ = update(&state, .command(.choose))
        XCTAssertEqual(state.model, state.picker.entries[state.picker.visible[0]].id)
    }

    func testScrollingTheConversationAnchorsAndEndFollowsAgain() {
        var state = Fixtures.state(height: 20)
        for index in 1...5 { _ = Fixtures.completeTurn("q\(index)", answer: String(repeating: "word ", count: 80), &state) }
        XCTAssertNil(Fixtures.settledScroll(&state))
        _ = update(&state, .command(.pageUp))
        let anchored = Fixtures.settledScroll(&state)
        XCTAssertNotNil(anchored)
        _ = update(&state, .command(.wheelUp))
        XCTAssertNotEqual(Fixtures.settledScroll(&state), anchored)
        _ = update(&state, .command(.scrollTop))
        XCTAssertEqual(Fixtures.settledScroll(&state), ScrollAnchor(entry: 0, line: 0))
        XCTAssertEqual(Fixtures.rendered(state).dropFirst().first?.contains("You"), true)
        _ = update(&state, .command(.scrollBottom))
        XCTAssertNil(state.conversationView.anchor, "End follows at once")
        XCTAssertNil(Fixtures.settledScroll(&state))
    }

    func testScrollingDownPastTheEndFollows() {
        var state = Fixtures.state(height: 20)
        for index in 1...5 { _ = Fixtures.completeTurn("q\(index)", answer: String(repeating: "word ", count: 80), &state) }
        _ = update(&state, .command(.pageUp))
        XCTAssertNotNil(Fixtures.settledScroll(&state))
        _ = update(&state, .command(.pageDown))
        _ = update(&state, .command(.pageDown))
        XCTAssertNil(Fixtures.settledScroll(&state))
    }

    func testShortConversationsDoNotScroll() {
        var state = Fixtures.state()
        _ = Fixtures.completeTurn("q", answer: "a", &state)
        _ = update(&state, .command(.pageUp))
        XCTAssertNil(Fixtures.settledScroll(&state))
        _ = update(&state, .command(.scrollTop))
        XCTAssertNil(Fixtures.settledScroll(&state))
    }

    func testHelpScrolls() {
        var state = Fixtures.state(height: 20)
        state.overlays = [.help]
        _ = update(&state, .command(.pageDown))
        XCTAssertGreaterThan(state.helpScroll, 0)
        _ = update(&state, .command(.scrollUp))
        _ = update(&state, .command(.pageUp))
        XCTAssertEqual(state.helpScroll, 0)
    }
}

final class ListPagingTests: XCTestCase {
    func testPageDownMovesByTheEntriesTheListShowedAndStopsAtTheEnd() {
        var state = Fixtures.state(width: 80, height: 24)
        _ = update(&state, .command(.openPicker))
        _ = WorkbenchView.render(&state)
        let page = state.pickerList.page
        XCTAssertGreaterThan(page, 1)
        let start = state.picker.selection
        _ = update(&state, .command(.selectPageNext))
        XCTAssertEqual(state.picker.selection, min(start + page, state.picker.visible.count - 1))
        for _ in 0..<10 { _ = update(&state, .command(.selectPageNext)) }
        XCTAssertEqual(state.picker.selection, state.picker.visible.count - 1, "paging stops at the last entry")
        _ = update(&state, .command(.selectPagePrevious))
        XCTAssertEqual(state.picker.selection, max(0, state.picker.visible.count - 1 - page))
    }

    func testAPageIsWhatTheListOnTopShowedNotThePaneUnderIt() {
        var state = Fixtures.state(width: 130, height: 30)
        _ = WorkbenchView.render(&state)
        let panePage = state.pickerList.page
        state.overlays = [.picker]
        _ = WorkbenchView.render(&state)
        XCTAssertNotEqual(state.pickerList.page, panePage, "the window is taller than the pane")
        XCTAssertEqual(state.pickerList.page, 30 - 2 - 2 - 2 - 1, "body less the frame, title, filter and table header")
    }
}
