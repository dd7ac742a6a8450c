import Foundation

/// Terminal columns, measured the way glibc's `wcwidth` (and so curses and tmux) measure them, but in pure Swift so
/// the answer does not depend on the process locale. The one width table: the workbench lays out glyphs with it and
/// the command line aligns its tables with it, so both agree with the terminal and with each other.
public enum DisplayWidth {
    /// Columns one scalar takes: 0 for combining and format characters, 2 for East Asian wide and emoji, else 1.
    /// C0 controls measure 0; callers draw controls through `TerminalText.standIn` first.
    public static func columns(of scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value < 0x300 { return value == 0xAD || value >= 0x20 ? 1 : 0 }
        if isZeroWidth(value, scalar) { return 0 }
        if isWide(value) || scalar.properties.isEmojiPresentation { return 2 }
        return 1
    }

    /// Columns of `text` as printed inert: a control counts as the stand-in `TerminalText` shows for it.
    public static func width<S: StringProtocol>(of text: S) -> Int {
        text.unicodeScalars.reduce(0) { $0 + printed($1) }
    }

    /// Columns of one scalar as printed inert.
    static func printed(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value >= 0x20 && value < 0x7F { return 1 }
        return columns(of: TerminalText.standIn(for: scalar) ?? scalar)
    }

    /// `text` cut to at most `width` columns, ending in `…` when something was cut. A zero-width mark stays with
    /// the character it rides on; a wide character that would straddle the limit is left out whole.
    public static func truncate(_ text: String, to width: Int) -> String {
        guard width > 0 else { return "" }
        if text.utf8.count <= width, text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text }
        guard self.width(of: text) > width else { return text }
        var result = String.UnicodeScalarView()
        var used = 0
        for scalar in text.unicodeScalars {
            let next = printed(scalar)
            if next > 0 && used + next > width - 1 { break }
            result.append(scalar)
            used += next
        }
        return String(result) + "…"
    }

    /// `text` padded with spaces (or cut) to exactly `width` columns.
    public static func pad(_ text: String, to width: Int) -> String {
        let cut = truncate(text, to: width)
        let used = self.width(of: cut)
        return used < width ? cut + String(repeating: " ", count: width - used) : cut
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
}
