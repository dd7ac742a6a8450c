import Foundation

/// Draws a `MarkdownTable` as a box that fits `width` columns. Columns are as wide as their widest cell; when that
/// does not fit, each column keeps room for its longest word and the rest goes to the columns that want more, whose
/// cells wrap; when even the longest words do not fit, the widest columns give way (words break), and when that
/// would leave a column narrower than `minimumWrapWidth`, every cell stays on one line and is cut with `…`.
struct MarkdownTableLayout {
    let styles: MarkdownStyles
    /// Below this many columns a wrapped cell reads worse than a cut one.
    static let minimumWrapWidth = 5

    enum Mode: Equatable {
        case natural, wrap, truncate
    }

    /// What drawing a growing table can reuse: parsed cells and drawn rows. Rows before the last one never change
    /// (a streaming table only gains rows and only its last row is unfinished), so a new token costs one row's
    /// work, plus a redraw of every row only when the column widths change.
    struct Memo: Sendable {
        struct Row: Sendable {
            var raw: [String]
            var cells: [[StyledRun]]
            var natural: [Int]
            /// Each cell's longest word.
            var minimum: [Int]
            var drawn: [StyledLine]?
        }

        fileprivate var serial = -1
        fileprivate var header: [String] = []
        fileprivate var alignments: [MarkdownTable.Alignment] = []
        /// The header first, then the body rows.
        fileprivate var rows: [Row] = []
        /// Widest cell per column over every row but the last.
        fileprivate var sealedNatural: [Int] = []
        fileprivate var sealedMinimum: [Int] = []
        fileprivate var widths: [Int] = []
        fileprivate var mode = Mode.natural

        init() {}
    }

    func lines(_ table: MarkdownTable, width: Int) -> [StyledLine] {
        var memo = Memo()
        return lines(table, width: width, memo: &memo)
    }

    func lines(_ table: MarkdownTable, width: Int, memo: inout Memo) -> [StyledLine] {
        let count = table.rows.count + 1
        if memo.serial != table.serial || memo.header != table.header || memo.alignments != table.alignments
            || memo.rows.count > count {
            memo = Memo()
            memo.serial = table.serial
            memo.header = table.header
            memo.alignments = table.alignments
            memo.sealedNatural = Array(repeating: 0, count: table.columns)
            memo.sealedMinimum = memo.sealedNatural
        }
        // The last row remembered may have been unfinished then.
        if let last = memo.rows.indices.last, memo.rows[last].raw != raw(table, last) { memo.rows.removeLast() }
        while memo.rows.count < count {
            if let last = memo.rows.last {
                memo.sealedNatural = zip(memo.sealedNatural, last.natural).map { max($0, $1) }
                memo.sealedMinimum = zip(memo.sealedMinimum, last.minimum).map { max($0, $1) }
            }
            memo.rows.append(parse(raw(table, memo.rows.count), header: memo.rows.isEmpty))
        }
        let last = memo.rows[memo.rows.count - 1]
        let natural = zip(memo.sealedNatural, last.natural).map { max($0, $1) }
        let minimum = zip(memo.sealedMinimum, last.minimum).map { max($0, $1) }
        let (widths, mode) = Self.columnWidths(natural: natural, minimum: minimum, width: width)
        if widths != memo.widths || mode != memo.mode {
            for index in memo.rows.indices { memo.rows[index].drawn = nil }
            memo.widths = widths
            memo.mode = mode
        }
        for index in memo.rows.indices where memo.rows[index].drawn == nil {
            memo.rows[index].drawn = row(memo.rows[index].cells, widths: widths, alignments: table.alignments, mode: mode)
        }
        return assemble(memo.rows.map { $0.drawn ?? [] }, widths: widths, width: width)
    }

    private func raw(_ table: MarkdownTable, _ index: Int) -> [String] {
        index == 0 ? table.header : table.rows[index - 1]
    }

    private func parse(_ raw: [String], header: Bool) -> Memo.Row {
        let inline = MarkdownInline(styles: styles)
        let base = header ? styles.tableHeader.over(styles.text) : styles.text
        let cells = raw.map { inline.runs(Substring($0), base: base) }
        return Memo.Row(raw: raw, cells: cells, natural: cells.map(Self.width(of:)), minimum: cells.map(Self.longestWord(in:)),
                        drawn: nil)
    }

    /// Borders around the drawn rows (the header first).
    private func assemble(_ rows: [[StyledLine]], widths: [Int], width: Int) -> [StyledLine] {
        let middle = border(.middle, widths)
        // Rows that wrap get rules between them, or their lines would run together.
        let ruled = rows.dropFirst().contains { $0.count > 1 }
        var lines = [border(.top, widths)]
        lines.reserveCapacity(rows.reduce(3) { $0 + $1.count + 1 })
        for (index, row) in rows.enumerated() {
            if index > 1 && ruled { lines.append(middle) }
            lines += row
            if index == 0 { lines.append(middle) }
        }
        lines.append(border(.bottom, widths))
        // A pane too narrow for even one column per cell: cut the rows rather than draw past the edge.
        if widths.reduce(3 * widths.count + 1, +) > width {
            lines = lines.map { StyledLine(Self.cut($0.runs, to: max(1, width)), fill: $0.fill) }
        }
        return lines
    }

    /// Each column's width in cells (without padding) and how cells that do not fit are shown.
    static func columnWidths(natural: [Int], minimum: [Int], width: Int) -> ([Int], Mode) {
        let wanted = natural.map { max(1, $0) }
        let room = width - (3 * wanted.count + 1)
        if wanted.reduce(0, +) <= room { return (wanted, .natural) }
        let words = zip(minimum, wanted).map { max(1, min($0, $1)) }
        if words.reduce(0, +) <= room {
            let extra = share(room: room - words.reduce(0, +), among: zip(wanted, words).map { $0 - $1 }, floor: 0)
            return (zip(words, extra).map { $0 + $1 }, .wrap)
        }
        let shared = share(room: max(room, wanted.count), among: wanted)
        let squeezed = zip(shared, wanted).contains { given, want in given < want && given < minimumWrapWidth }
        return (shared, squeezed ? .truncate : .wrap)
    }

    /// Water-filling: columns that need less than an equal share keep their width, the rest split what is left
    /// (leftmost first for the remainder), so narrow columns are never squeezed for wide ones.
    static func share(room: Int, among wanted: [Int], floor: Int = 1) -> [Int] {
        var result = wanted
        var open = Array(wanted.indices).sorted { wanted[$0] < wanted[$1] }
        var left = room
        while let narrowest = open.first, wanted[narrowest] * open.count <= left {
            left -= wanted[narrowest]
            open.removeFirst()
        }
        let rest = open.sorted()
        for (position, column) in rest.enumerated() {
            result[column] = max(floor, left / rest.count + (position < left % rest.count ? 1 : 0))
        }
        return result
    }

    private enum Edge {
        case top, middle, bottom
    }

    private func border(_ edge: Edge, _ widths: [Int]) -> StyledLine {
        let (left, cross, right) = switch edge {
        case .top: ("┌", "┬", "┐")
        case .middle: ("├", "┼", "┤")
        case .bottom: ("└", "┴", "┘")
        }
        let text = left + widths.map { String(repeating: "─", count: $0 + 2) }.joined(separator: cross) + right
        return StyledLine([StyledRun(text, styles.tableBorder.over(styles.text))])
    }

    /// One table row: as many screen lines as its tallest cell.
    private func row(_ cells: [[StyledRun]], widths: [Int], alignments: [MarkdownTable.Alignment], mode: Mode) -> [StyledLine] {
        let laid: [[[StyledRun]]] = cells.enumerated().map { column, runs in
            switch mode {
            case .natural: [runs]
            case .truncate: [Self.cut(runs, to: widths[column])]
            case .wrap: LineWrapper.wrap(runs, width: widths[column]).map(\.runs)
            }
        }
        let height = laid.map(\.count).max() ?? 1
        let bar = styles.tableBorder.over(styles.text)
        return (0..<height).map { index in
            var collector = RunCollector()
            collector.append("│", bar)
            for (column, lines) in laid.enumerated() {
                let content = index < lines.count ? lines[index] : []
                let gap = max(0, widths[column] - Self.width(of: content))
                let before = switch alignments[column] {
                case .left: 0
                case .right: gap
                case .center: gap / 2
                }
                collector.append(String(repeating: " ", count: before + 1), styles.text)
                for run in content { collector.append(run.text, run.style) }
                collector.append(String(repeating: " ", count: gap - before + 1), styles.text)
                collector.append("│", bar)
            }
            return StyledLine(collector.finish())
        }
    }

    static func width(of runs: [StyledRun]) -> Int {
        runs.reduce(0) { $0 + $1.width }
    }

    /// Columns of the longest stretch without a space: narrower than this, a cell's words break.
    static func longestWord(in runs: [StyledRun]) -> Int {
        var longest = 0, current = 0
        for run in runs {
            for glyph in TextWidth.glyphs(of: run.text) {
                if glyph.text == " " {
                    current = 0
                } else {
                    current += glyph.width
                    longest = max(longest, current)
                }
            }
        }
        return longest
    }

    /// `runs` cut to at most `width` columns, ending in `…` when something was cut.
    static func cut(_ runs: [StyledRun], to width: Int) -> [StyledRun] {
        guard Self.width(of: runs) > width else { return runs }
        guard width > 0 else { return [] }
        var collector = RunCollector()
        var used = 0
        var lastStyle = runs.first?.style ?? .plain
        outer: for run in runs {
            for glyph in TextWidth.glyphs(of: run.text) {
                guard used + glyph.width <= width - 1 else { break outer }
                collector.append(glyph.text, run.style)
                used += glyph.width
                lastStyle = run.style
            }
        }
        collector.append("…", lastStyle)
        return collector.finish()
    }
}
