import Foundation
import SwitchboardCore

/// Compared answers side by side, one column per model, streaming together. Each column is the same reply
/// rendering the conversation uses (header with cost, TTFT and speed; Markdown body), at the column's width.
/// When the pane is too narrow for all of them, the columns around the selected one show.
struct CompareView: StatefulWidget {
    static let minimumColumnWidth = 24
    /// Between columns: a space, the rule, a space.
    static let gutter = 3
    /// Rows above the columns: the prompt, then the column titles.
    static let headerRows = 2

    /// Where the columns go at the current size.
    struct Geometry {
        var text: Rect
        var first: Int
        var count: Int
        var columnWidth: Int
        var bodyHeight: Int

        /// `columns` answers, `selection` the one the keys act on, in the pane's text area `text`.
        init(text: Rect, columns: Int, selection: Int) {
            self.text = text
            let total = max(1, columns)
            let gutter = CompareView.gutter
            count = max(1, min(total, (text.width + gutter) / (CompareView.minimumColumnWidth + gutter)))
            first = max(0, min(total - count, selection - count + 1))
            columnWidth = max(1, (text.width - gutter * (count - 1)) / count)
            bodyHeight = max(0, text.height - CompareView.headerRows)
        }

        func x(ofColumn slot: Int) -> Int { text.x + slot * (columnWidth + CompareView.gutter) }
    }

    var comparison: Comparison
    /// The prompt every column answers.
    var prompt: String
    var focused: Bool
    var theme: Theme

    /// Draws the columns; `state` (shared with the conversation) memoises their lines and keeps where they scroll.
    func render(in rect: Rect, into buffer: inout ScreenBuffer, state: inout ConversationViewState) {
        guard !rect.isEmpty else { return }
        let base = theme.base
        let geometry = Geometry(text: ConversationView.textArea(in: rect), columns: comparison.columns.count,
                                selection: comparison.selection)
        let text = geometry.text
        let layout = state.layout
        state.settleComparison(key: comparison.columns.first?.id, height: geometry.bodyHeight) {
            comparison.columns.map { layout.height(of: $0, width: geometry.columnWidth) }.max() ?? 0
        }
        let firstLine = TerminalText.inert(prompt.split(whereSeparator: \.isNewline).first.map(String.init) ?? "")
        let total = comparison.columns.count
        let range = geometry.count == 1 ? "\(geometry.first + 1)" : "\(geometry.first + 1)–\(geometry.first + geometry.count)"
        let shown = geometry.count < total ? "\(range) of \(total) answers (←/→ for the others)" : "\(total) answers"
        let heading = "Compare · \(shown) to “\(firstLine)”"
        buffer.put(TextWidth.truncate(heading, to: text.width), x: text.x, y: text.y,
                   style: theme[focused ? .titleFocused : .title].over(base).with(.bold), limit: text.maxX)
        for slot in 0..<geometry.count {
            let index = geometry.first + slot
            guard index < comparison.columns.count else { break }
            let column = comparison.columns[index]
            let x = geometry.x(ofColumn: slot)
            drawTitle(column, number: index + 1, selected: index == comparison.selection, focused: focused,
                      x: x, y: text.y + 1, width: geometry.columnWidth, into: &buffer)
            let lines = layout.lines(of: column, width: geometry.columnWidth)
            let top = state.compareTop.map { min($0, max(0, lines.count - 1)) } ?? max(0, lines.count - geometry.bodyHeight)
            var row = 0
            while row < geometry.bodyHeight, top + row < lines.count {
                buffer.put(lines[top + row], x: x, y: text.y + CompareView.headerRows + row, width: geometry.columnWidth, base: base)
                row += 1
            }
            if slot > 0 {
                let rule = x - CompareView.gutter / 2 - 1
                for y in (text.y + 1)..<text.maxY { buffer.put("│", x: rule, y: y, style: theme[.border].over(base)) }
            }
        }
    }

    private func drawTitle(_ column: TranscriptEntry, number: Int, selected: Bool, focused: Bool, x: Int, y: Int, width: Int,
                           into buffer: inout ScreenBuffer) {
        let meta = column.reply
        let style = selected ? theme[focused ? .selection : .overlay].over(theme.base).with(.bold) : theme[.muted].over(theme.base)
        buffer.fill(Rect(x: x, y: y, width: width, height: 1), style: style)
        let (mark, role) = Self.mark(meta?.status ?? .waiting)
        var cursor = buffer.put(selected ? "▶" : " ", x: x, y: y, style: theme[.accent].over(style), limit: x + width)
        cursor = buffer.put("\(number) ", x: cursor, y: y, style: style, limit: x + width)
        cursor = buffer.put(mark + " ", x: cursor, y: y, style: theme[role].over(style), limit: x + width)
        buffer.put(TextWidth.truncate(TerminalText.inert(meta?.requestedModel ?? "?"), to: max(1, x + width - cursor)),
                   x: cursor, y: y, style: style, limit: x + width)
    }

    /// A glyph for how an answer stands.
    static func mark(_ status: ReplyStatus) -> (String, ThemeRole) {
        switch status {
        case .waiting: ("…", .muted)
        case .streaming: ("▸", .accent)
        case .complete: ("✓", .success)
        case .cancelled: ("⏹", .warning)
        case .incomplete: ("⚠", .warning)
        case .failed: ("✖", .error)
        }
    }
}
