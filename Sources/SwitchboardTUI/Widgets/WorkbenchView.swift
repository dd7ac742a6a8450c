import Foundation

/// Draws the whole screen from the state: panes per the layout, then overlays on top.
public enum WorkbenchView {
    public static func render(_ state: AppState) -> ScreenBuffer {
        var buffer = ScreenBuffer(size: state.size, style: state.theme.base)
        let screen = state.screen
        guard state.size.width >= 20, state.size.height >= 6 else {
            buffer.put("Switchboard needs at least 20x6", x: 0, y: 0, style: state.theme.base)
            return buffer
        }
        let theme = state.theme
        TitleBar(state: state).draw(in: screen.titleBar, into: &buffer)
        for separator in screen.separators {
            for y in separator.y..<separator.maxY {
                buffer.put("│", x: separator.x, y: y, style: theme[.border].over(theme.base))
            }
        }
        if let picker = screen.picker {
            ModelPickerView(state: state).draw(in: picker, focused: state.focus == .picker && state.overlays.isEmpty, into: &buffer)
        }
        if state.transcript.comparison != nil {
            CompareView(state: state).draw(in: screen.conversation, into: &buffer)
        } else {
            ConversationView(state: state).draw(in: screen.conversation, into: &buffer)
        }
        if let sidebar = screen.sidebar { SidebarView(state: state).draw(in: sidebar, into: &buffer) }
        if let summary = screen.summary { SummaryLine(state: state).draw(in: summary, into: &buffer) }
        InputBoxView(state: state).draw(in: screen.input, into: &buffer)
        StatusBar(state: state).draw(in: screen.status, into: &buffer)
        let body = Rect(x: 0, y: 1, width: state.size.width, height: state.size.height - 2)
        for overlay in state.overlays {
            switch overlay {
            case .picker:
                let rect = body.centered(width: min(110, body.width), height: body.height)
                let inner = Frame.draw(rect, title: "Choose a model", into: &buffer, border: theme[.borderFocused],
                                       fill: theme[.overlay].over(theme.base))
                ModelPickerView(state: state).draw(in: inner, focused: true, into: &buffer)
            case .history:
                HistoryBrowserView(state: state).draw(in: body, into: &buffer)
            case .help:
                HelpOverlayView(state: state).draw(in: body, into: &buffer)
            case .prompt, .confirm:
                DialogView(state: state).draw(overlay, in: body, into: &buffer)
            case .why(let why):
                WhyOverlayView(state: state, why: why).draw(into: &buffer)
            }
        }
        return buffer
    }
}
