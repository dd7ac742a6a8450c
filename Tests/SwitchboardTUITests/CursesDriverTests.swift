import XCTest
@testable import SwitchboardTUI

/// The curses driver itself runs in the tmux end-to-end test; here, what it does without a terminal.
final class CursesDriverTests: XCTestCase {
    func testRefusesToStartWithoutATerminal() throws {
        try XCTSkipIf(isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1, "the tests run in a terminal")
        let driver = CursesDriver(environment: ["TERM": "xterm-256color"])
        XCTAssertThrowsError(try driver.start { _ in }) { error in
            XCTAssertEqual(error as? TerminalError, .notATerminal)
        }
        driver.stop()
    }

    func testErrorsSayWhatToDo() {
        XCTAssertTrue(TerminalError.notATerminal.description.contains("switchboard ask"))
        XCTAssertTrue(TerminalError.unusableTerm("vt9000").description.contains("TERM"))
    }

    func testSystemWidthsUseAUTF8Locale() {
        let widths = CursesDriver.systemWidths(of: ["a", "漢"])
        XCTAssertTrue(widths == [1, 2] || widths == [1, -1], "\(widths)")
    }
}
