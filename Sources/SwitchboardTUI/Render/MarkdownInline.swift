import Foundation

/// Inline Markdown within one line: `**strong**`, `*emphasis*` / `_emphasis_`, `~~strike-through~~`, `` `code` ``,
/// `[links](url)` and backslash escapes. Markers that never close stay as typed (a reply still streaming shows
/// `**bol` until `**`).
struct MarkdownInline {
    let styles: MarkdownStyles

    func runs(_ text: Substring, base: Style) -> [StyledRun] {
        let chars = Array(text)
        var output = RunCollector()
        var bold = false, italic = false, struck = false
        var index = 0

        func currentStyle() -> Style {
            var style = base
            if bold { style = styles.strong.over(style) }
            if italic { style = styles.emphasis.over(style) }
            if struck { style = styles.strikethrough.over(style) }
            return style
        }

        while index < chars.count {
            let char = chars[index]
            switch char {
            case "\\" where index + 1 < chars.count && chars[index + 1].isPunctuation || index + 1 < chars.count && chars[index + 1].isSymbol:
                output.append(String(chars[index + 1]), currentStyle())
                index += 2
            case "`":
                let ticks = Self.runLength(of: "`", in: chars, from: index)
                if let close = Self.findRun(of: "`", length: ticks, in: chars, from: index + ticks) {
                    var code = String(chars[(index + ticks)..<close])
                    if code.count >= 2, code.hasPrefix(" "), code.hasSuffix(" ") { code = String(code.dropFirst().dropLast()) }
                    output.append(code, styles.inlineCode.over(currentStyle()))
                    index = close + ticks
                } else {
                    output.append(String(repeating: "`", count: ticks), currentStyle())
                    index += ticks
                }
            case "*", "_":
                let length = Self.runLength(of: char, in: chars, from: index)
                let consumed = toggle(char, length: length, at: index, chars: chars, bold: &bold, italic: &italic)
                if consumed == 0 {
                    output.append(String(repeating: char, count: length), currentStyle())
                    index += length
                } else {
                    index += consumed
                }
            case "~" where Self.runLength(of: "~", in: chars, from: index) == 2:
                let after = index + 2 < chars.count ? chars[index + 2] : " "
                if struck {
                    struck = false
                } else if !after.isWhitespace, Self.findRun(of: "~", length: 2, in: chars, from: index + 2) != nil {
                    struck = true
                } else {
                    output.append("~~", currentStyle())
                }
                index += 2
            case "[":
                if let (label, url, end) = Self.link(in: chars, at: index) {
                    // The label and the URL shown after it both carry the link (nil when it is not safe to write).
                    let target = Hyperlink(url)
                    var style = styles.link.over(currentStyle())
                    style.link = target
                    output.append(label, style)
                    if url != label {
                        var urlStyle = styles.url.over(currentStyle())
                        output.append(" ‹", urlStyle)
                        urlStyle.link = target
                        output.append(url, urlStyle)
                        urlStyle.link = nil
                        output.append("›", urlStyle)
                    }
                    index = end
                } else {
                    output.append("[", currentStyle())
                    index += 1
                }
            default:
                // Plain text up to the next character that may be markup goes in as one piece: the style cannot
                // change inside it, and the collector would join the characters anyway.
                var end = index + 1
                while end < chars.count, !Self.mayBeMarkup(chars[end]) { end += 1 }
                output.append(end == index + 1 ? String(char) : String(chars[index..<end]), currentStyle())
                index = end
            }
        }
        return output.finish()
    }

    /// Opens or closes emphasis for a run of `*`/`_`; returns how many markers it used (0: they are literal).
    private func toggle(_ marker: Character, length: Int, at index: Int, chars: [Character],
                        bold: inout Bool, italic: inout Bool) -> Int {
        let before = index > 0 ? chars[index - 1] : " "
        let after = index + length < chars.count ? chars[index + length] : " "
        let canClose = !before.isWhitespace && (marker == "*" || !after.isLetterOrDigit)
        let canOpen = !after.isWhitespace && (marker == "*" || !before.isLetterOrDigit)
        var used = 0
        var remaining = length
        // Close first (innermost), then open; a run of three does both strong and emphasis.
        if canClose {
            if remaining >= 2, bold { bold = false; used += 2; remaining -= 2 }
            if remaining >= 1, italic { italic = false; used += 1; remaining -= 1 }
            if used > 0 { return used }
        }
        guard canOpen else { return 0 }
        let closer = Self.findCloser(marker, in: chars, from: index + length)
        if remaining >= 2, !bold, closer >= 2 { bold = true; used += 2; remaining -= 2 }
        if remaining >= 1, !italic, closer == 1 || closer >= 3 || (closer >= 1 && used == 0) { italic = true; used += 1 }
        return used
    }

    /// Length of the longest closing run of `marker` later on the line (one preceded by a non-space), 0 if none.
    private static func findCloser(_ marker: Character, in chars: [Character], from start: Int) -> Int {
        var best = 0
        var index = start
        while index < chars.count {
            if chars[index] == marker, index > 0, !chars[index - 1].isWhitespace {
                let length = runLength(of: marker, in: chars, from: index)
                let after = index + length < chars.count ? chars[index + length] : " "
                if marker == "*" || !after.isLetterOrDigit { best = max(best, length) }
                index += length
            } else {
                index += 1
            }
        }
        return best
    }

    /// The characters a case of `runs` looks at; everything else is plain text.
    static func mayBeMarkup(_ char: Character) -> Bool {
        switch char {
        case "\\", "`", "*", "_", "~", "[": true
        default: false
        }
    }

    static func runLength(of marker: Character, in chars: [Character], from start: Int) -> Int {
        var end = start
        while end < chars.count, chars[end] == marker { end += 1 }
        return end - start
    }

    static func findRun(of marker: Character, length: Int, in chars: [Character], from start: Int) -> Int? {
        var index = start
        while index < chars.count {
            if chars[index] == marker {
                let run = runLength(of: marker, in: chars, from: index)
                if run == length { return index }
                index += run
            } else {
                index += 1
            }
        }
        return nil
    }

    /// `[label](url)` starting at `start`: the label, the url and the index after `)`.
    static func link(in chars: [Character], at start: Int) -> (String, String, Int)? {
        guard let closeLabel = chars[start...].firstIndex(of: "]"), closeLabel + 1 < chars.count,
              chars[closeLabel + 1] == "(", let closeURL = chars[(closeLabel + 1)...].firstIndex(of: ")") else { return nil }
        let label = String(chars[(start + 1)..<closeLabel])
        let url = String(chars[(closeLabel + 2)..<closeURL])
        guard !label.isEmpty, !url.contains(" ") else { return nil }
        return (label, url, closeURL + 1)
    }
}

/// Merges neighbouring text of one style into a single run (measured once, when the style changes).
struct RunCollector {
    private var runs: [StyledRun] = []
    private var pending = ""
    private var pendingStyle = Style.plain

    mutating func append(_ text: String, _ style: Style) {
        guard !text.isEmpty else { return }
        if style != pendingStyle, !pending.isEmpty {
            runs.append(StyledRun(pending, pendingStyle))
            pending = ""
        }
        pendingStyle = style
        pending += text
    }

    mutating func finish() -> [StyledRun] {
        if !pending.isEmpty { runs.append(StyledRun(pending, pendingStyle)) }
        pending = ""
        return runs
    }
}

extension Character {
    var isLetterOrDigit: Bool { isLetter || isNumber }
}
