import XCTest
import SwitchboardCore
@testable import SwitchboardTUI

/// `y` in the conversation copies the selected reply (OSC 52), capped, and the status line says what went.
final class UpdateCopyTests: XCTestCase {
    private func copied(_ effects: [Effect]) -> String? {
        for case .copyToClipboard(let text) in effects { return text }
        return nil
    }

    private func press(_ key: Key, _ state: inout AppState) -> [Effect] {
        guard let action = KeyRouter.action(for: key, state: state, keymap: state.keymap) else { return [] }
        return update(&state, action)
    }

    func testYCopiesTheLatestReplyThenTheSelectedOne() {
        var state = Fixtures.state()
        _ = Fixtures.completeTurn("q1", answer: "first answer", &state)
        _ = Fixtures.completeTurn("q2", answer: "second\nanswer", &state)
        state.focus = .transcript
        XCTAssertEqual(copied(press(.char("y"), &state)), "second\nanswer")
        XCTAssertEqual(state.status?.text, "copied the reply of demo/mini (2 lines, 13 bytes) to the clipboard")
        _ = press(.char("p"), &state)
        _ = press(.char("p"), &state)
        XCTAssertEqual(copied(press(.char("y"), &state)), "first answer")
        XCTAssertEqual(state.input.text, "", "y is a key here, not typed text")
    }

    func testYCopiesTheSelectedComparedAnswer() {
        var state = Fixtures.state()
        Fixtures.compare("q", models: ["demo/mini", "demo/pro"], answers: ["from mini", "from pro"], &state)
        state.focus = .transcript
        _ = press(.right, &state)
        XCTAssertEqual(copied(press(.char("y"), &state)), "from pro")
    }

    func testAReplyOverTheLimitIsCutAndTheStatusSaysSo() {
        var state = Fixtures.state()
        let long = String(repeating: "é", count: Clipboard.limit)  // two bytes each: twice the limit
        _ = Fixtures.completeTurn("q", answer: long, &state)
        state.focus = .transcript
        let text = copied(press(.char("y"), &state))
        XCTAssertEqual(text?.utf8.count, Clipboard.limit)
        XCTAssertEqual(text, String(repeating: "é", count: Clipboard.limit / 2))
        XCTAssertEqual(state.status?.level, .warning)
        XCTAssertEqual(state.status?.text,
                       "copied the first 100 KB of the reply of demo/mini (200 KB): terminals refuse longer clipboard writes")
    }

    func testNothingToCopySaysSo() {
        var state = Fixtures.state()
        state.focus = .transcript
        XCTAssertNil(copied(press(.char("y"), &state)))
        XCTAssertEqual(state.status?.text, "no reply to copy yet")
    }

    func testTheSequenceCarriesOnlyBase64() {
        let sequence = Clipboard.sequence(for: "rm -rf /\u{1B}]0;pwned\u{07}")
        XCTAssertTrue(sequence.hasPrefix("\u{1B}]52;c;"))
        XCTAssertTrue(sequence.hasSuffix("\u{07}"))
        let payload = sequence.dropFirst(7).dropLast()
        XCTAssertTrue(payload.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+/=".contains($0)) }, String(payload))
        XCTAssertEqual(Data(base64Encoded: String(payload)).map { String(decoding: $0, as: UTF8.self) }, "rm -rf /\u{1B}]0;pwned\u{07}")
    }

    func testCappingNeverSplitsACharacter() {
        XCTAssertEqual(Clipboard.capped("ab", limit: 5).cut, false)
        XCTAssertEqual(Clipboard.capped("a👍b", limit: 4).text, "a")
        XCTAssertEqual(Clipboard.capped("a👍b", limit: 5).text, "a👍")
    }
}
