import XCTest
@testable import SwitchboardCore

final class TerminalTextTests: XCTestCase {
    func testEscapeSequencesBecomeInert() {
        let hostile = "ok\u{1B}]0;pwned\u{07}\u{1B}[2J\u{1B}[H done"
        let safe = TerminalText.inert(hostile)
        XCTAssertFalse(safe.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\t" })
        XCTAssertEqual(safe, "ok␛]0;pwned␇␛[2J␛[H done")
    }

    func testC1ControlsAndDeleteAreReplacedButTextNewlinesAndTabsStay() {
        XCTAssertEqual(TerminalText.inert("a\u{9B}31mb\u{7F}"), "a\u{FFFD}31mb␡")
        XCTAssertEqual(TerminalText.inert("line 1\n\tline 2 — ünïcode 漢字 👍"), "line 1\n\tline 2 — ünïcode 漢字 👍")
        XCTAssertEqual(TerminalText.inert("carriage\rreturn"), "carriage␍return")
    }

    func testBidiOverridesCannotReorderTheScreen() {
        XCTAssertEqual(TerminalText.inert("abc\u{202E}fed\u{2066}x\u{2069}"), "abc\u{FFFD}fed\u{FFFD}x\u{FFFD}")
    }
}
