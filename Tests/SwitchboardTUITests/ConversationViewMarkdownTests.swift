import XCTest
import SwitchboardCore
@testable import SwitchboardTUI

/// Tables and highlighted code as the conversation pane shows them, in the theme's colours.
final class ConversationViewMarkdownTests: XCTestCase {
    static let answer = "| model | ms |\n|:--|--:|\n| mini | 95 |\n| 日本 | 1200 |\n\n```swift\nlet n = 1\n```"
    static let table = [
        "┌───────┬──────┐",
        "│ model │   ms │",
        "├───────┼──────┤",
        "│ mini  │   95 │",
        "│ 日本  │ 1200 │",
        "└───────┴──────┘",
    ]

    /// Each screen row's cells within the conversation's text area (not the sidebar beside it).
    private func bodyRows(_ buffer: ScreenBuffer, _ state: AppState) -> [String] {
        let text = ConversationView.textArea(in: state.screen.conversation)
        return (0..<buffer.size.height).map { y in
            (text.x..<text.maxX).map { buffer[$0, y] }.filter { !$0.isContinuation }.map(\.text).joined()
        }
    }

    func testATableAndHighlightedCodeOnScreen() throws {
        var state = Fixtures.state(width: 90, height: 30)
        _ = Fixtures.completeTurn("q", answer: Self.answer, &state)
        let buffer = WorkbenchView.render(state)
        let rows = bodyRows(buffer, state)
        let top = try XCTUnwrap(rows.firstIndex { $0.hasPrefix("┌") })
        XCTAssertEqual(Array(rows[top..<(top + 6)]).map { $0.trimmingCharacters(in: .whitespaces) }, Self.table)
        let code = try XCTUnwrap((0..<buffer.size.height).first { buffer.lines()[$0].contains("1 │ let n = 1") })
        let text = ConversationView.textArea(in: state.screen.conversation)
        let letColumn = try XCTUnwrap((text.x..<buffer.size.width).first { buffer[$0, code].text == "l" && buffer[$0 + 1, code].text == "e" })
        let theme = Theme.builtinDefault
        XCTAssertEqual(buffer[letColumn, code].style.foreground, theme[.syntaxKeyword].foreground)
        XCTAssertEqual(buffer[letColumn + 8, code].style.foreground, theme[.syntaxNumber].foreground)
        XCTAssertEqual(buffer[letColumn, code].style.background, theme[.codeBlock].background)
        XCTAssertEqual(buffer[text.x, top].style.foreground, theme[.tableBorder].foreground)
    }

    func testATableStreamedDeltaByDeltaEndsAsTheCompleteReply() {
        var streamed = Fixtures.state(width: 90, height: 30)
        let (turn, _) = Fixtures.send("q", &streamed)
        _ = update(&streamed, .engine(turn: turn, event: .routed(Fixtures.route, attempt: 1), at: Fixtures.at(0)))
        var index = Self.answer.startIndex
        var tick = 1
        while index < Self.answer.endIndex {
            let end = Self.answer.index(index, offsetBy: 3, limitedBy: Self.answer.endIndex) ?? Self.answer.endIndex
            _ = update(&streamed, .engine(turn: turn, event: .delta(String(Self.answer[index..<end])), at: Fixtures.at(tick)))
            _ = WorkbenchView.render(streamed)
            index = end
            tick += 1
        }
        let rows = bodyRows(WorkbenchView.render(streamed), streamed).map { $0.trimmingCharacters(in: .whitespaces) }
        guard let top = rows.firstIndex(where: { $0.hasPrefix("┌") }) else { return XCTFail("\(rows)") }
        XCTAssertEqual(Array(rows[top..<(top + 6)]), Self.table)
    }
}
