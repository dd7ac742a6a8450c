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

/// Every class of control `inert` must neutralise, one at a time: whatever reaches a terminal (directly, or
/// through `cat`, `tee` or `less -R`) must not be able to act on it.
final class TerminalTextControlClassTests: XCTestCase {
    private func assertNeutralised(_ scalar: Unicode.Scalar, file: StaticString = #filePath, line: UInt = #line) {
        let out = TerminalText.inert("a\(Character(scalar))b")
        XCTAssertFalse(out.unicodeScalars.contains(scalar), String(format: "U+%04X passed through", scalar.value),
                       file: file, line: line)
        XCTAssertEqual(out.unicodeScalars.count, 3, String(format: "U+%04X became one visible symbol", scalar.value),
                       file: file, line: line)
    }

    func testEveryC0ControlButNewlineAndTab() throws {
        for value in UInt32(0)..<0x20 where value != 0x0A && value != 0x09 {
            assertNeutralised(try XCTUnwrap(Unicode.Scalar(value)))
        }
        XCTAssertEqual(TerminalText.inert("a\nb\tc"), "a\nb\tc")
    }

    func testDelete() {
        assertNeutralised("\u{7F}")
    }

    func testEveryC1Control() throws {
        for value in UInt32(0x80)...0x9F {
            assertNeutralised(try XCTUnwrap(Unicode.Scalar(value)))
        }
    }

    func testEveryBidiControl() throws {
        let values: [UInt32] = [0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x200E, 0x200F, 0x061C]
        for value in values {
            assertNeutralised(try XCTUnwrap(Unicode.Scalar(value)))
        }
        // Neighbours that are ordinary text stay.
        XCTAssertEqual(TerminalText.inert("\u{200D}\u{2060}\u{0627}"), "\u{200D}\u{2060}\u{0627}")
    }

    func testEscapeSequencesOfEveryKind() {
        let sequences = [
            "\u{1B}]0;window title\u{07}",          // OSC 0: retitle the window
            "\u{1B}]52;c;cGF5bG9hZA==\u{07}",       // OSC 52: write the clipboard
            "\u{1B}]8;;http://evil\u{1B}\\link",    // OSC 8 hyperlink, ST-terminated
            "\u{1B}[2J\u{1B}[H",                     // CSI: clear the screen, home the cursor
            "\u{1B}P1$qm\u{1B}\\",                   // DCS request, ST-terminated
            "\u{9B}2J", "\u{9D}0;t\u{9C}", "\u{90}q\u{9C}", // the 8-bit CSI, OSC and DCS forms
        ]
        for sequence in sequences {
            let out = TerminalText.inert(sequence)
            XCTAssertFalse(out.unicodeScalars.contains { $0.value == 0x1B || (0x80...0x9F).contains($0.value) || $0.value == 0x07 },
                           "\(sequence.debugDescription) -> \(out.debugDescription)")
        }
    }

    /// The key decoder's filter: C0 (newline and tab too), DEL and C1 are never typed text; bidi marks and ordinary
    /// characters are.
    func testC0OrC1ControlIsTheSetATypedKeyMayNotBe() {
        for value: UInt32 in [0x00, 0x09, 0x0A, 0x1B, 0x1F, 0x7F, 0x80, 0x9B, 0x9F] {
            XCTAssertTrue(TerminalText.isC0OrC1Control(Unicode.Scalar(value) ?? "a"), String(value, radix: 16))
        }
        for value: UInt32 in [0x20, 0x7E, 0xA0, 0x200F, 0x202E, 0x4E00] {
            XCTAssertFalse(TerminalText.isC0OrC1Control(Unicode.Scalar(value) ?? "\u{0}"), String(value, radix: 16))
        }
    }
}
