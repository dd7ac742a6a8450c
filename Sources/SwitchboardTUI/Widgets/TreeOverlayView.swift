import Foundation
import SwitchboardCore

/// `/tree`: the whole session as a tree, one message a row, indented where the conversation forks; each reply with
/// its model, tokens and cost, each branch's end with what the branch cost in all. ● marks the path on screen;
/// Enter jumps to the selected message (and the branch below it where it was left).
struct TreeOverlayView: Widget {
    var state: AppState

    init(_ state: AppState) {
        self.state = state
    }

    /// The colour of each kind of line.
    static func role(_ kind: ConversationTree.Line.Kind) -> ThemeRole {
        switch kind {
        case .user: .user
        case .assistant: .assistant
        case .other, .branchTotal: .muted
        }
    }

    /// The window's box.
    static func box(for state: AppState) -> Rect {
        let body = Rect(x: 0, y: 1, width: state.size.width, height: state.size.height - 2)
        return body.centered(width: min(110, body.width - 2), height: max(5, body.height - 2))
    }

    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        let theme = state.theme
        let fill = theme[.overlay].over(theme.base)
        let inner = Frame.draw(area, title: "Conversation tree — ↑/↓ select · Enter jumps there · Esc closes", into: &buffer,
                               border: theme[.borderFocused], fill: fill)
        guard inner.width > 0, inner.height > 0 else { return }
        let lines = state.tree.tree.lines
        let selected = lines.firstIndex { $0.row == state.tree.selection } ?? 0
        // The selected row stays in view, a third of the way down once the list is longer than the window.
        let top = max(0, min(selected - inner.height / 3, lines.count - inner.height))
        for (offset, line) in lines.dropFirst(top).prefix(inner.height).enumerated() {
            let isSelected = line.row != nil && line.row == state.tree.selection
            let style = isSelected ? theme[.selection].over(fill) : theme[Self.role(line.kind)].over(fill)
            if isSelected { buffer.fill(Rect(x: inner.x, y: inner.y + offset, width: inner.width, height: 1), style: style) }
            // A pointer as well as the colour: the selection reads without colours too.
            buffer.put(TextWidth.truncate((isSelected ? "▸ " : "  ") + line.text, to: inner.width), x: inner.x,
                       y: inner.y + offset, style: style, limit: inner.maxX)
        }
        if top + inner.height < lines.count {
            buffer.put(" ↓ more ", x: area.maxX - 10, y: area.maxY - 1, style: theme[.muted].over(fill))
        }
    }
}
