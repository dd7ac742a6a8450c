import Foundation

/// Where a Markdown renderer stands between lines: inside a fenced code block or not, and which number the next
/// code block gets (numbers run through a whole conversation so a key can copy block N).
public struct MarkdownBlockState: Hashable, Sendable {
    struct Fence: Hashable, Sendable {
        var marker: Character
        var length: Int
        var indent: Int
        var language: String
        var number: Int
        var line: Int
    }

    var fence: Fence?
    public var nextCodeBlock: Int

    public init(nextCodeBlock: Int = 1) {
        self.nextCodeBlock = nextCodeBlock
    }

    public var insideCodeBlock: Bool { fence != nil }
}

/// Turns Markdown into styled, wrapped lines, one source line at a time so a streaming reply can be rendered as
/// it grows. Headings, emphasis, inline code, fenced code blocks (own background, language label, block number,
/// line numbers), lists, quotes and rules. Source lines are kept as lines (chat replies rarely hard-wrap).
public struct MarkdownRenderer: Sendable {
    public let styles: MarkdownStyles

    public init(styles: MarkdownStyles) {
        self.styles = styles
    }

    /// The whole text; returns the lines and the state after the last line.
    public func render(_ text: String, width: Int, state: MarkdownBlockState = MarkdownBlockState()) -> ([StyledLine], MarkdownBlockState) {
        var state = state
        var lines: [StyledLine] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lines += render(line: line, state: &state, width: width)
        }
        return (lines, state)
    }

    /// One source line (without its newline).
    public func render(line raw: Substring, state: inout MarkdownBlockState, width: Int) -> [StyledLine] {
        let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
        if let fence = state.fence {
            if Self.closesFence(line, fence) {
                state.fence = nil
                return []
            }
            state.fence?.line += 1
            return codeLine(Self.dropIndent(line, upTo: fence.indent), number: fence.line + 1, width: width)
        }
        if let (marker, length, indent, language) = Self.opensFence(line) {
            let number = state.nextCodeBlock
            state.nextCodeBlock += 1
            state.fence = MarkdownBlockState.Fence(marker: marker, length: length, indent: indent, language: language,
                                                   number: number, line: 0)
            return [codeLabel(language: language, number: number)]
        }
        let trimmed = line.drop { $0 == " " }
        if trimmed.isEmpty { return [StyledLine.blank] }
        if let level = Self.headingLevel(trimmed) {
            let content = trimmed.dropFirst(level).drop { $0 == " " }
            var style = styles.heading.over(styles.text)
            if level == 1 { style = style.with(.underline) }
            return LineWrapper.wrap(MarkdownInline(styles: styles).runs(content, base: style), width: width)
        }
        if Self.isRule(trimmed) {
            return [StyledLine(String(repeating: "─", count: max(1, width)), styles.rule)]
        }
        if trimmed.hasPrefix(">") {
            let content = trimmed.drop { $0 == ">" || $0 == " " }
            let bar = [StyledRun("▌ ", styles.quote)]
            let base = styles.quote.over(styles.text)
            return LineWrapper.wrap(MarkdownInline(styles: styles).runs(content, base: base), width: width,
                                    firstPrefix: bar, nextPrefix: bar)
        }
        let indent = line.count - trimmed.count
        if let (marker, content) = Self.listItem(trimmed) {
            let pad = String(repeating: " ", count: min(indent, 12))
            let first = [StyledRun(pad), StyledRun(marker, styles.bullet), StyledRun(" ")]
            let next = [StyledRun(pad + String(repeating: " ", count: TextWidth.width(of: marker) + 1))]
            return LineWrapper.wrap(MarkdownInline(styles: styles).runs(content, base: styles.text), width: width,
                                    firstPrefix: first, nextPrefix: next)
        }
        return LineWrapper.wrap(MarkdownInline(styles: styles).runs(line, base: styles.text), width: width)
    }

    func codeLabel(language: String, number: Int) -> StyledLine {
        let name = language.isEmpty ? "code" : language
        return StyledLine([StyledRun(" \(name) ", styles.codeLabel.over(styles.codeBlock)),
                           StyledRun(" #\(number)", styles.codeNumber.over(styles.codeBlock))], fill: styles.codeBlock)
    }

    func codeLine(_ text: Substring, number: Int, width: Int) -> [StyledLine] {
        let digits = max(3, String(number).count)
        let numberText = String(repeating: " ", count: digits - String(number).count) + String(number)
        let gutter = styles.codeNumber.over(styles.codeBlock)
        let first = [StyledRun(numberText + " │ ", gutter)]
        let next = [StyledRun(String(repeating: " ", count: digits) + " │ ", gutter)]
        let code = [StyledRun(String(text), styles.codeBlock)]
        return LineWrapper.wrap(code, width: width, firstPrefix: first, nextPrefix: next, fill: styles.codeBlock)
    }

    // MARK: - Line classification

    static func opensFence(_ line: Substring) -> (Character, Int, Int, String)? {
        let trimmed = line.drop { $0 == " " }
        guard let marker = trimmed.first, marker == "`" || marker == "~" else { return nil }
        let length = trimmed.prefix { $0 == marker }.count
        guard length >= 3 else { return nil }
        let info = trimmed.dropFirst(length).trimmingCharacters(in: .whitespaces)
        if marker == "`", info.contains("`") { return nil }
        let language = info.split(separator: " ").first.map(String.init) ?? ""
        return (marker, length, line.count - trimmed.count, language)
    }

    static func closesFence(_ line: Substring, _ fence: MarkdownBlockState.Fence) -> Bool {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        return trimmed.count >= fence.length && trimmed.allSatisfy { $0 == fence.marker }
    }

    static func dropIndent(_ line: Substring, upTo indent: Int) -> Substring {
        var result = line
        var dropped = 0
        while dropped < indent, result.first == " " {
            result = result.dropFirst()
            dropped += 1
        }
        return result
    }

    static func headingLevel(_ line: Substring) -> Int? {
        let hashes = line.prefix { $0 == "#" }.count
        guard (1...6).contains(hashes) else { return nil }
        let rest = line.dropFirst(hashes)
        return rest.isEmpty || rest.first == " " ? hashes : nil
    }

    static func isRule(_ line: Substring) -> Bool {
        let compact = line.filter { $0 != " " }
        guard compact.count >= 3, let first = compact.first, "-*_".contains(first) else { return false }
        return compact.allSatisfy { $0 == first }
    }

    /// A bullet (`-`, `*`, `+`) or numbered (`1.`, `2)`) item: the marker to show and the item's text.
    static func listItem(_ line: Substring) -> (String, Substring)? {
        guard let first = line.first else { return nil }
        if "-*+".contains(first), line.dropFirst().first == " " {
            return ("•", line.dropFirst(2))
        }
        let digits = line.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 9 else { return nil }
        let rest = line.dropFirst(digits.count)
        guard let delimiter = rest.first, delimiter == "." || delimiter == ")", rest.dropFirst().first == " " else { return nil }
        return (String(digits) + String(delimiter), rest.dropFirst(2))
    }
}
