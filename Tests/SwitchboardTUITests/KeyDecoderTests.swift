import XCTest
@testable import SwitchboardTUI

final class KeyDecoderTests: XCTestCase {
    private func codes(_ text: String) -> [RawInput] {
        text.unicodeScalars.map { .code($0.value) }
    }

    func testPrintableAndControlCodes() {
        var decoder = KeyDecoder()
        let events = decoder.decode(codes("a") + [.code(16), .code(13), .code(10), .code(9), .code(127), .code(8)])
        XCTAssertEqual(events, [.keys([.char("a"), .ctrl("p"), .enter, .ctrl("j"), .tab, .backspace, .ctrl("h")])])
    }

    func testEscapeFollowedByAKeyIsAlt() {
        var decoder = KeyDecoder()
        XCTAssertEqual(decoder.decode([.code(27), .code(13)]), [.keys([.altEnter])])
        XCTAssertEqual(decoder.decode([.code(27), .code(UInt32(("b" as Unicode.Scalar).value))]), [.keys([.alt("b")])])
    }

    func testLoneEscapeIsEscape() {
        var decoder = KeyDecoder()
        XCTAssertEqual(decoder.decode([.code(27)]), [.keys([.escape])])
        XCTAssertEqual(decoder.decode([.code(27), .key(.up)]), [.keys([.escape, .up])])
    }

    func testPasteBecomesOneEventEvenAcrossBatches() {
        var decoder = KeyDecoder()
        let first = decoder.decode(codes("x") + [.pasteBegin] + codes("line one\r"))
        XCTAssertEqual(first, [.keys([.char("x")])])
        let second = decoder.decode(codes("line two") + [.pasteEnd] + codes("y"))
        XCTAssertEqual(second, [.paste("line one\nline two"), .keys([.char("y")])])
    }

    func testPasteKeepsControlKeysAsText() {
        var decoder = KeyDecoder()
        let events = decoder.decode([.pasteBegin, .code(3), .code(9), .pasteEnd])
        XCTAssertEqual(events, [.paste("\u{3}\t")])
    }

    func testHundredKilobytePasteIsOneEvent() {
        var decoder = KeyDecoder()
        let text = String(repeating: "0123456789abcdef\n", count: 6_000)
        let events = decoder.decode([.pasteBegin] + codes(text) + [.pasteEnd])
        XCTAssertEqual(events.count, 1)
        if case .paste(let pasted) = events.first { XCTAssertEqual(pasted.utf8.count, text.utf8.count) } else { XCTFail() }
    }

    func testResizeIsPassedThroughInOrder() {
        var decoder = KeyDecoder()
        let events = decoder.decode(codes("a") + [.resize(Size(width: 60, height: 20))] + codes("b"))
        XCTAssertEqual(events, [.keys([.char("a")]), .resize(Size(width: 60, height: 20)), .keys([.char("b")])])
    }

    func testWideCharactersDecode() {
        var decoder = KeyDecoder()
        XCTAssertEqual(decoder.decode(codes("漢")), [.keys([.char("漢")])])
    }

    func testKeyLabelsForHelp() {
        XCTAssertEqual(Key.ctrl("p").label, "Ctrl-P")
        XCTAssertEqual(Key.function(2).label, "F2")
        XCTAssertEqual(Key.altEnter.label, "Alt-Enter")
        XCTAssertEqual(Key.pageUp.label, "PgUp")
    }
}

/// A paste whose end marker never comes must not swallow the keyboard.
final class KeyDecoderPasteTimeoutTests: XCTestCase {
    private let start = ContinuousClock.now

    private func at(_ milliseconds: Int) -> ContinuousClock.Instant { start + .milliseconds(milliseconds) }

    func testAnUnterminatedPasteIsTakenAsTypedKeysAfterOneSecond() {
        var decoder = KeyDecoder()
        let begun = decoder.decode([.pasteBegin, .code(97), .code(98), .code(99)], at: at(0))
        XCTAssertEqual(begun, [], "inside a paste nothing is delivered yet")
        XCTAssertEqual(decoder.decode([.code(3)], at: at(400)), [], "Ctrl-C within the second is still paste text")
        XCTAssertEqual(decoder.expire(at: at(999)), [])
        XCTAssertEqual(decoder.expire(at: at(1000)), [.keys([.char("a"), .char("b"), .char("c"), .ctrl("c")])],
                       "after a second what arrived comes back as typed keys, the Ctrl-C included")
        XCTAssertEqual(decoder.decode([.code(3)], at: at(1100)), [.keys([.ctrl("c")])], "Ctrl-C works afterwards")
        XCTAssertEqual(decoder.decode([.code(4), .key(.function(1)), .code(27)], at: at(1200)),
                       [.keys([.ctrl("d"), .function(1), .escape])], "so do Ctrl-D, F1 and Esc")
    }

    func testALateBatchEndsTheStalePasteBeforeItIsDecoded() {
        var decoder = KeyDecoder()
        _ = decoder.decode([.pasteBegin, .code(120)], at: at(0))
        XCTAssertEqual(decoder.decode([.code(3)], at: at(1500)), [.keys([.char("x")]), .keys([.ctrl("c")])])
    }

    func testAPasteThatEndsInTimeIsOnePasteAndNothingIsReplayedLater() {
        var decoder = KeyDecoder()
        _ = decoder.decode([.pasteBegin, .code(97)], at: at(0))
        XCTAssertEqual(decoder.decode([.code(13), .code(98), .pasteEnd], at: at(900)), [.paste("a\nb")])
        XCTAssertEqual(decoder.expire(at: at(5000)), [])
        XCTAssertEqual(decoder.decode([.pasteBegin, .code(99), .pasteEnd, .code(100)], at: at(6000)),
                       [.paste("c"), .keys([.char("d")])])
    }
}
