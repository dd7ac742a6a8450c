import Foundation
import SwitchboardCore

/// The top row: product, session title, the model the next turn uses, demo mode.
struct TitleBar: Widget {
    var sessionTitle: String?
    var model: String
    var compareModels: [String]
    var task: String?
    /// The role in use (`/role`).
    var role: String? = nil
    /// The reasoning effort set with `/effort`; nil when the model's default applies.
    var effort: String?
    var demoMode: Bool
    var theme: Theme

    func render(in rect: Rect, into buffer: inout ScreenBuffer) {
        guard !rect.isEmpty else { return }
        let style = theme[.status].over(theme.base)
        buffer.fill(rect, style: style)
        var x = buffer.put(" Switchboard ", x: rect.x, y: rect.y, style: theme[.accent].over(style).with(.bold), limit: rect.maxX)
        let title = TerminalText.inert(sessionTitle ?? "new session")
        x = buffer.put("│ " + title + " ", x: x, y: rect.y, style: style, limit: rect.maxX - 20)
        var right = compareModels.isEmpty ? "model: " + model : "compare: " + compareModels.joined(separator: ", ")
        if let role { right += " · role: " + role }
        if let task { right += " · task: " + task }
        if let effort { right += " · effort: " + effort }
        if demoMode { right += " · demo mode" }
        right = TerminalText.inert(right)
        let rightWidth = TextWidth.width(of: right) + 1
        if x + rightWidth < rect.maxX {
            buffer.put(right, x: rect.maxX - rightWidth, y: rect.y, style: theme[.statusKey].over(style), limit: rect.maxX)
        }
    }
}
