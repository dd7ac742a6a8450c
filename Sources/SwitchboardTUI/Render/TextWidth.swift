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

/// Text as the workbench draws it: split into glyphs, controls shown as stand-ins, tabs as spaces. How many columns
/// a scalar takes is `DisplayWidth`'s answer (Core), the one table the command line uses too. A grapheme of several
/// wide scalars (emoji with skin tones, ZWJ sequences) is split into one glyph per spacing scalar: curses places
/// them that way, so the screen stays in step.
public enum TextWidth {
    /// Total columns of `text` once made safe to draw.
    public static func width<S: StringProtocol>(of text: S) -> Int {
        var total = 0
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value >= 0x20 && value < 0x7F {
                total += 1
            } else {
                total += safeScalar(scalar).map { columns(of: $0) } ?? 4
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

    /// `DisplayWidth.columns(of:)`, answered without its Unicode property look-ups for the characters every frame
    /// draws many of: the borders, gauges, arrows and punctuation of the panes.
    static func columns(of scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value >= 0x2010 && value <= 0x25FC {
            for range in narrowRanges where range.contains(value) { return 1 }
        }
        return DisplayWidth.columns(of: scalar)
    }

    /// Ranges where every scalar is one column wide (a test holds them to `DisplayWidth`): dashes, quotes,
    /// bullets and the ellipsis; arrows; box drawing, blocks and geometric shapes short of the two emoji squares.
    static let narrowRanges: [ClosedRange<UInt32>] = [0x2010...0x2027, 0x2190...0x21FF, 0x2500...0x25FC]

    /// What a scalar is drawn as when that is one scalar (everything but a tab, which is four spaces): itself, or
    /// the stand-in `safeScalars` gives, without making an array.
    static func safeScalar(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        let value = scalar.value
        if value == 0x09 { return nil }
        if value == 0x0A || value == 0x0D { return " " }
        return TerminalText.standIn(for: scalar) ?? scalar
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

    /// `text` as drawn, cut to at most `width` columns, with `…` when something was cut.
    public static func truncate(_ text: String, to width: Int) -> String {
        guard width > 0 else { return "" }
        if text.utf8.count <= width, text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text }
        return DisplayWidth.truncate(drawn(text), to: width)
    }

    /// `text` as drawn, padded with spaces (or cut) to exactly `width` columns.
    public static func pad(_ text: String, to width: Int) -> String {
        DisplayWidth.pad(drawn(text), to: width)
    }

    /// The text the glyphs of `text` draw.
    static func drawn(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text }
        if drawsAsItIs(text) { return text }
        return glyphs(of: text).map(\.text).joined()
    }

    /// True when the glyphs of `text` join back to `text`: every scalar is drawn as itself (no control, tab or
    /// bidi mark to stand in for) and it does not open with a mark that would be put on a space. Text with a
    /// `·` or a border in it is the usual case, and it needs no glyphs made.
    static func drawsAsItIs(_ text: String) -> Bool {
        var first = true
        for scalar in text.unicodeScalars {
            defer { first = false }
            let value = scalar.value
            if value >= 0x20 && value < 0x7F { continue }
            guard let drawn = safeScalar(scalar), drawn == scalar else { return false }
            if first, columns(of: scalar) == 0 { return false }
        }
        return true
    }
}
