import Foundation
import SwitchboardCore

/// Every key binding, grouped by where it applies: generated from the keymap, so it cannot drift from what the
/// keys do.
struct HelpOverlayView: Widget {
    var keymap: Keymap
    var scroll: Int
    var theme: Theme

    /// Columns inside the window at its widest (90 with its border and margins).
    static let width = 86

    /// The help text as lines (also what tests read).
    static func lines(for keymap: Keymap, theme: Theme) -> [StyledLine] {
        var lines: [StyledLine] = []
        for scope in KeyScope.allCases {
            let bindings = keymap.bindings.filter { $0.scope == scope }
            guard !bindings.isEmpty else { continue }
            if !lines.isEmpty { lines.append(.blank) }
            lines.append(StyledLine([StyledRun(scope.title, theme[.accent].with(.bold))]))
            var seen = Set<String>()
            for binding in bindings where seen.insert(binding.keyLabel + binding.help).inserted {
                // A long description wraps under itself, so the window never cuts it off.
                lines += LineWrapper.wrap([StyledRun(binding.help)], width: Self.width,
                                          firstPrefix: [StyledRun("  " + TextWidth.pad(binding.keyLabel, to: 22), theme[.statusKey])],
                                          nextPrefix: [StyledRun(String(repeating: " ", count: 24))])
            }
        }
        lines.append(.blank)
        lines.append(StyledLine([StyledRun("Typing goes to the message box, the picker filter or the history search.", theme[.muted])]))
        lines.append(.blank)
        lines.append(StyledLine([StyledRun("Commands in the message box", theme[.accent].with(.bold))]))
        // One command a line: the list outgrew the window's width.
        for command in SlashCommand.usage.components(separatedBy: " · ") {
            lines.append(StyledLine([StyledRun("  " + command)]))
        }
        for line in ["/compact summarises the conversation so far with the cheapest model",
                     "([context] compact_model to choose one); the summary is sent in their place"] {
            lines.append(StyledLine([StyledRun("  " + line)]))
        }
        lines.append(.blank)
        lines.append(StyledLine([StyledRun("Mouse", theme[.accent].with(.bold))]))
        for line in ["Click a pane to focus it, a model in the picker to use it, a reply or a",
                     "compared answer to select it (y then copies it); the wheel scrolls.",
                     "Shift+drag still selects text in most terminals."] {
            lines.append(StyledLine([StyledRun("  " + line)]))
        }
        return lines
    }

    /// Draws the window centred in `screen`.
    func render(in screen: Rect, into buffer: inout ScreenBuffer) {
        let fill = theme[.overlay].over(theme.base)
        let rect = screen.centered(width: min(90, screen.width - 2), height: max(5, screen.height - 2))
        let inner = Frame.draw(rect, title: "Keys — Esc closes", into: &buffer, border: theme[.borderFocused], fill: fill)
        let lines = Self.lines(for: keymap, theme: theme)
        let top = min(scroll, max(0, lines.count - inner.height))
        for (row, line) in lines.dropFirst(top).prefix(inner.height).enumerated() {
            buffer.put(line, x: inner.x, y: inner.y + row, width: inner.width, base: fill)
        }
        if top + inner.height < lines.count {
            buffer.put(" ↓ PgDn for more ", x: rect.maxX - 19, y: rect.maxY - 1, style: theme[.muted].over(fill))
        }
    }
}

/// A small box asking for one line of text, or for yes/no.
struct DialogView: Widget {
    /// The question: a `.prompt` or a `.confirm` overlay.
    var overlay: Overlay
    var theme: Theme

    /// Draws the box centred in `screen`.
    func render(in screen: Rect, into buffer: inout ScreenBuffer) {
        let fill = theme[.overlay].over(theme.base)
        let rect = screen.centered(width: min(70, screen.width - 2), height: 5)
        switch overlay {
        case .prompt(let prompt):
            let inner = Frame.draw(rect, title: prompt.title, into: &buffer, border: theme[.borderFocused], fill: fill)
            guard inner.height >= 1 else { return }
            let text = TerminalText.inert(prompt.editor.text)
            let shown = TextWidth.width(of: text) >= inner.width ? String(text.suffix(inner.width - 2)) : text
            let end = buffer.put(shown, x: inner.x, y: inner.y + 1, style: fill, limit: inner.maxX)
            buffer.put(" ", x: end, y: inner.y + 1, style: theme[.cursor].over(fill), limit: inner.maxX)
        case .confirm(let question):
            let inner = Frame.draw(rect, title: "Confirm", into: &buffer, border: theme[.warning], fill: fill)
            guard inner.height >= 1 else { return }
            buffer.put(TerminalText.inert(question.question), x: inner.x, y: inner.y + 1, style: fill.with(.bold), limit: inner.maxX)
        default:
            break
        }
    }
}
