import Foundation
import SwitchboardCore

/// The bottom row: a message when there is one, else the key hints that apply now (from the keymap), and a
/// streaming indicator on the right.
struct StatusBar: Widget {
    var turn: TurnInFlight?
    var now: ContinuousClock.Instant?
    var status: StatusMessage?
    /// The hints for the keys that work now, in order.
    var hints: [(keys: String, label: String)]
    var theme: Theme

    func render(in rect: Rect, into buffer: inout ScreenBuffer) {
        guard !rect.isEmpty else { return }
        let style = theme[.status].over(theme.base)
        buffer.fill(rect, style: style)
        var limit = rect.maxX
        if let turn {
            var text = turn.firstTokenAt == nil ? "● waiting" : "● streaming"
            if let start = turn.routedAt, let now = now ?? turn.lastDeltaAt, now > start {
                text += " " + Format.duration(now - start)
            }
            let width = TextWidth.width(of: text) + 1
            buffer.put(text, x: rect.maxX - width, y: rect.y, style: theme[.accent].over(style), limit: rect.maxX)
            limit = rect.maxX - width - 1
        }
        if let status {
            let role: ThemeRole = status.level == .error ? .error : status.level == .warning ? .warning : .success
            buffer.put(" " + TerminalText.inert(status.text), x: rect.x, y: rect.y, style: theme[role].over(style), limit: limit)
            return
        }
        HintLine.draw(hints, x: rect.x + 1, y: rect.y, limit: limit, into: &buffer,
                      keyStyle: theme[.statusKey].over(style), textStyle: style)
    }
}
