import XCTest
@testable import SwitchboardTUI

final class KeyRouterTests: XCTestCase {
    func testOverlaySeesKeysFirst() {
        var state = Fixtures.state()
        state.overlays = [.help]
        XCTAssertEqual(command(.escape, state), .back)
        XCTAssertNil(KeyRouter.action(for: .ctrl("p"), state: state, keymap: .standard), "modal overlays swallow other keys")
    }

    func testSomeGlobalKeysWorkInsideOverlays() {
        var state = Fixtures.state()
        state.overlays = [.history]
        XCTAssertEqual(command(.ctrl("c"), state), .interrupt)
        XCTAssertEqual(command(.ctrl("l"), state), .redraw)
    }

    func testPrintableKeysTypeIntoTheFocusedTextTarget() {
        var state = Fixtures.state()
        guard case .typeText("x") = KeyRouter.action(for: .char("x"), state: state, keymap: .standard) else {
            return XCTFail("input should take text")
        }
        state.overlays = [.history]
        guard case .typeText("x") = KeyRouter.action(for: .char("x"), state: state, keymap: .standard) else {
            return XCTFail("history search should take text")
        }
        XCTAssertEqual(command(.char("r"), state), .renameSession, "r is a command while listing")
        state.history.mode = .search
        guard case .typeText("r") = KeyRouter.action(for: .char("r"), state: state, keymap: .standard) else {
            return XCTFail("r types while searching")
        }
    }

    func testFocusedPaneComesBeforeGlobal() {
        var state = Fixtures.state()
        state.focus = .picker
        XCTAssertEqual(command(.pageUp, state), .selectPagePrevious)
        state.focus = .input
        XCTAssertEqual(command(.pageUp, state), .pageUp)
    }

    func testCtrlDDependsOnTheInput() {
        var state = Fixtures.state()
        XCTAssertEqual(command(.ctrl("d"), state), .quit)
        state.input = TextEditor("abc")
        XCTAssertEqual(command(.ctrl("d"), state), .deleteForward)
    }

    private func command(_ key: Key, _ state: AppState) -> Command? {
        if case .command(let command) = KeyRouter.action(for: key, state: state, keymap: .standard) { return command }
        return nil
    }
}
