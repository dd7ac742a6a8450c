import Foundation

/// Draws the whole screen from the state: panes per the layout, then overlays on top. Each pane is a widget cut
/// from the slice of state it shows (see `WorkbenchView+Slices.swift`).
public enum WorkbenchView {
    /// Draws a frame. The conversation pane carries out the scroll moves asked since the last frame, and keeps
    /// where it landed and its line memo in `state.conversationView`; the lists keep their windows in
    /// `state.pickerList` and `state.historyList`, the why window where it scrolled to. Nothing else changes.
    public static func render(_ state: inout AppState) -> ScreenBuffer {
        var buffer = ScreenBuffer(size: state.size, style: state.theme.base)
        let screen = state.screen
        guard state.size.width >= 20, state.size.height >= 6 else {
            buffer.put("Switchboard needs at least 20x6", x: 0, y: 0, style: state.theme.base)
            return buffer
        }
        let theme = state.theme
        TitleBar(state).render(in: screen.titleBar, into: &buffer)
        for separator in screen.separators {
            for y in separator.y..<separator.maxY {
                buffer.put("│", x: separator.x, y: y, style: theme[.border].over(theme.base))
            }
        }
        if let picker = screen.picker {
            // Under an open picker window the pane draws from the window's list but keeps nothing: the list on
            // top owns where it is scrolled to and how far a page goes.
            var pane = state.pickerList
            ModelPickerView(state, focused: state.focus == .picker && state.overlays.isEmpty)
                .render(in: picker, into: &buffer, state: &pane)
            if !state.overlays.contains(.picker) { state.pickerList = pane }
        }
        if let comparison = CompareView(state) {
            comparison.render(in: screen.conversation, into: &buffer, state: &state.conversationView)
        } else {
            ConversationView(state).render(in: screen.conversation, into: &buffer, state: &state.conversationView)
        }
        if let sidebar = screen.sidebar { SidebarView(state).render(in: sidebar, into: &buffer) }
        if let summary = screen.summary { SummaryLine(state).render(in: summary, into: &buffer) }
        InputBoxView(state).render(in: screen.input, into: &buffer)
        StatusBar(state).render(in: screen.status, into: &buffer)
        let body = Rect(x: 0, y: 1, width: state.size.width, height: state.size.height - 2)
        for (index, overlay) in state.overlays.enumerated() {
            switch overlay {
            case .picker:
                let rect = body.centered(width: min(110, body.width), height: body.height)
                let inner = Frame.draw(rect, title: "Choose a model", into: &buffer, border: theme[.borderFocused],
                                       fill: theme[.overlay].over(theme.base))
                ModelPickerView(state, focused: true).render(in: inner, into: &buffer, state: &state.pickerList)
            case .history:
                HistoryBrowserView(state).render(in: body, into: &buffer, state: &state.historyList)
            case .help:
                HelpOverlayView(state).render(in: body, into: &buffer)
            case .prompt, .confirm:
                DialogView(overlay: overlay, theme: theme).render(in: body, into: &buffer)
            case .why(var why):
                WhyOverlayView(why, in: state).render(in: WhyOverlayView.box(for: state), into: &buffer, state: &why)
                state.overlays[index] = .why(why)
            case .tree:
                TreeOverlayView(state).render(in: TreeOverlayView.box(for: state), into: &buffer)
            case .tools:
                ToolsOverlayView(state: state).render(in: TreeOverlayView.box(for: state), into: &buffer)
            }
        }
        return buffer
    }

    /// Draws a frame without keeping what the conversation pane settled (tests and one-off pictures): moves
    /// still pending stay pending for the next frame drawn with `render(&state)`.
    public static func render(_ state: AppState) -> ScreenBuffer {
        var copy = state
        return render(&copy)
    }
}
