import XCTest
@testable import SwitchboardTUI
import SwitchboardCore

final class TextWidthTests: XCTestCase {
    func testASCIIIsOneColumnEach() {
        XCTAssertEqual(TextWidth.width(of: "hello, world"), 12)
    }

    func testCJKAndFullwidthAreTwoColumns() {
        XCTAssertEqual(TextWidth.width(of: "漢字"), 4)
        XCTAssertEqual(TextWidth.width(of: "한국어"), 6)
        XCTAssertEqual(TextWidth.width(of: "ＡＢ"), 4)
        XCTAssertEqual(TextWidth.width(of: "カタカナ"), 8)
    }

    func testEmojiAreTwoColumns() {
        XCTAssertEqual(TextWidth.width(of: "🚀"), 2)
        XCTAssertEqual(TextWidth.width(of: "a😀b"), 4)
    }

    func testCombiningMarksTakeNoColumnAndRideOnTheirBase() {
        let text = "e\u{301}a"
        XCTAssertEqual(TextWidth.width(of: text), 2)
        let glyphs = TextWidth.glyphs(of: text)
        XCTAssertEqual(glyphs.map(\.text), ["e\u{301}", "a"])
    }

    func testLeadingCombiningMarkSitsOnASpace() {
        let glyphs = TextWidth.glyphs(of: "\u{301}x")
        XCTAssertEqual(glyphs.first?.text, " \u{301}")
        XCTAssertEqual(glyphs.map(\.width), [1, 1])
    }

    func testSkinToneEmojiSplitsIntoSpacingScalarsLikeGlibc() {
        // 👍🏽 is two wide scalars; glibc and tmux give it 4 columns, so the layout must too.
        let glyphs = TextWidth.glyphs(of: "👍🏽")
        XCTAssertEqual(glyphs.map(\.width), [2, 2])
    }

    func testZWJSequenceKeepsTheJoinerOnThePreviousGlyph() {
        let glyphs = TextWidth.glyphs(of: "👩\u{200D}💻")
        XCTAssertEqual(glyphs.count, 2)
        XCTAssertEqual(glyphs[0].text, "👩\u{200D}")
    }

    func testControlCharactersBecomeVisibleSymbols() {
        let glyphs = TextWidth.glyphs(of: "a\u{1B}[2Jb\u{7}\u{9B}\u{7F}")
        let text = glyphs.map(\.text).joined()
        XCTAssertFalse(text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F || (0x80...0x9F).contains($0.value) })
        XCTAssertEqual(text, "a␛[2Jb␇\u{FFFD}␡")
    }

    func testTabsBecomeSpaces() {
        XCTAssertEqual(TextWidth.glyphs(of: "\tx").map(\.text), [" ", " ", " ", " ", "x"])
    }

    func testTruncateAddsEllipsisWithinWidth() {
        XCTAssertEqual(TextWidth.truncate("abcdefgh", to: 5), "abcd…")
        XCTAssertEqual(TextWidth.truncate("漢字漢字", to: 5), "漢字…")
        XCTAssertEqual(TextWidth.truncate("abc", to: 5), "abc")
    }

    func testPadFillsToExactWidth() {
        XCTAssertEqual(TextWidth.pad("漢", to: 4), "漢  ")
        XCTAssertEqual(TextWidth.width(of: TextWidth.pad("abcdefgh", to: 4)), 4)
    }

    /// The table must agree with glibc's wcwidth (what curses and tmux use) across the scripts people write.
    func testAgreesWithGlibcWcwidth() throws {
        var scalars: [Unicode.Scalar] = []
        let ranges: [ClosedRange<UInt32>] = [0x20...0x7E, 0xA0...0x36F, 0x400...0x4FF, 0x590...0x6FF, 0x900...0x97F,
                                             0x1100...0x11FF, 0x2000...0x206F, 0x2190...0x27BF, 0x2E80...0x33FF,
                                             0x4E00...0x4E80, 0xAC00...0xAC80, 0xFE00...0xFE6F, 0xFF00...0xFFEF,
                                             0x1F300...0x1F6FF, 0x1F900...0x1F9FF, 0x20000...0x20010]
        for range in ranges {
            for value in range {
                if let scalar = Unicode.Scalar(value), scalar.properties.generalCategory != .unassigned { scalars.append(scalar) }
            }
        }
        let system = CursesDriver.systemWidths(of: scalars)
        try XCTSkipIf(system.allSatisfy { $0 < 0 }, "no UTF-8 locale on this machine")
        var mismatches: [String] = []
        for (scalar, glibc) in zip(scalars, system) where glibc >= 0 && glibc != DisplayWidth.columns(of: scalar) {
            mismatches.append(String(format: "U+%04X glibc %d ours %d", scalar.value, glibc, DisplayWidth.columns(of: scalar)))
        }
        XCTAssertLessThan(mismatches.count, scalars.count / 200, "\(mismatches.count) of \(scalars.count): \(mismatches.prefix(20))")
    }
}

/// The workbench's shortcuts around `DisplayWidth` give its answers.
final class TextWidthShortcutTests: XCTestCase {
    func testNarrowRangesAreOneColumnAsDisplayWidthSays() {
        for range in TextWidth.narrowRanges {
            for value in range {
                guard let scalar = Unicode.Scalar(value) else { continue }
                XCTAssertEqual(DisplayWidth.columns(of: scalar), 1, "U+\(String(value, radix: 16))")
                XCTAssertEqual(TextWidth.columns(of: scalar), DisplayWidth.columns(of: scalar))
            }
        }
        // Just past the last range: the emoji squares stay two columns.
        XCTAssertEqual(TextWidth.columns(of: "\u{25FD}"), 2)
        XCTAssertEqual(TextWidth.columns(of: "\u{200D}"), 0)
    }

    func testSafeScalarIsSafeScalarsWhenThatIsOne() {
        for value in Array(0...0x3FF) + Array(0x2000...0x206F) + [0xFEFF, 0x1F600] {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let many = TextWidth.safeScalars(scalar)
            if many.count == 1 {
                XCTAssertEqual(TextWidth.safeScalar(scalar), many[0], "U+\(String(value, radix: 16))")
            } else {
                XCTAssertNil(TextWidth.safeScalar(scalar))
                XCTAssertEqual(many, [" ", " ", " ", " "])
            }
        }
    }
}

/// Text that draws as it is skips making glyphs; it must be exactly the text the glyphs join back to.
final class TextWidthDrawnTests: XCTestCase {
    func testDrawnIsTheGlyphsJoinedForEveryKindOfText() {
        let texts = ["plain", "a · b", "京都の旅行計画", "│ border", "\u{301}leading mark", "e\u{301}", "tab\there",
                     "line\nbreak", "cr\r", "esc\u{1B}[31m", "bidi\u{202E}x", "del\u{7F}", "c1\u{85}", "👍\u{1F3FD}",
                     "👨\u{200D}👩", "\u{200B}zero width first", "x\u{200B}", "\u{FEFF}bom", "…", ""]
        for text in texts {
            XCTAssertEqual(TextWidth.drawn(text), TextWidth.glyphs(of: text).map(\.text).joined(), text.debugDescription)
        }
        XCTAssertTrue(TextWidth.drawsAsItIs("a · b 京都"))
        XCTAssertFalse(TextWidth.drawsAsItIs("a\tb"))
        XCTAssertFalse(TextWidth.drawsAsItIs("\u{301}a"))
    }
}
