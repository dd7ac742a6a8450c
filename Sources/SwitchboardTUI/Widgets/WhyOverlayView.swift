import Foundation
import SwitchboardCore

/// The route decision behind one reply: what was asked for, the steps (rule, tier and score, health, budget),
/// the candidates in order and what was left out; then what happened when it ran (failed attempts, fallbacks).
struct WhyOverlayView: StatefulWidget {
    /// The window's text, wrapped to the inside of its box.
    var lines: [StyledLine]
    var theme: Theme

    /// The window's text, before wrapping (also what tests read).
    static func lines(for why: WhyState, in state: AppState) -> [(String, ThemeRole?)] {
        let meta = state.transcript.entry(why.entryID)?.reply
        var lines: [(String, ThemeRole?)] = []
        if let route = meta?.route {
            lines.append(("served by \(route.model) via \(route.provider) (\(route.providerModel)): \(route.reason)", .accent))
        } else if let meta {
            lines.append(("asked for \(meta.requestedModel)", .accent))
        }
        lines.append(("", nil))
        if let explanation = state.routeExplanations[why.turnID] {
            lines += explanation.lines.map { ($0, nil) }
        } else if why.missing {
            lines.append(("No route decision was stored for this turn: it ran before decisions were kept, failed before"
                          + " routing, or was imported.", .muted))
        } else {
            lines.append(("loading the stored decision…", .muted))
        }
        if let notes = meta?.notes, !notes.isEmpty {
            lines.append(("", nil))
            lines.append(("what happened:", .title))
            lines += notes.map { ("- " + $0, .warning) }
        }
        return lines
    }

    /// The window's box on the screen (the body between title and status lines).
    static func box(for state: AppState) -> Rect {
        let body = Rect(x: 0, y: 1, width: state.size.width, height: state.size.height - 2)
        return body.centered(width: min(100, body.width - 2), height: max(5, body.height - 2))
    }

    /// The text wrapped to the inside of the box.
    static func wrapped(_ why: WhyState, in state: AppState) -> [StyledLine] {
        let theme = state.theme
        let width = max(1, box(for: state).width - 4)
        return lines(for: why, in: state).flatMap { text, role -> [StyledLine] in
            guard !text.isEmpty else { return [.blank] }
            let style = role.map { theme[$0] } ?? Style()
            return LineWrapper.wrap([StyledRun(TerminalText.inert(text), style)], width: width, nextPrefix: [StyledRun("    ")])
        }
    }

    /// Draws the window in `rect`, its box (see `box(for:)`), after carrying out the scrolls `why` asks for.
    func render(in rect: Rect, into buffer: inout ScreenBuffer, state why: inout WhyState) {
        let fill = theme[.overlay].over(theme.base)
        let inner = Frame.draw(rect, title: "Why this route — Esc closes", into: &buffer, border: theme[.borderFocused], fill: fill)
        guard inner.width > 0 else { return }
        why.settle(lineCount: lines.count, height: inner.height)
        let top = why.top
        for (row, line) in lines.dropFirst(top).prefix(inner.height).enumerated() {
            buffer.put(line, x: inner.x, y: inner.y + row, width: inner.width, base: fill)
        }
        if top + inner.height < lines.count {
            buffer.put(" ↓ more ", x: rect.maxX - 10, y: rect.maxY - 1, style: theme[.muted].over(fill))
        }
    }
}
