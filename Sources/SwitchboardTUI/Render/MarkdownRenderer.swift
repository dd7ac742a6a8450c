import Foundation

/// Where a Markdown renderer stands between lines: inside a fenced code block or a table or not, and which number
/// the next code block gets (numbers run through a whole conversation so a key can copy block N).
public struct MarkdownBlockState: Hashable, Sendable {
    struct Fence: Hashable, Sendable {
        var marker: Character
        var length: Int
        var indent: Int
        var language: String
        var number: Int
        var line: Int
        /// The grammar its lines are highlighted with (nil: an unknown language, drawn plain).
        var highlight: SyntaxLanguage? = nil
        /// What the previous line left open (a block comment, a multi-line string).
        var carry: SyntaxCarry = .none
    }

    var fence: Fence?
    /// The table being read: drawn again as rows arrive, settled when a line without a pipe ends it.
    var table: MarkdownTable?
    /// A line with pipes that a delimiter row on the next line would turn into a table's header.
    var pendingRow: String?
    var tablesStarted = 0
    public var nextCodeBlock: Int

    public init(nextCodeBlock: Int = 1) {
        self.nextCodeBlock = nextCodeBlock
    }

    public var insideCodeBlock: Bool { fence != nil }
}

/// Turns Markdown into styled, wrapped lines, one source line at a time so a streaming reply can be rendered as
/// it grows. Headings, emphasis, strike-through, inline code, links, fenced code blocks (own background, language
/// label, block number, line numbers, syntax highlighting), GFM tables, lists and task lists, quotes and rules.
/// Source lines are kept as lines (chat replies rarely hard-wrap).
///
/// Most lines are settled as soon as they are read. A table is not: its column widths depend on every row, so
/// `render(line:)` keeps it in the state and `openLines` draws it; the same holds for a line with pipes until the
/// next line says whether it starts a table.
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
        return (lines + openLines(state, width: width), state)
    }

    /// One source line (without its newline): the lines it settles. What is still open is `openLines(state)`.
    public func render(line raw: Substring, state: inout MarkdownBlockState, width: Int) -> [StyledLine] {
        let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
        if state.table != nil {
            if let cells = MarkdownTable.cells(of: line) {
                state.table?.append(row: cells)
                return []
            }
            let settled = openLines(state, width: width)
            state.table = nil
            return settled + block(line, state: &state, width: width)
        }
        if let pending = state.pendingRow {
            state.pendingRow = nil
            if var table = MarkdownTable(header: Substring(pending), delimiter: line) {
                table.serial = state.tablesStarted
                state.tablesStarted += 1
                state.table = table
                return []
            }
            return paragraph(Substring(pending), width: width) + block(line, state: &state, width: width)
        }
        return block(line, state: &state, width: width)
    }

    /// What the state holds open, drawn as it stands: a table with the rows so far, or a line that may yet
    /// become a table's header (drawn as the text it is until then).
    public func openLines(_ state: MarkdownBlockState, width: Int) -> [StyledLine] {
        var memo = MarkdownTableLayout.Memo()
        return openLines(state, width: width, memo: &memo)
    }

    /// The same, reusing what `memo` kept from drawing the same table with fewer rows (a streaming reply).
    func openLines(_ state: MarkdownBlockState, width: Int, memo: inout MarkdownTableLayout.Memo) -> [StyledLine] {
        if let table = state.table { return MarkdownTableLayout(styles: styles).lines(table, width: width, memo: &memo) }
        if let pending = state.pendingRow { return paragraph(Substring(pending), width: width) }
        return []
    }

    /// A line outside any table.
    private func block(_ line: Substring, state: inout MarkdownBlockState, width: Int) -> [StyledLine] {
        if let fence = state.fence {
            if Self.closesFence(line, fence) {
                state.fence = nil
                return []
            }
            state.fence?.line += 1
            var carry = fence.carry
            let lines = codeLine(Self.dropIndent(line, upTo: fence.indent), number: fence.line + 1, width: width,
                                 language: fence.highlight, carry: &carry)
            state.fence?.carry = carry
            return lines
        }
        if let (marker, length, indent, language) = Self.opensFence(line) {
            let number = state.nextCodeBlock
            state.nextCodeBlock += 1
            state.fence = MarkdownBlockState.Fence(marker: marker, length: length, indent: indent, language: language,
                                                   number: number, line: 0, highlight: SyntaxLanguage(fenceInfo: language))
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
            return listItem(marker: marker, content: content, indent: indent, width: width)
        }
        if indent < 4, MarkdownTable.cells(of: trimmed) != nil {
            state.pendingRow = String(line)
            return []
        }
        return paragraph(line, width: width)
    }

    private func paragraph(_ line: Substring, width: Int) -> [StyledLine] {
        LineWrapper.wrap(MarkdownInline(styles: styles).runs(line, base: styles.text), width: width)
    }

    /// A list item; `- [ ]` and `- [x]` items show a box instead of the bullet (after the number in `1. [x]`).
    private func listItem(marker: String, content: Substring, indent: Int, width: Int) -> [StyledLine] {
        let pad = String(repeating: " ", count: min(indent, 12))
        var first = [StyledRun(pad)]
        var content = content
        if let (done, rest) = Self.taskBox(content) {
            if marker != "•" { first += [StyledRun(marker, styles.bullet), StyledRun(" ")] }
            first += [StyledRun(done ? "☑" : "☐", styles.task.over(styles.text)), StyledRun(" ")]
            content = rest
        } else {
            first += [StyledRun(marker, styles.bullet), StyledRun(" ")]
        }
        let hanging = first.reduce(0) { $0 + $1.width }
        let next = [StyledRun(String(repeating: " ", count: hanging))]
        return LineWrapper.wrap(MarkdownInline(styles: styles).runs(content, base: styles.text), width: width,
                                firstPrefix: first, nextPrefix: next)
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
        // Most lines of a block start with something else: an ASCII byte other than the marker, a space or a tab
        // settles it without trimming (which goes through NSString).
        if let first = line.utf8.first(where: { $0 != 0x20 && $0 != 0x09 }), first < 0x80,
           first != fence.marker.asciiValue { return false }
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
        // A rule's first mark is `-`, `*` or `_`: any other ASCII byte first settles it without copying the line.
        if let first = line.utf8.first(where: { $0 != 0x20 }), first < 0x80,
           first != UInt8(ascii: "-"), first != UInt8(ascii: "*"), first != UInt8(ascii: "_") { return false }
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

    /// `[ ] rest` or `[x] rest`: whether the box is ticked, and the rest of the item.
    static func taskBox(_ content: Substring) -> (Bool, Substring)? {
        guard content.hasPrefix("["), content.count >= 3 else { return nil }
        let mark = content[content.index(after: content.startIndex)]
        guard mark == " " || mark == "x" || mark == "X", content.dropFirst(2).first == "]" else { return nil }
        let rest = content.dropFirst(3)
        guard rest.isEmpty || rest.first == " " else { return nil }
        return (mark != " ", rest.drop { $0 == " " })
    }
}
