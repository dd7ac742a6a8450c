import Foundation
import SwitchboardCore

/// Past sessions: title, date, models used and cost, with a full-text search line.
struct HistoryBrowserView: StatefulWidget, Widget {
    var history: HistoryState
    /// The stored id of the session open now, marked in the list.
    var currentSession: String?
    var theme: Theme

    /// Draws with a window of its own that is not kept (tests, one-off pictures).
    func render(in screen: Rect, into buffer: inout ScreenBuffer) {
        var window = ListViewState()
        render(in: screen, into: &buffer, state: &window)
    }

    /// Draws the window centred in `screen`, moving `state`'s window so the selection shows.
    func render(in screen: Rect, into buffer: inout ScreenBuffer, state window: inout ListViewState) {
        let fill = theme[.overlay].over(theme.base)
        let rect = screen.centered(width: min(110, screen.width - 2), height: max(6, screen.height - 2))
        let inner = Frame.draw(rect, title: "History", into: &buffer, border: theme[.borderFocused], fill: fill)
        guard inner.height >= 3 else { return }
        let searchStyle = (history.mode == .search ? theme[.accent] : theme[.muted]).over(fill)
        let search = history.mode == .search || !history.query.isEmpty
            ? "Search: " + TerminalText.inert(history.query) + (history.mode == .search ? "▏" : "")
            : "Type to search every message · / search"
        buffer.put(search, x: inner.x, y: inner.y, style: searchStyle, limit: inner.maxX)
        if history.loading {
            buffer.put("searching…", x: inner.maxX - 11, y: inner.y, style: theme[.muted].over(fill))
        }
        let list = Rect(x: inner.x, y: inner.y + 2, width: inner.width, height: inner.height - 2)
        if history.sessions.isEmpty {
            let text = history.loading ? "" : (history.query.isEmpty ? "No stored sessions yet." : "Nothing matches.")
            buffer.put(text, x: list.x, y: list.y, style: theme[.muted].over(fill), limit: list.maxX)
            return
        }
        let rowHeight = history.sessions.contains { $0.snippet != nil } ? 2 : 1
        let capacity = max(1, list.height / rowHeight)
        let scroll = window.show(selection: history.selection, rows: capacity)
        for slot in 0..<capacity {
            let index = scroll + slot
            guard index < history.sessions.count else { break }
            let session = history.sessions[index]
            let y = list.y + slot * rowHeight
            let selected = index == history.selection
            let style = selected ? theme[.selection].over(fill) : fill
            if selected { buffer.fill(Rect(x: list.x, y: y, width: list.width, height: rowHeight), style: style) }
            drawRow(session, y: y, list: list, style: style, current: session.id == currentSession, into: &buffer)
            if rowHeight == 2, let snippet = session.snippet {
                let text = "   " + TerminalText.inert(snippet).replacingOccurrences(of: "\n", with: " ")
                buffer.put(TextWidth.truncate(text, to: list.width), x: list.x, y: y + 1,
                           style: theme[.muted].over(style), limit: list.maxX)
            }
        }
    }

    private func drawRow(_ session: SessionSummary, y: Int, list: Rect, style: Style, current: Bool,
                         into buffer: inout ScreenBuffer) {
        let cost = session.cost.displayString
        let right = [Format.date(session.updatedAt), TerminalText.inert(session.models.joined(separator: ",")),
                     cost, "\(session.messageCount) msg"]
        let rightText = TextWidth.truncate(right.joined(separator: " · "), to: max(10, list.width / 2))
        let rightWidth = TextWidth.width(of: rightText)
        let marker = current ? "▶ " : "  "
        let titleLimit = list.maxX - rightWidth - 2
        buffer.put(marker + TextWidth.truncate(TerminalText.inert(session.title), to: max(1, titleLimit - list.x - 2)),
                   x: list.x, y: y, style: style.with(.bold), limit: titleLimit)
        buffer.put(rightText, x: list.maxX - rightWidth, y: y, style: theme[.muted].over(style), limit: list.maxX)
    }
}
