import Foundation

/// Fenced code blocks found in Markdown text, by the same rules the renderer uses.
public enum CodeBlocks {
    public struct Block: Equatable, Sendable {
        public var language: String
        public var code: String
    }

    public static func extract(from text: String) -> [Block] {
        var blocks: [Block] = []
        scan(text) { language, lines in blocks.append(Block(language: language, code: lines.joined(separator: "\n"))) }
        return blocks
    }

    /// How many blocks `text` opens (an unclosed block counts). Counted without copying their code: every
    /// message of a resumed session is counted to number the blocks after it.
    public static func count(in text: String) -> Int {
        guard text.contains("```") || text.contains("~~~") else { return 0 }
        var count = 0
        scan(text, keepLines: false) { _, _ in count += 1 }
        return count
    }

    /// Calls `found` with each block's language and lines (empty unless `keepLines`), in order.
    private static func scan(_ text: String, keepLines: Bool = true, found: (String, [Substring]) -> Void) {
        var fence: MarkdownBlockState.Fence?
        var lines: [Substring] = []
        for raw in MarkdownLines(text) {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if let open = fence {
                if MarkdownRenderer.closesFence(line, open) {
                    found(open.language, lines)
                    fence = nil
                    lines = []
                } else if keepLines {
                    lines.append(MarkdownRenderer.dropIndent(line, upTo: open.indent))
                }
            } else if let (marker, length, indent, language) = MarkdownRenderer.opensFence(line) {
                fence = MarkdownBlockState.Fence(marker: marker, length: length, indent: indent, language: language,
                                                 number: 0, line: 0)
            }
        }
        if let open = fence { found(open.language, lines) }
    }
}

/// The lines of a text as `split(separator: "\n", omittingEmptySubsequences: false)` gives them, found by
/// scanning bytes rather than characters. A line feed is a character of its own except after a carriage return
/// (CR LF is one character, which that split does not cut), so that is the one case looked at.
struct MarkdownLines: Sequence, IteratorProtocol {
    private let text: Substring
    private var start: String.Index
    private var done = false

    init(_ text: String) {
        self.text = Substring(text)
        start = text.startIndex
    }

    mutating func next() -> Substring? {
        guard !done else { return nil }
        let utf8 = text.utf8
        var index = start
        var previous: UInt8 = 0
        while index < utf8.endIndex {
            let byte = utf8[index]
            if byte == 0x0A && previous != 0x0D {
                let line = text[start..<index]
                start = utf8.index(after: index)
                return line
            }
            previous = byte
            index = utf8.index(after: index)
        }
        done = true
        return text[start...]
    }
}
