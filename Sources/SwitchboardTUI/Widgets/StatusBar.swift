import Foundation
import SwitchboardCore

/// The bottom row: a message when there is one, else the key hints that apply now (from the keymap), and a
/// streaming indicator on the right.
struct StatusBar {
    let state: AppState

    func draw(in rect: Rect, into buffer: inout ScreenBuffer) {
        guard !rect.isEmpty else { return }
        let theme = state.theme
        let style = theme[.status].over(theme.base)
        buffer.fill(rect, style: style)
        var limit = rect.maxX
        if let turn = state.turn {
            var text = turn.firstTokenAt == nil ? "● waiting" : "● streaming"
            if let start = turn.routedAt, let now = state.now ?? turn.lastDeltaAt, now > start {
                text += " " + Format.duration(now - start)
            }
            let width = TextWidth.width(of: text) + 1
            buffer.put(text, x: rect.maxX - width, y: rect.y, style: theme[.accent].over(style), limit: rect.maxX)
            limit = rect.maxX - width - 1
        }
        if let status = state.status {
            let role: ThemeRole = status.level == .error ? .error : status.level == .warning ? .warning : .success
            buffer.put(" " + TerminalText.inert(status.text), x: rect.x, y: rect.y, style: theme[role].over(style), limit: limit)
            return
        }
        let hints = state.keymap.hints(for: KeyRouter.scopes(for: state), state: state)
        HintLine.draw(hints, x: rect.x + 1, y: rect.y, limit: limit, into: &buffer,
                      keyStyle: theme[.statusKey].over(style), textStyle: style)
    }
}
