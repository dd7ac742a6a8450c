import XCTest
@testable import SwitchboardTUI

/// The yes/no and one-line boxes, built from the overlay they show, compared row for row.
final class DialogViewTests: XCTestCase {
    private func screen(_ overlay: Overlay) -> [String] {
        var buffer = ScreenBuffer(size: Size(width: 40, height: 7))
        DialogView(overlay: overlay, theme: .builtinDefault).render(in: buffer.bounds, into: &buffer)
        return buffer.lines()
    }

    func testConfirmAsksInAFramedBox() {
        let lines = screen(.confirm(ConfirmState(purpose: .deleteSession(id: "s1"), question: "Delete?")))
        XCTAssertEqual(lines, [
            "",
            " ╭─ Confirm " + String(repeating: "─", count: 26) + "╮",
            " │" + String(repeating: " ", count: 36) + "│",
            " │ Delete?" + String(repeating: " ", count: 28) + "│",
            " │" + String(repeating: " ", count: 36) + "│",
            " ╰" + String(repeating: "─", count: 36) + "╯",
            "",
        ])
    }

    func testPromptShowsItsTextAndTheCursorAfterIt() {
        let lines = screen(.prompt(PromptState(purpose: .copyBlock, title: "Copy block", text: "2")))
        XCTAssertEqual(lines[1], " ╭─ Copy block " + String(repeating: "─", count: 23) + "╮")
        XCTAssertEqual(lines[3], " │ 2" + String(repeating: " ", count: 34) + "│")
    }
}
