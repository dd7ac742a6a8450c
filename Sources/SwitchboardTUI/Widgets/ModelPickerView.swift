import Foundation
import SwitchboardCore

/// The model list with its filter. In the pane each model takes two rows (name and window, then providers,
/// prices and what the ledger observed); in a wide overlay one row with columns.
struct ModelPickerView: StatefulWidget, Widget {
    var picker: PickerState
    /// The model the next turn uses, marked ▶.
    var model: String
    var health: HealthBoard
    var now: ContinuousClock.Instant?
    var modelStats: [String: ModelStatsSnapshot]
    var focused: Bool
    var theme: Theme

    /// Draws with a window of its own that is not kept (tests, one-off pictures).
    func render(in rect: Rect, into buffer: inout ScreenBuffer) {
        var window = ListViewState()
        render(in: rect, into: &buffer, state: &window)
    }

    /// Draws the list, moving `state`'s window so the selection shows and keeping how many entries fit.
    func render(in rect: Rect, into buffer: inout ScreenBuffer, state window: inout ListViewState) {
        guard rect.height >= 3, rect.width >= 10 else { return }
        let base = theme.base
        let titleStyle = (focused ? theme[.titleFocused] : theme[.title]).over(base).with(.bold)
        buffer.put(" Models", x: rect.x, y: rect.y, style: titleStyle, limit: rect.maxX)
        let count = " \(picker.visible.count)/\(picker.entries.count) "
        buffer.put(count, x: rect.maxX - TextWidth.width(of: count), y: rect.y, style: theme[.muted].over(base))
        let filterStyle = (focused ? theme[.accent] : theme[.muted]).over(base)
        let filterText = picker.filter.isEmpty ? (focused ? "type to filter" : "Ctrl-P to choose") : picker.filter
        buffer.put(" › " + filterText, x: rect.x, y: rect.y + 1, style: picker.filter.isEmpty ? theme[.muted].over(base) : filterStyle,
                   limit: rect.maxX)
        let list = Rect(x: rect.x, y: rect.y + 2, width: rect.width, height: rect.height - 2)
        let wide = list.width >= Self.tableWidth
        let rowHeight = wide ? 1 : 2
        // The table's header takes the list's first row.
        let capacity = max(1, wide ? list.height - 1 : list.height / rowHeight)
        let scroll = window.show(selection: picker.selection, rows: capacity)
        if wide { drawHeader(in: list.row(0), into: &buffer) }
        let top = wide ? 1 : 0
        for slot in 0..<capacity {
            let row = scroll + slot
            guard row < picker.visible.count else { break }
            let entry = picker.entries[picker.visible[row]]
            let y = list.y + top + slot * rowHeight
            guard y + rowHeight - 1 < list.maxY else { break }
            let selected = row == picker.selection
            var style = base
            if selected { style = theme[.selection].over(base) }
            if selected || entry.id == model { buffer.fill(Rect(x: list.x, y: y, width: list.width, height: rowHeight), style: style) }
            if wide {
                drawWideRow(entry, y: y, list: list, style: style, into: &buffer)
            } else {
                drawCompactRows(entry, y: y, list: list, style: style, into: &buffer)
            }
        }
        if picker.visible.isEmpty {
            buffer.put(" no model matches “\(TerminalText.inert(picker.filter))”", x: list.x, y: list.y + top,
                       style: theme[.muted].over(base), limit: list.maxX)
        }
    }

    private func marker(_ entry: PickerEntry) -> (String, ThemeRole) {
        if entry.id == model { return ("▶", .accent) }
        if trouble(entry) != nil { return ("◐", .warning) }
        return entry.available ? ("●", .success) : ("○", .muted)
    }

    /// The worst breaker state among the deployments the entry can use: a cooldown or a probe.
    private func trouble(_ entry: PickerEntry) -> HealthBoard.Trouble? {
        health.worst(of: entry.deploymentKeys, at: now)
    }

    /// Providers (two at most), or where an alias or route points, for the two-row layout.
    private func compactKind(_ entry: PickerEntry) -> String {
        switch entry.kind {
        case .model:
            let shown = entry.providers.prefix(2).joined(separator: ",")
            return entry.providers.count > 2 ? shown + "+\(entry.providers.count - 2)" : shown
        case .alias(let target): return "→ " + target
        case .route(let variant): return variant == .floor ? "cheapest" : "fastest"
        case .namedRoute(let models): return "→ " + models.joined(separator: ",")
        case .auto: return "by difficulty"
        }
    }

    private func kindLabel(_ entry: PickerEntry) -> String {
        switch entry.kind {
        case .model: entry.simulated ? "simulated" : entry.providers.joined(separator: ",")
        case .alias(let target): "alias → " + target
        case .route(let variant): variant == .floor ? "route: cheapest" : "route: fastest"
        case .namedRoute(let models): "route → " + models.joined(separator: ", ")
        case .auto: "picks a model by difficulty"
        }
    }

    private func drawCompactRows(_ entry: PickerEntry, y: Int, list: Rect, style: Style, into buffer: inout ScreenBuffer) {
        let (mark, role) = marker(entry)
        var x = buffer.put(" " + mark + " ", x: list.x, y: y, style: theme[role].over(style), limit: list.maxX)
        let window = entry.contextWindow.map(Format.count) ?? "?"
        let nameLimit = list.maxX - TextWidth.width(of: window) - 2
        x = buffer.put(TextWidth.truncate(TerminalText.inert(entry.id), to: max(1, nameLimit - x)), x: x, y: y,
                       style: style.with(.bold), limit: nameLimit)
        buffer.put(window, x: list.maxX - TextWidth.width(of: window) - 1, y: y, style: theme[.muted].over(style))
        let prices = Format.perMillion(entry.inputPerMillion) + "/" + Format.perMillion(entry.outputPerMillion)
        var detail = "   " + compactKind(entry) + " " + prices
        if let stats = modelStats[entry.modelID ?? entry.id] {
            // The duration without its spaces ("151ms"), removed scalar by scalar rather than through NSString.
            let ttft = String(String.UnicodeScalarView(Format.duration(stats.p50TTFT).unicodeScalars.filter { $0 != " " }))
            detail += " " + ttft + " " + Format.percent(stats.errorRate) + "err"
        }
        let trouble = trouble(entry)
        if let trouble {
            // The breaker state goes first: it is why this model may be skipped right now.
            detail = "   " + trouble.label + " ·" + detail.dropFirst(2)
        }
        buffer.put(TextWidth.truncate(TerminalText.inert(detail), to: list.width), x: list.x, y: y + 1,
                   style: theme[trouble == nil ? .muted : .warning].over(style), limit: list.maxX)
    }

    /// Whether a key is set shows in the row's marker (● or ○), so it needs no column.
    static let columns = [("MODEL", 31), ("PROVIDERS", 15), ("$/1M IN/OUT", 14), ("CTX", 6), ("P50 TTFT", 9), ("ERR", 5),
                          ("HEALTH", 12)]
    /// The one-row-per-model table needs this many columns (marker included).
    static let tableWidth = 3 + columns.reduce(0) { $0 + $1.1 }

    private func drawHeader(in rect: Rect, into buffer: inout ScreenBuffer) {
        var x = rect.x + 3
        for (title, width) in Self.columns {
            buffer.put(title, x: x, y: rect.y, style: theme[.muted].over(theme.base).with(.bold), limit: rect.maxX)
            x += width
        }
    }

    private func drawWideRow(_ entry: PickerEntry, y: Int, list: Rect, style: Style, into buffer: inout ScreenBuffer) {
        let (mark, role) = marker(entry)
        buffer.put(" " + mark, x: list.x, y: y, style: theme[role].over(style), limit: list.maxX)
        let stats = modelStats[entry.modelID ?? entry.id]
        let trouble = trouble(entry)
        let cells = [
            entry.id, kindLabel(entry),
            Format.perMillion(entry.inputPerMillion) + "/" + Format.perMillion(entry.outputPerMillion),
            entry.contextWindow.map(Format.count) ?? "?",
            stats.map { Format.duration($0.p50TTFT) } ?? "–", stats.map { Format.percent($0.errorRate) } ?? "–",
            trouble?.label ?? (entry.deploymentKeys.isEmpty ? "–" : "ok"),
        ]
        var x = list.x + 3
        for (index, (_, width)) in Self.columns.enumerated() {
            let warn = index == Self.columns.count - 1 && trouble != nil
            let cellStyle = index == 0 ? style.with(.bold) : theme[warn ? .warning : .muted].over(style)
            buffer.put(TextWidth.truncate(TerminalText.inert(cells[index]), to: width - 1), x: x, y: y, style: cellStyle,
                       limit: min(list.maxX, x + width - 1))
            x += width
        }
    }
}
