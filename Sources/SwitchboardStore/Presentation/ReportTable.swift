import SwitchboardCore

/// Aligned columns for the history, spend and stats commands. Cells are made safe to print (control characters
/// and escape sequences shown inert, line breaks flattened) since they hold stored, untrusted text. Widths count
/// terminal columns: CJK and other wide characters take two.
public struct ReportTable: Sendable {
    public enum Alignment: Sendable { case left, right }

    private let headers: [String]
    private let alignments: [Alignment]
    private var rows: [[String]] = []

    public init(_ columns: [(String, Alignment)]) {
        headers = columns.map(\.0)
        alignments = columns.map(\.1)
    }

    public mutating func add(_ cells: [String]) {
        rows.append(cells.map(Self.cell))
    }

    /// Header, then rows; two spaces between columns; the last column is not padded (no trailing spaces).
    public func render() -> String {
        let all = [headers] + rows
        var widths = [Int](repeating: 0, count: headers.count)
        for row in all {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], Self.displayWidth(cell))
            }
        }
        return all.map { row in
            row.enumerated().map { index, cell -> String in
                let padding = String(repeating: " ", count: max(0, widths[min(index, widths.count - 1)] - Self.displayWidth(cell)))
                if alignments[min(index, alignments.count - 1)] == .right { return padding + cell }
                return index == row.count - 1 ? cell : cell + padding
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }

    /// One line, inert.
    public static func cell(_ text: String) -> String {
        TerminalText.inert(String(text.map { $0 == "\n" || $0 == "\t" || $0 == "\r\n" ? " " : $0 }))
    }

    /// Cuts to at most `width` columns, ending in `…` when cut.
    public static func truncate(_ text: String, width: Int) -> String {
        guard displayWidth(text) > width, width > 0 else { return text }
        var result = ""
        var used = 0
        for character in text {
            let next = displayWidth(String(character))
            if used + next > width - 1 { break }
            result.append(character)
            used += next
        }
        return result + "…"
    }

    /// Terminal columns: 2 for East Asian wide and fullwidth characters and emoji, 0 for combining marks.
    public static func displayWidth(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { total, scalar in total + width(of: scalar) }
    }

    static func width(of scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value == 0x200D || (0xFE00...0xFE0F).contains(value) { return 0 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        switch value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
             0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
             0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }
}
