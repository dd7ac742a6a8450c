import Foundation

/// A GFM table as read so far: the header's cells, each column's alignment and the body rows. Cells keep their
/// Markdown (emphasis, code, escaped `\|`); `MarkdownTableLayout` draws them.
struct MarkdownTable: Hashable, Sendable {
    enum Alignment: Hashable, Sendable {
        case left, center, right
    }

    var header: [String]
    var alignments: [Alignment]
    var rows: [[String]] = []
    /// Which table of the text this is (0 for the first): two tables with the same header are still two.
    var serial = 0

    var columns: Int { header.count }

    /// A table starts when a line with pipes is followed by a delimiter row with as many cells (`| --- | :-: |`).
    init?(header line: Substring, delimiter: Substring) {
        guard let cells = Self.cells(of: line), let alignments = Self.alignments(of: delimiter),
              cells.count == alignments.count else { return nil }
        header = cells
        self.alignments = alignments
    }

    /// A body row's cells (from `cells(of:)`), cut or padded to the header's cell count (as GFM does).
    mutating func append(row cells: [String]) {
        var cells = cells
        if cells.count > columns { cells.removeLast(cells.count - columns) }
        while cells.count < columns { cells.append("") }
        rows.append(cells)
    }

    /// The cells of a row, or nil when the line has no unescaped `|` (so it cannot be a row). One leading and one
    /// trailing pipe are borders, not empty cells.
    static func cells(of line: Substring) -> [String]? {
        // No `|` byte, no pipe: most lines are settled without reading them character by character.
        guard line.utf8.contains(UInt8(ascii: "|")) else { return nil }
        var cells: [String] = []
        var current = ""
        var sawPipe = false
        var escaped = false
        for char in line {
            if escaped {
                current.append(char)
                escaped = false
            } else if char == "\\" {
                current.append(char)
                escaped = true
            } else if char == "|" {
                cells.append(current)
                current = ""
                sawPipe = true
            } else {
                current.append(char)
            }
        }
        guard sawPipe else { return nil }
        cells.append(current)
        if cells.first?.allSatisfy(\.isWhitespace) == true { cells.removeFirst() }
        if cells.count > 1 || line.trimmingCharacters(in: .whitespaces).hasSuffix("|"),
           cells.last?.allSatisfy(\.isWhitespace) == true {
            cells.removeLast()
        }
        guard !cells.isEmpty else { return nil }
        return cells.map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// The alignments a delimiter row sets (`---` or `:--` left, `:-:` centre, `--:` right), or nil when the line
    /// is not one.
    static func alignments(of line: Substring) -> [Alignment]? {
        guard let cells = cells(of: line) else { return nil }
        var result: [Alignment] = []
        for cell in cells {
            let leading = cell.hasPrefix(":"), trailing = cell.hasSuffix(":")
            let dashes = cell.dropFirst(leading ? 1 : 0).dropLast(trailing && cell.count > 1 ? 1 : 0)
            guard !dashes.isEmpty, dashes.allSatisfy({ $0 == "-" }) else { return nil }
            result.append(leading && trailing ? .center : trailing ? .right : .left)
        }
        return result
    }
}
