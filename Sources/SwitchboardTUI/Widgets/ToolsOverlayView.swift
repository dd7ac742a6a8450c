import Foundation
import SwitchboardCore

/// `/tools`: each configured server's tools with [x] on / [ ] off, and the servers that could not start.
struct ToolsOverlayView: Widget {
    var state: AppState

    /// The rows shown: a server line before its tools, then problems. `tool` is the tool's index, for selection.
    static func lines(_ tools: ToolsState) -> [(text: String, tool: Int?)] {
        guard let listed = tools.listed else { return [("starting the servers and listing their tools…", nil)] }
        var lines: [(String, Int?)] = []
        var server: String?
        for (index, tool) in listed.enumerated() {
            if tool.server != server {
                server = tool.server
                lines.append(("server " + tool.server, nil))
            }
            let mark = tools.off.contains(tool.name) ? "[ ]" : "[x]"
            let description = tool.definition.description.map { " — " + ($0.split(whereSeparator: \.isNewline).first.map(String.init) ?? "") } ?? ""
            lines.append(("  \(mark) \(tool.name)\(description)", index))
        }
        if listed.isEmpty && tools.problems.isEmpty { lines.append(("no server offers a tool", nil)) }
        for problem in tools.problems { lines.append(("⚠ " + problem, nil)) }
        return lines
    }

    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        let theme = state.theme
        let fill = theme[.overlay].over(theme.base)
        let inner = Frame.draw(area, title: "Tools — ↑/↓ select · Space turns on/off · Esc closes", into: &buffer,
                               border: theme[.borderFocused], fill: fill)
        guard inner.width > 0, inner.height > 0 else { return }
        let lines = Self.lines(state.tools)
        let selected = lines.firstIndex { $0.tool == state.tools.selection } ?? 0
        let top = max(0, min(selected - inner.height / 3, lines.count - inner.height))
        for (offset, line) in lines.dropFirst(top).prefix(inner.height).enumerated() {
            let isSelected = line.tool != nil && line.tool == state.tools.selection
            let style = isSelected ? theme[.selection].over(fill) : (line.tool == nil ? theme[.muted] : theme[.text]).over(fill)
            if isSelected { buffer.fill(Rect(x: inner.x, y: inner.y + offset, width: inner.width, height: 1), style: style) }
            buffer.put(TextWidth.truncate((isSelected ? "▸ " : "  ") + TerminalText.inert(line.text), to: inner.width),
                       x: inner.x, y: inner.y + offset, style: style, limit: inner.maxX)
        }
    }
}
