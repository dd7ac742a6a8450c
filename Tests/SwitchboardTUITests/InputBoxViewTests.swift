import XCTest
@testable import SwitchboardTUI

final class InputBoxViewTests: XCTestCase {
    private func box(_ state: AppState) -> (ScreenBuffer, Rect) {
        var buffer = ScreenBuffer(size: state.size)
        InputBoxView(state).render(in: state.screen.input, into: &buffer)
        return (buffer, state.screen.input)
    }

    func testShowsThePlaceholderAndTheModel() {
        let state = Fixtures.state(width: 60, height: 20)
        let (buffer, rect) = box(state)
        XCTAssertTrue(buffer.lines()[rect.y].hasPrefix("─ Message → demo/mini ─"))
        XCTAssertEqual(buffer.lines()[rect.y + 1], "  Type a message…")
    }

    func testWrapsWideTextAndDrawsTheCursorAtTheEnd() {
        var state = Fixtures.state(width: 22, height: 20)
        _ = update(&state, .typeText("漢字漢字漢字漢字漢字漢字"))
        let (buffer, rect) = box(state)
        XCTAssertEqual(state.screen.input.height, 3, "two text lines and the rule")
        XCTAssertEqual(buffer.lines()[rect.y + 1], " 漢字漢字漢字漢字漢字")
        XCTAssertEqual(buffer.lines()[rect.y + 2], " 漢字")
        XCTAssertEqual(buffer[5, rect.y + 2].style, Theme.builtinDefault[.cursor].over(Theme.builtinDefault[.input]))
    }

    func testCursorIsOnTheRightCharacter() {
        var state = Fixtures.state(width: 40, height: 20)
        _ = update(&state, .typeText("abcdef"))
        _ = update(&state, .command(.moveLeft))
        _ = update(&state, .command(.moveLeft))
        let (buffer, rect) = box(state)
        XCTAssertEqual(buffer[5, rect.y + 1].text, "e")
        XCTAssertTrue(buffer[5, rect.y + 1].style.background != .terminalDefault)
    }

    func testAHundredKilobytePasteShowsTheLinesAroundTheCursor() {
        var state = Fixtures.state(width: 80, height: 30)
        let pasted = (1...2_000).map { "line \($0) " + String(repeating: "x", count: 40) }.joined(separator: "\n")
        _ = update(&state, .paste(pasted))
        let start = ContinuousClock.now
        let (buffer, rect) = box(state)
        XCTAssertLessThan(ContinuousClock.now - start, .milliseconds(200))
        let visible = buffer.lines()[(rect.y + 1)..<rect.maxY]
        XCTAssertTrue(visible.last?.contains("line 2000") == true, "\(visible)")
        XCTAssertTrue(buffer.lines()[rect.y].contains("K chars"))
    }

    func testOneHugeLineOnlyWrapsAroundTheCursor() {
        var state = Fixtures.state(width: 80, height: 30)
        _ = update(&state, .paste(String(repeating: "0123456789", count: 10_000) + "END"))
        let (buffer, rect) = box(state)
        XCTAssertTrue(buffer.lines()[(rect.y + 1)..<rect.maxY].contains { $0.contains("END") })
    }
}
