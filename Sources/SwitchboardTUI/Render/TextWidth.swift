import Foundation
import SwitchboardCore

/// One drawable unit: a character that takes `width` columns (1 or 2) plus any zero-width marks that ride on it.
public struct Glyph: Hashable, Sendable {
    public var text: String
    public var width: Int

    public init(_ text: String, width: Int) {
        self.text = text
        self.width = width
    }

    public static let space = Glyph(" ", width: 1)
}

/// Display width, measured the way glibc's `wcwidth` (and so curses and tmux) measure it, but in pure Swift so
/// layout does not depend on the process locale. A grapheme of several wide scalars (emoji with skin tones, ZWJ
/// sequences) is split into one glyph per spacing scalar: curses places them that way, so the screen stays in step.
public enum TextWidth {
    /// Columns one scalar takes: 0 for combining and format characters, 2 for East Asian wide and emoji, else 1.
    /// Control characters are never drawn raw; `glyphs` replaces them first.
    public static func columns(of scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value < 0x300 { return value == 0xAD || value >= 0x20 ? 1 : 0 }
        if isZeroWidth(value, scalar) { return 0 }
        if isWide(value) || scalar.properties.isEmojiPresentation { return 2 }
        return 1
    }

    /// Total columns of `text` once made safe to draw.
    public static func width<S: StringProtocol>(of text: S) -> Int {
        var total = 0
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value >= 0x20 && value < 0x7F {
                total += 1
            } else {
                total += safeScalars(scalar).reduce(0) { $0 + columns(of: $1) }
            }
        }
        return total
    }

    /// Splits `text` into drawable glyphs. Control characters become visible symbols (␛ for ESC), tabs become
    /// spaces, and a zero-width mark with nothing to sit on is drawn on a space.
    public static func glyphs<S: StringProtocol>(of text: S) -> [Glyph] {
        var result: [Glyph] = []
        result.reserveCapacity(text.utf8.count)
        for original in text.unicodeScalars {
            let value = original.value
            if value >= 0x20 && value < 0x7F {
                result.append(Glyph(String(Character(original)), width: 1))
                continue
            }
            for scalar in safeScalars(original) {
                let width = columns(of: scalar)
                if width == 0 {
                    if result.isEmpty { result.append(Glyph.space) }
                    result[result.count - 1].text.unicodeScalars.append(scalar)
                } else {
                    result.append(Glyph(String(Character(scalar)), width: width))
                }
            }
        }
        return result
    }

    /// What a scalar is drawn as: itself, or a harmless stand-in for a control character. Every piece of text that
    /// reaches the screen buffer passes through here, so no pane can show a control (C0, C1, DEL, bidi override
    /// or isolate) raw; which scalars those are is decided in one place, `TerminalText`, shared with the CLI.
    static func safeScalars(_ scalar: Unicode.Scalar) -> [Unicode.Scalar] {
        let value = scalar.value
        if value == 0x09 { return [" ", " ", " ", " "] }
        if value == 0x0A || value == 0x0D { return [" "] }
        if let standIn = TerminalText.standIn(for: scalar) { return [standIn] }
        return [scalar]
    }

    static func isZeroWidth(_ value: UInt32, _ scalar: Unicode.Scalar) -> Bool {
        if (0x1160...0x11FF).contains(value) || value == 0x200B { return true }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark: return true
        case .format: return value != 0x00AD && !(0x0600...0x0605).contains(value) && value != 0x06DD && value != 0x110BD
        default: return false
        }
    }

    /// East Asian Wide and Fullwidth blocks (Unicode 15) that are not emoji.
    static func isWide(_ value: UInt32) -> Bool {
        if value < 0x1100 { return false }
        for range in wideRanges where range.contains(value) { return true }
        return false
    }

    static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x2329...0x232A, 0x2E80...0x2E99, 0x2E9B...0x2EF3, 0x2F00...0x2FD5, 0x2FF0...0x2FFB,
        0x3000...0x303E, 0x3041...0x3096, 0x3099...0x30FF, 0x3105...0x312F, 0x3131...0x318E, 0x3190...0x31E3,
        0x31F0...0x321E, 0x3220...0x3247, 0x3250...0x4DBF, 0x4E00...0xA48C, 0xA490...0xA4C6, 0xA960...0xA97C,
        0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE52, 0xFE54...0xFE66, 0xFE68...0xFE6B,
        0xFF01...0xFF60, 0xFFE0...0xFFE6, 0x16FE0...0x16FE4, 0x16FF0...0x16FF1, 0x17000...0x187F7, 0x18800...0x18CD5,
        0x18D00...0x18D08, 0x1AFF0...0x1AFFE, 0x1B000...0x1B122, 0x1B132...0x1B132, 0x1B150...0x1B152,
        0x1B155...0x1B155, 0x1B164...0x1B167, 0x1B170...0x1B2FB, 0x1F200...0x1F202, 0x1F210...0x1F23B,
        0x1F240...0x1F248, 0x1F250...0x1F251, 0x1F260...0x1F265, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
    ]

    /// `text` cut to at most `width` columns, with `…` when something was cut.
    public static func truncate(_ text: String, to width: Int) -> String {
        guard width > 0 else { return "" }
        if text.utf8.count <= width, text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text }
        let glyphs = glyphs(of: text)
        let total = glyphs.reduce(0) { $0 + $1.width }
        if total <= width { return glyphs.map(\.text).joined() }
        var result = "", used = 0
        for glyph in glyphs {
            if used + glyph.width > width - 1 { break }
            result += glyph.text
            used += glyph.width
        }
        return result + "…"
    }

    /// `text` padded with spaces (or cut) to exactly `width` columns.
    public static func pad(_ text: String, to width: Int) -> String {
        let cut = truncate(text, to: width)
        let used = self.width(of: cut)
        return used < width ? cut + String(repeating: " ", count: width - used) : cut
    }
}
