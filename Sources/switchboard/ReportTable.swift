import SwitchboardCore

/// Aligned columns for the history, spend, stats, models, health and compare commands. Cells are made safe to
/// print (control characters and escape sequences shown inert, line breaks flattened) since they hold stored,
/// untrusted text. Widths are terminal columns as `DisplayWidth` counts them, the table the workbench draws with.
struct ReportTable: Sendable {
    enum Alignment: Sendable { case left, right }

    private let headers: [String]
    private let alignments: [Alignment]
    private var rows: [[String]] = []

    init(_ columns: [(String, Alignment)]) {
        headers = columns.map(\.0)
        alignments = columns.map(\.1)
    }

    mutating func add(_ cells: [String]) {
        rows.append(cells.map(Self.cell))
    }

    /// Header, then rows; two spaces between columns; the last column is not padded (no trailing spaces).
    func render() -> String {
        let all = [headers] + rows
        var widths = [Int](repeating: 0, count: headers.count)
        for row in all {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], DisplayWidth.width(of: cell))
            }
        }
        return all.map { row in
            row.enumerated().map { index, cell -> String in
                let padding = String(repeating: " ", count: max(0, widths[min(index, widths.count - 1)] - DisplayWidth.width(of: cell)))
                if alignments[min(index, alignments.count - 1)] == .right { return padding + cell }
                return index == row.count - 1 ? cell : cell + padding
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }

    /// Every column left-aligned.
    static func leftAligned(header: [String], rows: [[String]]) -> String {
        var table = ReportTable(header.map { ($0, .left) })
        rows.forEach { table.add($0) }
        return table.render()
    }

    /// One line, inert.
    static func cell(_ text: String) -> String {
        TerminalText.inert(String(text.map { $0 == "\n" || $0 == "\t" || $0 == "\r\n" ? " " : $0 }))
    }

    /// One line, inert, cut to at most `width` columns, ending in `…` when cut.
    static func truncate(_ text: String, width: Int) -> String {
        DisplayWidth.truncate(cell(text), to: width)
    }
}
