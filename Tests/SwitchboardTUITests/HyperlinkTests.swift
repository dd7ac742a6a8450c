import XCTest
import SwitchboardCore
@testable import SwitchboardTUI

/// A URL from a reply is untrusted: only http, https and mailto are kept, as printable ASCII, capped in length, so
/// nothing written inside the OSC 8 sequence can end it or be read by the terminal as a command.
final class HyperlinkTests: XCTestCase {
    func testWebAndMailLinksAreKeptAsWritten() {
        XCTAssertEqual(Hyperlink("https://example.com/a?b=c&d=e#f")?.url, "https://example.com/a?b=c&d=e#f")
        XCTAssertEqual(Hyperlink("http://x.dev")?.url, "http://x.dev")
        XCTAssertEqual(Hyperlink("mailto:someone@example.com")?.url, "mailto:someone@example.com")
        XCTAssertEqual(Hyperlink("HTTPS://X.DEV/Path")?.url, "HTTPS://X.DEV/Path", "the scheme is matched in any case")
    }

    func testOtherSchemesAndNoSchemeAreRefused() {
        for raw in ["javascript:alert(1)", "file:///etc/passwd", "ftp://x.dev", "data:text/html,hi", "x.dev", "/relative",
                    "https:", "", "://x"] {
            XCTAssertNil(Hyperlink(raw), raw)
        }
    }

    func testControlCharactersRefuseTheLink() {
        let controls: [Unicode.Scalar] = ["\u{1B}", "\u{07}", "\u{00}", "\u{0A}", "\u{0D}", "\u{09}", "\u{7F}", "\u{9B}",
                                          "\u{9C}", "\u{90}", "\u{80}"]
        for control in controls {
            XCTAssertNil(Hyperlink("https://e.vil/" + String(control) + "]8;;x"), "U+\(String(control.value, radix: 16))")
        }
        XCTAssertNil(Hyperlink("https://e.vil/\u{1B}\\\u{1B}]52;c;aGk=\u{07}"), "an attempt to end the link and write the clipboard")
    }

    func testOtherUnicodeIsPercentEncodedAndSpacesToo() {
        XCTAssertEqual(Hyperlink("https://ja.wikipedia.org/wiki/日本")?.url, "https://ja.wikipedia.org/wiki/%E6%97%A5%E6%9C%AC")
        XCTAssertEqual(Hyperlink("https://x.dev/a b")?.url, "https://x.dev/a%20b")
        let url = Hyperlink("https://x.dev/ü\u{200B}")?.url ?? ""
        XCTAssertTrue(url.unicodeScalars.allSatisfy { (0x21...0x7E).contains($0.value) }, url)
    }

    func testALinkLongerThanTheCapIsRefused() {
        let base = "https://x.dev/"
        let fits = base + String(repeating: "a", count: Hyperlink.maximumLength - base.count)
        XCTAssertEqual(Hyperlink(fits)?.url.utf8.count, Hyperlink.maximumLength)
        XCTAssertNil(Hyperlink(fits + "a"))
        XCTAssertNil(Hyperlink(base + String(repeating: "é", count: Hyperlink.maximumLength / 6 + 1)),
                     "the cap counts the encoded bytes")
    }

    // MARK: Where they are written

    func testOnAndOffAreTakenAsSet() {
        XCTAssertTrue(Hyperlink.enabled(.on, environment: ["TERM": "xterm", "TMUX": "/tmp/tmux-1/default,1,0"]))
        XCTAssertFalse(Hyperlink.enabled(.off, environment: ["TERM": "xterm-kitty", "KITTY_WINDOW_ID": "1"]))
    }

    func testAutoWritesThemInTerminalsKnownToShowThem() {
        let known: [[String: String]] = [
            ["TERM": "xterm-256color", "TERM_PROGRAM": "iTerm.app"],
            ["TERM": "xterm-256color", "TERM_PROGRAM": "WezTerm"],
            ["TERM": "xterm-256color", "TERM_PROGRAM": "vscode"],
            ["TERM": "xterm-ghostty", "TERM_PROGRAM": "ghostty"],
            ["TERM": "xterm-256color", "VTE_VERSION": "6800"],
            ["TERM": "xterm-256color", "VTE_VERSION": "5000"],
            ["TERM": "xterm-256color", "KITTY_WINDOW_ID": "3"],
            ["TERM": "xterm-256color", "WT_SESSION": "0f0e-1"],
            ["TERM": "xterm-kitty"], ["TERM": "foot"], ["TERM": "alacritty"],
        ]
        for environment in known { XCTAssertTrue(Hyperlink.enabled(.auto, environment: environment), "\(environment)") }
    }

    func testAutoLeavesThemOutElsewhereAndInsideTmuxOrScreen() {
        let unknown: [[String: String]] = [
            ["TERM": "xterm-256color"], ["TERM": "xterm-256color", "VTE_VERSION": "4803"], ["TERM": "linux"], ["TERM": "dumb"],
            [:], ["TERM": "xterm-256color", "TERM_PROGRAM": "Apple_Terminal"],
            ["TERM": "tmux-256color", "TERM_PROGRAM": "tmux", "TMUX": "/tmp/tmux-1/default,1,0"],
            ["TERM": "xterm-kitty", "KITTY_WINDOW_ID": "1", "TMUX": "/tmp/tmux-1/default,1,0"],
            ["TERM": "screen-256color", "TERM_PROGRAM": "iTerm.app"],
            ["TERM": "xterm-256color", "WT_SESSION": "x", "STY": "1234.pts-0.host"],
        ]
        for environment in unknown { XCTAssertFalse(Hyperlink.enabled(.auto, environment: environment), "\(environment)") }
    }
}
