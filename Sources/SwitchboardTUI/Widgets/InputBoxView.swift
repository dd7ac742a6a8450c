import Foundation

/// The message editor: a titled rule, then the text wrapped to the width with the cursor shown. Only the lines
/// around the cursor are wrapped, so a 100 KB paste costs no more per frame than a short prompt.
struct InputBoxView: Widget {
    var editor: TextEditor
    /// The model the message goes to, named in the box's title.
    var model: String
    var focused: Bool
    var theme: Theme
    /// Files going with the next message: a row of chips at the top of the box.
    var attachments: [Attachment] = []

    func render(in rect: Rect, into buffer: inout ScreenBuffer) {
        guard rect.height >= 1 else { return }
        let base = theme[.input].over(theme.base)
        let border = (focused ? theme[.borderFocused] : theme[.border]).over(theme.base)
        buffer.fill(rect, style: base)
        let label = "─ Message → \(model) "
        let size = editor.characterCount > 2000 ? " \(Format.count(editor.characterCount)) chars " : ""
        buffer.put(String(repeating: "─", count: rect.width), x: rect.x, y: rect.y, style: border)
        buffer.put(label, x: rect.x, y: rect.y, style: border.with(focused ? .bold : []), limit: rect.maxX)
        if !size.isEmpty { buffer.put(size, x: rect.maxX - TextWidth.width(of: size) - 1, y: rect.y, style: border) }
        var area = Rect(x: rect.x + 1, y: rect.y + 1, width: rect.width - 2, height: rect.height - 1)
        guard !area.isEmpty else { return }
        if !attachments.isEmpty, area.height >= 2 {
            drawChips(in: area, into: &buffer, base: base)
            area = Rect(x: area.x, y: area.y + 1, width: area.width, height: area.height - 1)
        }
        if editor.isEmpty {
            let hint = focused ? "Type a message…" : "Tab or Enter here to write"
            buffer.put(hint, x: area.x + 1, y: area.y, style: theme[.muted].over(base), limit: area.maxX)
            if focused { buffer.put(" ", x: area.x, y: area.y, style: theme[.cursor].over(base)) }
            return
        }
        let (rows, cursor) = visibleRows(width: area.width, height: area.height)
        for (index, row) in rows.enumerated() {
            buffer.put(row, x: area.x, y: area.y + index, style: base, limit: area.maxX)
        }
        if focused, let cursor {
            let cell = cursor.x < area.width ? cursor : (x: area.width - 1, y: cursor.y)
            let under = buffer[area.x + cell.x, area.y + cell.y]
            let glyph = under.text.isEmpty || under.isContinuation ? " " : under.text
            buffer.put(glyph, x: area.x + cell.x, y: area.y + cell.y, style: theme[.cursor].over(base))
        }
    }

    /// "[📎 a.png 120 KB] [📎 b.pdf 2.0 MB] · Ctrl-X drops": the chips that fit, then how many more there are.
    private func drawChips(in area: Rect, into buffer: inout ScreenBuffer, base: Style) {
        let chipStyle = theme[.accent].over(base)
        var x = area.x
        for (index, attachment) in attachments.enumerated() {
            let chip = attachment.chip
            guard x + TextWidth.width(of: chip) <= area.maxX else {
                buffer.put("+\(attachments.count - index) more", x: x, y: area.y, style: theme[.muted].over(base), limit: area.maxX)
                return
            }
            x = buffer.put(chip, x: x, y: area.y, style: chipStyle, limit: area.maxX)
            x = buffer.put(" ", x: x, y: area.y, style: base, limit: area.maxX)
        }
        buffer.put("· Ctrl-X drops", x: x, y: area.y, style: theme[.muted].over(base), limit: area.maxX)
    }

    /// The wrapped rows around the cursor, and where the cursor is among them.
    func visibleRows(width: Int, height: Int) -> ([[Glyph]], (x: Int, y: Int)?) {
        var rows: [[Glyph]] = []
        var cursor: (x: Int, y: Int)?
        // Wrap from a few lines above the cursor's line down to the screen's worth below it.
        let first = max(0, editor.row - height)
        let last = min(editor.lines.count - 1, editor.row + height)
        let budget = max(1, width * height)
        for lineIndex in first...last {
            let full = editor.lines[lineIndex]
            // Only a screenful of characters either side of the cursor is ever visible.
            let window: ArraySlice<Character>
            if lineIndex < editor.row {
                window = full.suffix(budget)
            } else if lineIndex > editor.row {
                window = full.prefix(budget)
            } else {
                window = full[max(0, editor.column - budget)..<min(full.count, editor.column + budget)]
            }
            var row: [Glyph] = []
            var used = 0
            var column = window.startIndex
            for character in window {
                let glyphs = TextWidth.glyphs(of: String(character))
                let glyphWidth = glyphs.reduce(0) { $0 + $1.width }
                if used + glyphWidth > width {
                    rows.append(row)
                    row = []
                    used = 0
                }
                if lineIndex == editor.row && column == editor.column { cursor = (used, rows.count) }
                row += glyphs
                used += glyphWidth
                column += 1
            }
            if lineIndex == editor.row && editor.column >= window.endIndex {
                if used >= width { rows.append(row); row = []; used = 0 }
                cursor = (used, rows.count)
            }
            rows.append(row)
        }
        guard let found = cursor else { return (Array(rows.suffix(height)), nil) }
        let start = max(0, found.y - height + 1)
        let shown = Array(rows[start..<min(rows.count, start + height)])
        return (shown, (found.x, found.y - start))
    }
}
