import Foundation

/// Fenced code blocks found in Markdown text, by the same rules the renderer uses.
public enum CodeBlocks {
    public struct Block: Equatable, Sendable {
        public var language: String
        public var code: String
    }

    public static func extract(from text: String) -> [Block] {
        var blocks: [Block] = []
        var fence: MarkdownBlockState.Fence?
        var lines: [Substring] = []
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if let open = fence {
                if MarkdownRenderer.closesFence(line, open) {
                    blocks.append(Block(language: open.language, code: lines.joined(separator: "\n")))
                    fence = nil
                    lines = []
                } else {
                    lines.append(MarkdownRenderer.dropIndent(line, upTo: open.indent))
                }
            } else if let (marker, length, indent, language) = MarkdownRenderer.opensFence(line) {
                fence = MarkdownBlockState.Fence(marker: marker, length: length, indent: indent, language: language,
                                                 number: 0, line: 0)
            }
        }
        if let open = fence { blocks.append(Block(language: open.language, code: lines.joined(separator: "\n"))) }
        return blocks
    }

    /// How many blocks `text` opens (a quick scan; an unclosed block counts).
    public static func count(in text: String) -> Int {
        guard text.contains("```") || text.contains("~~~") else { return 0 }
        return extract(from: text).count
    }
}
