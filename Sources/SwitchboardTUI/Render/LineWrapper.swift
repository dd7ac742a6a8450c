import Foundation

/// Word-wraps styled text to a width in display columns. Words longer than a line are broken between glyphs;
/// the spaces where a line breaks are dropped. `firstPrefix` starts the first line and `nextPrefix` every other
/// one (bullets and hanging indents, quote bars, code line numbers).
public enum LineWrapper {
    public static func wrap(_ runs: [StyledRun], width: Int, firstPrefix: [StyledRun] = [], nextPrefix: [StyledRun] = [],
                            fill: Style? = nil) -> [StyledLine] {
        var builder = Builder(width: max(1, width), firstPrefix: firstPrefix, nextPrefix: nextPrefix, fill: fill)
        var word: [(Glyph, Style)] = []
        var wordWidth = 0
        var spaces: [(Glyph, Style)] = []

        func flushWord() {
            guard !word.isEmpty else { return }
            builder.place(word: word, width: wordWidth, spaces: spaces)
            word.removeAll(keepingCapacity: true)
            spaces.removeAll(keepingCapacity: true)
            wordWidth = 0
        }

        for run in runs {
            for glyph in TextWidth.glyphs(of: run.text) {
                if glyph.text == " " {
                    flushWord()
                    spaces.append((glyph, run.style))
                } else {
                    word.append((glyph, run.style))
                    wordWidth += glyph.width
                }
            }
        }
        flushWord()
        if !spaces.isEmpty { builder.appendTrailingSpaces(spaces) }
        return builder.finish()
    }

    /// Collects glyphs into lines, merging neighbours of one style into runs.
    struct Builder {
        let width: Int
        let firstPrefix: [StyledRun]
        let nextPrefix: [StyledRun]
        let fill: Style?
        var lines: [StyledLine] = []
        var current: [StyledRun]
        var used: Int
        var prefixWidth: Int
        var hasContent = false

        init(width: Int, firstPrefix: [StyledRun], nextPrefix: [StyledRun], fill: Style?) {
            self.width = width
            self.firstPrefix = firstPrefix
            self.nextPrefix = nextPrefix
            self.fill = fill
            current = firstPrefix
            prefixWidth = firstPrefix.reduce(0) { $0 + $1.width }
            used = prefixWidth
        }

        mutating func place(word: [(Glyph, Style)], width wordWidth: Int, spaces: [(Glyph, Style)]) {
            let spaceWidth = hasContent ? spaces.count : (lines.isEmpty ? spaces.count : 0)
            if used + spaceWidth + wordWidth <= width {
                if spaceWidth > 0 { for (glyph, style) in spaces { append(glyph, style) } }
                for (glyph, style) in word { append(glyph, style) }
                return
            }
            let nextLineRoom = width - nextPrefix.reduce(0) { $0 + $1.width }
            if hasContent && wordWidth <= nextLineRoom {
                newLine()
                for (glyph, style) in word { append(glyph, style) }
                return
            }
            // Too long for any line: break it wherever the line is full.
            if hasContent, used + 1 < width { append(Glyph.space, spaces.first?.1 ?? word[0].1) }
            for (glyph, style) in word {
                if used + glyph.width > width { newLine() }
                append(glyph, style)
            }
        }

        mutating func appendTrailingSpaces(_ spaces: [(Glyph, Style)]) {
            // Only meaningful for text that is nothing but spaces (keeps an indented empty line's shape).
            guard !hasContent else { return }
            for (glyph, style) in spaces where used < width { append(glyph, style) }
        }

        mutating func append(_ glyph: Glyph, _ style: Style) {
            if let last = current.last, last.style == style, current.count > (hasContent ? 0 : prefixCount) {
                current[current.count - 1].text += glyph.text
                current[current.count - 1].width += glyph.width
            } else {
                current.append(StyledRun(text: glyph.text, style: style, width: glyph.width))
            }
            used += glyph.width
            hasContent = true
        }

        private var prefixCount: Int { lines.isEmpty ? firstPrefix.count : nextPrefix.count }

        mutating func newLine() {
            lines.append(StyledLine(current, fill: fill))
            current = nextPrefix
            prefixWidth = nextPrefix.reduce(0) { $0 + $1.width }
            used = prefixWidth
            hasContent = false
        }

        mutating func finish() -> [StyledLine] {
            lines.append(StyledLine(current, fill: fill))
            return lines
        }
    }
}
