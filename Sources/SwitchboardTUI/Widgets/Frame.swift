import Foundation

/// Box drawing for overlays: a bordered, filled rectangle with a title.
enum Frame {
    /// Draws the box and returns the area inside the border.
    @discardableResult
    static func draw(_ rect: Rect, title: String, into buffer: inout ScreenBuffer, border: Style, fill: Style) -> Rect {
        guard rect.width >= 2, rect.height >= 2 else { return Rect(x: rect.x, y: rect.y, width: 0, height: 0) }
        buffer.fill(rect, style: fill)
        let style = border.over(fill)
        let horizontal = String(repeating: "─", count: rect.width - 2)
        buffer.put("╭" + horizontal + "╮", x: rect.x, y: rect.y, style: style)
        buffer.put("╰" + horizontal + "╯", x: rect.x, y: rect.maxY - 1, style: style)
        for y in (rect.y + 1)..<(rect.maxY - 1) {
            buffer.put("│", x: rect.x, y: y, style: style)
            buffer.put("│", x: rect.maxX - 1, y: y, style: style)
        }
        if !title.isEmpty {
            buffer.put(" " + TextWidth.truncate(title, to: rect.width - 6) + " ", x: rect.x + 2, y: rect.y,
                       style: style.with(.bold), limit: rect.maxX - 2)
        }
        return Rect(x: rect.x + 2, y: rect.y + 1, width: rect.width - 4, height: rect.height - 2)
    }
}

/// Draws `key label · key label` hints, keys highlighted, within `limit`.
enum HintLine {
    static func draw(_ hints: [(keys: String, label: String)], x: Int, y: Int, limit: Int,
                     into buffer: inout ScreenBuffer, keyStyle: Style, textStyle: Style) {
        var column = x
        for (index, hint) in hints.enumerated() {
            let needed = TextWidth.width(of: hint.keys) + 1 + TextWidth.width(of: hint.label) + (index > 0 ? 3 : 0)
            guard column + needed <= limit else { break }
            if index > 0 { column = buffer.put(" · ", x: column, y: y, style: textStyle, limit: limit) }
            column = buffer.put(hint.keys, x: column, y: y, style: keyStyle, limit: limit)
            column = buffer.put(" " + hint.label, x: column, y: y, style: textStyle, limit: limit)
        }
    }
}
