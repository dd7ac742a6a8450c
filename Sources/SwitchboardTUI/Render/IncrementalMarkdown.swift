import Foundation

/// The rendered lines of a Markdown text that only grows (a streaming reply). Complete source lines are rendered
/// once and kept; only the unfinished last line and the open block (a table, whose column widths depend on all its
/// rows) are rendered again when more text arrives, so the work per delta depends on the delta, that line and that
/// table, not on how long the reply already is.
public struct IncrementalMarkdown: Sendable {
    public let width: Int
    public private(set) var lines: [StyledLine] = []
    /// The block state after the last complete line.
    public private(set) var state: MarkdownBlockState
    private let renderer: MarkdownRenderer
    /// UTF-8 length of the text whose complete lines are in `committedLines`.
    private var consumedUTF8 = 0
    private var committedLines = 0
    /// The unfinished last line as last rendered.
    private var tail = ""
    /// The open table's parsed and drawn rows, so a token redraws one row, not the whole table.
    private var tableMemo = MarkdownTableLayout.Memo()

    public init(renderer: MarkdownRenderer, width: Int, firstCodeBlock: Int = 1) {
        self.renderer = renderer
        self.width = width
        self.state = MarkdownBlockState(nextCodeBlock: firstCodeBlock)
    }

    /// Brings the lines up to date with `text`, which must start with the text seen before (else use a new one).
    public mutating func update(to text: String) {
        let utf8 = text.utf8
        guard utf8.count >= consumedUTF8 + tail.utf8.count else { return }
        let start = utf8.index(utf8.startIndex, offsetBy: consumedUTF8)
        let fresh = text[start...]
        if fresh.utf8.count == tail.utf8.count, !lines.isEmpty { return }
        lines.removeSubrange(committedLines...)
        var rest = fresh
        while let newline = rest.firstIndex(of: "\n") {
            let line = rest[..<newline]
            lines += renderer.render(line: line, state: &state, width: width)
            consumedUTF8 += line.utf8.count + 1
            rest = rest[rest.index(after: newline)...]
        }
        committedLines = lines.count
        tail = String(rest)
        // The open block (a table still growing) and the unfinished line are drawn from a copy of the state, so
        // they are drawn again next time; everything before them stays as it is.
        var scratch = state
        if !tail.isEmpty { lines += renderer.render(line: rest, state: &scratch, width: width) }
        lines += renderer.openLines(scratch, width: width, memo: &tableMemo)
    }

    /// The block state once the unfinished line is counted too (where the next message's numbering starts).
    public var finalState: MarkdownBlockState {
        var scratch = state
        if !tail.isEmpty { _ = renderer.render(line: Substring(tail), state: &scratch, width: width) }
        return scratch
    }
}
