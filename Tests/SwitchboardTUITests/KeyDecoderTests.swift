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
