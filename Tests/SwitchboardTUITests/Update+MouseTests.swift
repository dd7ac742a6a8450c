import XCTest
import SwitchboardCore
@testable import SwitchboardTUI

/// Clicks, drawn in the off-screen buffer: they focus panes, pick a model in the picker (pane or window) and
/// select a reply or a compared answer, wherever those were drawn at the last frame.
final class UpdateMouseTests: XCTestCase {
    /// Draws the frame as the app loop does, so the panes keep where things are.
    private func draw(_ state: inout AppState) -> [String] {
        WorkbenchView.render(&state).lines()
    }

    private func row(containing text: String, in lines: [String], from: Int = 0) throws -> (x: Int, y: Int) {
        for (y, line) in lines.enumerated() where y >= from {
            if let range = line.range(of: text) { return (line.distance(from: line.startIndex, to: range.lowerBound), y) }
        }
        throw XCTSkip("\(text) is not on screen:\n" + lines.joined(separator: "\n"))
    }

    func testAClickOnAModelInThePickerPaneChoosesIt() throws {
        var state = Fixtures.state()
        let lines = draw(&state)
        let target = try row(containing: "demo/pro", in: lines)
        XCTAssertTrue(state.screen.picker?.contains(x: target.x, y: target.y) == true)
        _ = update(&state, .mouse(MouseEvent(x: target.x, y: target.y)))
        XCTAssertEqual(state.model, "demo/pro")
        XCTAssertEqual(state.focus, .input, "choosing a model goes back to the message box, as Enter does")
        XCTAssertTrue(draw(&state).contains { $0.contains("▶") && $0.contains("demo/pro") })
    }

    func testAClickOnTheSecondRowOfATwoRowEntryChoosesThatEntry() throws {
        var state = Fixtures.state()
        let lines = draw(&state)
        let name = try row(containing: "demo/pro", in: lines)
        // The pane shows each model on two rows: the row under the name belongs to it too.
        _ = update(&state, .mouse(MouseEvent(x: name.x, y: name.y + 1)))
        XCTAssertEqual(state.model, "demo/pro")
    }

    func testAClickInTheNarrowPickerWindowChoosesTheModel() throws {
        var state = Fixtures.state(width: 90)
        _ = update(&state, .command(.openPicker))
        let lines = draw(&state)
        let target = try row(containing: "demo/pro", in: lines)
        _ = update(&state, .mouse(MouseEvent(x: target.x, y: target.y)))
        XCTAssertEqual(state.model, "demo/pro")
        XCTAssertTrue(state.overlays.isEmpty, "the window closes once a model is chosen")
    }

    func testAClickOutsideAnOpenWindowDoesNothing() {
        var state = Fixtures.state()
        _ = update(&state, .command(.toggleHelp))
        _ = draw(&state)
        let before = state.focus
        _ = update(&state, .mouse(MouseEvent(x: 5, y: 5)))
        XCTAssertEqual(state.overlays, [.help])
        XCTAssertEqual(state.focus, before)
    }

    func testAClickOnAReplySelectsItAndOnAPromptClearsTheSelection() throws {
        var state = Fixtures.state()
        _ = Fixtures.completeTurn("first question", answer: "alpha answer", &state)
        _ = Fixtures.completeTurn("second question", answer: "beta answer", &state)
        var lines = draw(&state)
        let first = try row(containing: "alpha answer", in: lines)
        _ = update(&state, .mouse(MouseEvent(x: first.x, y: first.y)))
        XCTAssertEqual(state.focus, .transcript)
        let alpha = state.transcript.entries.first { $0.text == "alpha answer" }?.id
        XCTAssertEqual(state.selectedReply, alpha)
        lines = draw(&state)
        XCTAssertTrue(lines[first.y].contains("┃"), "the selected reply is marked in the margin")
        let prompt = try row(containing: "second question", in: lines)
        _ = update(&state, .mouse(MouseEvent(x: prompt.x, y: prompt.y)))
        XCTAssertNil(state.selectedReply)
        // `y` then copies the reply a click selected.
        _ = update(&state, .mouse(MouseEvent(x: first.x, y: first.y)))
        let copy = KeyRouter.action(for: .char("y"), state: state, keymap: state.keymap).map { update(&state, $0) } ?? []
        guard case .copyToClipboard("alpha answer") = copy.first else { return XCTFail("\(copy.map(\.name))") }
    }

    func testAClickOnAComparedColumnSelectsIt() throws {
        var state = Fixtures.state()
        Fixtures.compare("q", models: ["demo/mini", "demo/pro"], answers: ["from mini", "from pro"], &state)
        let lines = draw(&state)
        let pro = try row(containing: "from pro", in: lines)
        _ = update(&state, .mouse(MouseEvent(x: pro.x, y: pro.y)))
        XCTAssertEqual(state.transcript.comparison?.selection, 1)
        let mini = try row(containing: "from mini", in: lines)
        _ = update(&state, .mouse(MouseEvent(x: mini.x, y: mini.y)))
        XCTAssertEqual(state.transcript.comparison?.selection, 0)
    }

    func testAClickOnTheMessageBoxFocusesIt() {
        var state = Fixtures.state()
        state.focus = .transcript
        _ = draw(&state)
        let input = state.screen.input
        _ = update(&state, .mouse(MouseEvent(x: input.x + 3, y: input.y + 1)))
        XCTAssertEqual(state.focus, .input)
    }

    /// The real loop: a click event from the driver reaches `update` and the next frame shows it.
    func testAClickThroughTheBufferDriverChoosesAModel() async throws {
        let harness = Harness()
        try harness.start()
        await harness.waitFor("the picker") { $0.contains("demo/pro") }
        let lines = harness.driver.lines
        let target = try row(containing: "demo/pro", in: lines)
        harness.driver.send(.mouse(MouseEvent(x: target.x, y: target.y)))
        await harness.waitFor("the model chosen") { $0.contains("the next turn uses demo/pro") }
        _ = await harness.quit()
    }
}

/// Clicks decoded from the terminal's input: they pass between keys in order and never into a paste's text.
final class KeyDecoderMouseTests: XCTestCase {
    func testAClickKeepsItsPlaceAmongKeys() {
        var decoder = KeyDecoder()
        let events = decoder.decode([.code(97), .mouse(MouseEvent(x: 3, y: 4)), .code(98)])
        XCTAssertEqual(events, [.keys([.char("a")]), .mouse(MouseEvent(x: 3, y: 4)), .keys([.char("b")])])
    }

    func testAClickDuringAPasteIsNotPasted() {
        var decoder = KeyDecoder()
        let events = decoder.decode([.pasteBegin, .code(120), .mouse(MouseEvent(x: 1, y: 1)), .code(121), .pasteEnd])
        XCTAssertEqual(events, [.mouse(MouseEvent(x: 1, y: 1)), .paste("xy")])
    }
}

/// F1 lists the copy key, the mouse and `/compact`.
final class HelpOverlayContextTests: XCTestCase {
    func testHelpListsCopyMouseAndCompact() {
        let text = HelpOverlayView.standardText
        XCTAssertTrue(text.contains("Copy the selected reply (the latest if none) to the clipboard (OSC 52, up to 100 KB)"))
        XCTAssertTrue(text.contains("Mouse"))
        XCTAssertTrue(text.contains("Click a pane to focus it, a model in the picker to use it"))
        XCTAssertTrue(text.contains("the wheel scrolls"))
        XCTAssertTrue(text.contains("/compact summarises the conversation so far"))
    }
}
