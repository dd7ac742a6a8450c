import Foundation

/// Draws a `MarkdownTable` as a box that fits `width` columns. Columns are as wide as their widest cell; when that
/// does not fit, the widest columns give up room first and their cells wrap; when even that would leave a column
/// narrower than `minimumWrapWidth`, every cell stays on one line and is cut with `…`.
struct MarkdownTableLayout {
    let styles: MarkdownStyles
    /// Below this many columns a wrapped cell reads worse than a cut one.
    static let minimumWrapWidth = 5

    enum Mode: Equatable {
        case natural, wrap, truncate
    }

    func lines(_ table: MarkdownTable, width: Int) -> [StyledLine] {
        let inline = MarkdownInline(styles: styles)
        let headerStyle = styles.tableHeader.over(styles.text)
        let header = table.header.map { inline.runs(Substring($0), base: headerStyle) }
        let body = table.rows.map { row in row.map { inline.runs(Substring($0), base: styles.text) } }
        let natural = (0..<table.columns).map { column in
            ([header[column]] + body.map { $0[column] }).map(Self.width(of:)).max() ?? 0
        }
        let (widths, mode) = Self.columnWidths(natural: natural, width: width)

        var lines = [border(.top, widths)]
        lines += row(header, widths: widths, alignments: table.alignments, mode: mode)
        lines.append(border(.middle, widths))
        var bodyRows = body.map { row($0, widths: widths, alignments: table.alignments, mode: mode) }
        // Rows that wrap get rules between them, or their lines would run together.
        if bodyRows.contains(where: { $0.count > 1 }) {
            bodyRows = bodyRows.enumerated().map { $0.offset == 0 ? $0.element : [border(.middle, widths)] + $0.element }
        }
        lines += bodyRows.joined()
        lines.append(border(.bottom, widths))
        // A pane too narrow for even one column per cell: cut the rows rather than draw past the edge.
        if widths.reduce(3 * widths.count + 1, +) > width {
            lines = lines.map { StyledLine(Self.cut($0.runs, to: max(1, width)), fill: $0.fill) }
        }
        return lines
    }

    /// Each column's width in cells (without padding) and how cells that do not fit are shown.
    static func columnWidths(natural: [Int], width: Int) -> ([Int], Mode) {
        let wanted = natural.map { max(1, $0) }
        let room = width - (3 * wanted.count + 1)
        if wanted.reduce(0, +) <= room { return (wanted, .natural) }
        let shared = share(room: max(room, wanted.count), among: wanted)
        let squeezed = zip(shared, wanted).contains { given, want in given < want && given < minimumWrapWidth }
        return (shared, squeezed ? .truncate : .wrap)
    }

    /// Water-filling: columns that need less than an equal share keep their width, the rest split what is left
    /// (leftmost first for the remainder), so narrow columns are never squeezed for wide ones.
    static func share(room: Int, among wanted: [Int]) -> [Int] {
        var result = wanted
        var open = Array(wanted.indices).sorted { wanted[$0] < wanted[$1] }
        var left = room
        while let narrowest = open.first, wanted[narrowest] * open.count <= left {
            left -= wanted[narrowest]
            open.removeFirst()
        }
        let rest = open.sorted()
        for (position, column) in rest.enumerated() {
            result[column] = max(1, left / rest.count + (position < left % rest.count ? 1 : 0))
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
