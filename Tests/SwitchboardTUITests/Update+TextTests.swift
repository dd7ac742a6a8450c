import XCTest
@testable import SwitchboardTUI

final class UpdateTextTests: XCTestCase {
    func testEditingCommandsChangeTheInput() {
        var state = Fixtures.state()
        _ = update(&state, .typeText("hello world"))
        _ = update(&state, .command(.deleteWordBackward))
        XCTAssertEqual(state.input.text, "hello ")
        _ = update(&state, .command(.insertNewline))
        _ = update(&state, .typeText("next"))
        XCTAssertEqual(state.input.text, "hello \nnext")
        _ = update(&state, .command(.moveLineStart))
        _ = update(&state, .command(.killToLineEnd))
        XCTAssertEqual(state.input.text, "hello \n")
        _ = update(&state, .command(.deleteBackward))
        XCTAssertEqual(state.input.text, "hello ")
    }

    func testUpAndDownRecallEarlierPromptsAtTheEdges() {
        var state = Fixtures.state()
        _ = Fixtures.completeTurn("first prompt", answer: "a", &state)
        _ = Fixtures.completeTurn("second prompt", answer: "b", &state)
        _ = update(&state, .typeText("draft"))
        _ = update(&state, .command(.moveUp))
        XCTAssertEqual(state.input.text, "second prompt")
        _ = update(&state, .command(.moveUp))
        XCTAssertEqual(state.input.text, "first prompt")
        _ = update(&state, .command(.moveDown))
        XCTAssertEqual(state.input.text, "second prompt")
        _ = update(&state, .command(.moveDown))
        XCTAssertEqual(state.input.text, "draft")
    }

    func testUpMovesWithinAMultiLineInputBeforeRecalling() {
        var state = Fixtures.state()
        _ = Fixtures.completeTurn("earlier", answer: "a", &state)
        _ = update(&state, .paste("line one\nline two"))
        _ = update(&state, .command(.moveUp))
        XCTAssertEqual(state.input.text, "line one\nline two")
        XCTAssertEqual(state.input.row, 0)
        _ = update(&state, .command(.moveUp))
        XCTAssertEqual(state.input.text, "earlier")
    }

    func testBackspaceEditsTheFilterWhenThePickerIsFocused() {
        var state = Fixtures.state()
        state.focus = .picker
        _ = update(&state, .typeText("prox"))
        _ = update(&state, .command(.deleteBackward))
        XCTAssertEqual(state.picker.filter, "pro")
        XCTAssertTrue(state.input.isEmpty)
    }

    func testHistorySearchTypesAndDeletesWithNewGenerations() {
        var state = Fixtures.state()
        _ = update(&state, .command(.openHistory))
        let generation = state.history.generation
        let typed = update(&state, .typeText("ky"))
        guard case .searchSessions("ky", let next) = typed.first else { return XCTFail() }
        XCTAssertGreaterThan(next, generation)
        XCTAssertEqual(state.history.mode, .search)
        _ = update(&state, .command(.deleteBackward))
        let cleared = update(&state, .command(.deleteBackward))
        XCTAssertEqual(cleared.map(\.name), ["listSessions"])
        XCTAssertEqual(state.history.mode, .list)
    }
}
