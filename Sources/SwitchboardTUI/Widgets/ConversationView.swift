import Foundation

/// The transcript: only the visible lines are fetched from the layout memo, so a frame costs the same however
/// long the conversation or the reply in flight. Its memo and scroll position are its own state, handed in.
struct ConversationView: StatefulWidget {
    var entries: [TranscriptEntry]
    /// The reply "why" explains, marked by a bar in the margin.
    var selectedReply: Int?
    var focused: Bool
    /// Says so on the welcome screen.
    var demoMode: Bool
    var theme: Theme

    /// Where transcript text goes in `rect`: a column of margin each side.
    static func textArea(in rect: Rect) -> Rect {
        Rect(x: rect.x + 1, y: rect.y, width: rect.width - 2, height: rect.height)
    }

    func render(in rect: Rect, into buffer: inout ScreenBuffer, state: inout ConversationViewState) {
        guard !rect.isEmpty else { return }
        let base = theme.base
        let text = Self.textArea(in: rect)
        state.settle(entries, size: Size(width: text.width, height: text.height))
        if entries.isEmpty {
            state.shownEntries = []
            drawWelcome(in: text, into: &buffer)
            return
        }
        let rows = state.layout.visibleRows(entries, anchor: state.anchor, width: text.width, height: text.height)
        state.shownEntries = rows.map { entries[$0.entry].id }
        for (row, (entry, line)) in rows.enumerated() {
            buffer.put(line, x: text.x, y: text.y + row, width: text.width, base: base)
            if entries[entry].id == selectedReply {
                buffer.put("┃", x: rect.x, y: text.y + row, style: theme[.accent].over(base))
            }
        }
        if state.anchor != nil {
            let marker = " ↓ more below · End follows "
            let width = TextWidth.width(of: marker)
            buffer.put(marker, x: max(rect.x, rect.maxX - width - 1), y: rect.maxY - 1,
                       style: theme[.selection].over(base), limit: rect.maxX)
        }
        if focused {
            buffer.put("▌", x: rect.x, y: rect.y, style: theme[.borderFocused].over(base))
        }
    }

    private func drawWelcome(in rect: Rect, into buffer: inout ScreenBuffer) {
        var lines: [(String, Style)] = [
            ("Type a message and press Enter.", theme[.accent].over(theme.base).with(.bold)),
            ("", theme.base),
            ("Ctrl-P chooses the model · F2 browses history · F1 lists every key", theme[.muted].over(theme.base)),
        ]
        if demoMode {
            lines.append(("", theme.base))
            lines.append(("No provider key found: running on the simulated demo models.", theme[.warning].over(theme.base)))
            lines.append(("Set OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY, ... for real ones.", theme[.muted].over(theme.base)))
        }
        let wrapped = lines.flatMap { text, style in
            text.isEmpty ? [StyledLine.blank] : LineWrapper.wrap([StyledRun(text, style)], width: rect.width)
        }
        let top = rect.y + max(0, (rect.height - wrapped.count) / 2)
        for (offset, line) in wrapped.enumerated() where top + offset < rect.maxY {
            let x = rect.x + max(0, (rect.width - line.width) / 2)
            buffer.put(line, x: x, y: top + offset, width: rect.maxX - x, base: theme.base)
        }
    }
}
