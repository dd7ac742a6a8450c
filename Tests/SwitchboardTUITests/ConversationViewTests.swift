import XCTest
import SwitchboardCore
@testable import SwitchboardTUI

final class ConversationViewTests: XCTestCase {
    /// Draws the pane as the app loop does, keeping what it settled (where a scroll landed) for the next frame.
    private func conversation(_ state: inout AppState) -> [String] {
        var buffer = ScreenBuffer(size: state.size)
        let rect = state.screen.conversation
        ConversationView(state).render(in: rect, into: &buffer, state: &state.conversationView)
        return buffer.lines().map { line in
            let characters = Array(line)
            return characters.count > rect.x ? String(characters[rect.x...]).trimmingCharacters(in: .whitespaces) : ""
        }.filter { !$0.isEmpty }
    }

    func testRepliesShowHeaderBodyAndCodeBlock() throws {
        var state = Fixtures.state(width: 90, height: 30)
        _ = Fixtures.completeTurn("show code", answer: "Here:\n\n```swift\nprint(\"hi\")\n```", &state)
        let lines = conversation(&state)
        XCTAssertEqual(lines[0], "▍You")
        XCTAssertEqual(lines[1], "show code")
        XCTAssertTrue(lines[2].hasPrefix("● demo/mini via demo (simulated) · 20 → 100 tok"), lines[2])
        let body = try XCTUnwrap(lines.firstIndex(of: "Here:"))
        let header = lines[2..<body].joined(separator: " ")
        XCTAssertTrue(header.contains("$0.0001"), header)
        XCTAssertTrue(header.contains("TTFT 150 ms"), header)
        XCTAssertTrue(header.contains("tok/s"), header)
        XCTAssertEqual(lines[body + 1], "swift  #1")
        XCTAssertEqual(lines[body + 2], "1 │ print(\"hi\")")
    }

    func testCodeBlockBackgroundSpansTheTextWidth() {
        var state = Fixtures.state(width: 90, height: 30)
        _ = Fixtures.completeTurn("q", answer: "```\nx\n```", &state)
        let buffer = WorkbenchView.render(state)
        let text = ConversationView.textArea(in: state.screen.conversation)
        let row = (0..<buffer.size.height).first { buffer.lines()[$0].contains("1 │ x") } ?? 0
        let codeBackground = Theme.builtinDefault[.codeBlock].background
        XCTAssertEqual(buffer[text.x, row].style.background, codeBackground)
        XCTAssertEqual(buffer[text.maxX - 1, row].style.background, codeBackground)
    }

    func testEscapeSequencesInARepliesAreShownInert() {
        var state = Fixtures.state(width: 90, height: 20)
        _ = Fixtures.completeTurn("q", answer: "evil \u{1B}]0;owned\u{07} \u{1B}[2J done", &state)
        let buffer = WorkbenchView.render(state)
        for cell in buffer.cells {
            XCTAssertFalse(cell.text.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
        }
        XCTAssertTrue(buffer.text.contains("evil ␛]0;owned␇ ␛[2J done"))
    }

    func testStreamingReplyShowsProgressAndFollowsTheEnd() {
        var state = Fixtures.state(width: 90, height: 12)
        let (turn, _) = Fixtures.send("q", &state)
        _ = update(&state, .engine(turn: turn, event: .routed(Fixtures.route, attempt: 1), at: Fixtures.at(0)))
        // The header wraps at the pane's 59 columns of text.
        XCTAssertEqual(conversation(&state), ["▍You", "q", "● demo/mini via demo (simulated) · waiting for the first", "token…"])
        for index in 0..<60 { _ = update(&state, .engine(turn: turn, event: .delta("word\(index) "), at: Fixtures.at(10 + index))) }
        let lines = conversation(&state)
        XCTAssertTrue(lines.contains { $0.contains("word59") }, "the end of the reply is on screen")
        XCTAssertFalse(lines.contains { $0.contains("▍You") }, "the start scrolled away")
    }

    func testScrolledUpShowsAMarkerAndStaysPutWhileTextArrives() {
        var state = Fixtures.state(width: 90, height: 12)
        let (turn, _) = Fixtures.send("q", &state)
        for index in 0..<80 { _ = update(&state, .engine(turn: turn, event: .delta("word\(index) "), at: Fixtures.at(index))) }
        _ = update(&state, .command(.pageUp))
        let before = conversation(&state)
        // The marker sits over the last row, a column from the pane's right edge.
        XCTAssertEqual(before.last, "word26 word27 word28 word29 wor ↓ more below · End follows")
        for index in 80..<120 { _ = update(&state, .engine(turn: turn, event: .delta("word\(index) "), at: Fixtures.at(index))) }
        XCTAssertEqual(conversation(&state), before)
    }

    func testFailedAndCancelledRepliesSaySo() {
        var state = Fixtures.state(width: 90, height: 20)
        let (turn, _) = Fixtures.send("q", &state)
        _ = update(&state, .engine(turn: turn, event: .failed(TurnFailure(errors: [], attempts: [], summary: "no route")), at: Fixtures.at(0)))
        XCTAssertTrue(conversation(&state).contains("✖ no route"))
        let (second, _) = Fixtures.send("again", &state)
        _ = update(&state, .engine(turn: second, event: .delta("par"), at: Fixtures.at(1)))
        _ = update(&state, .engine(turn: second, event: .finished(Fixtures.summary(turn: second, text: "par", complete: false, cancelled: true)), at: Fixtures.at(2)))
        XCTAssertTrue(conversation(&state).contains("⏹ cancelled: the answer above is incomplete"))
    }

    func testDividerIsCentred() {
        var state = Fixtures.state(width: 90, height: 20)
        _ = Fixtures.completeTurn("q", answer: "a", &state)
        state.picker.select("demo/pro")
        Updates.selectModel(state.picker.entries.first { $0.id == "demo/pro" } ?? state.picker.entries[0], &state)
        let divider = conversation(&state).first { $0.contains("switched to demo/pro") } ?? ""
        XCTAssertTrue(divider.hasPrefix("──"))
        XCTAssertTrue(divider.hasSuffix("──"))
    }

    func testEmptySessionShowsTheWelcome() {
        var fresh = Fixtures.state(width: 90, height: 20)
        let lines = conversation(&fresh)
        XCTAssertTrue(lines.contains("Type a message and press Enter."))
        XCTAssertTrue(lines.joined(separator: " ").contains("simulated demo"))
    }
}
