import Foundation

/// One screen cell. A wide glyph occupies its cell (width 2) and the next one, which is a continuation (width 0,
/// empty text) that drivers skip. Plain bytes (its text is packed, see `CellText`), so frames copy and compare
/// without reference counting.
public struct Cell: Hashable, Sendable {
    var content: CellText
    public var width: UInt8
    public var style: Style

    public var text: String {
        get { content.string }
        set { content = CellText(newValue) }
    }

    public init(_ text: String, width: UInt8 = 1, style: Style = .plain) {
        self.init(CellText(text), width: width, style: style)
    }

    init(_ content: CellText, width: UInt8, style: Style) {
        self.content = content
        self.width = width
        self.style = style
    }

    public static let blank = Cell(" ")
    public var isContinuation: Bool { width == 0 }
}

/// The off-screen frame every widget draws into. Drivers copy it to the terminal; tests read its lines.
public struct ScreenBuffer: Equatable, Sendable {
    public private(set) var size: Size
    public private(set) var cells: [Cell]

    public init(size: Size, style: Style = .plain) {
        self.size = size
        cells = Array(repeating: Cell(.space, width: 1, style: style), count: size.width * size.height)
    }

    public var bounds: Rect { Rect(x: 0, y: 0, width: size.width, height: size.height) }

    public subscript(x: Int, y: Int) -> Cell {
        cells[y * size.width + x]
    }

    /// Paints `rect` (clipped to the screen) with spaces in `style`.
    public mutating func fill(_ rect: Rect, style: Style) {
        let clipped = clip(rect)
        guard !clipped.isEmpty else { return }
        for y in clipped.y..<clipped.maxY {
            for x in clipped.x..<clipped.maxX { set(x, y, Cell(.space, width: 1, style: style)) }
        }
    }

    /// Draws glyphs from `x` on row `y`, never past `limit` (exclusive). A wide glyph that would cross the limit
    /// becomes a space. Returns the column after the last one drawn.
    @discardableResult
    public mutating func put(_ glyphs: [Glyph], x: Int, y: Int, style: Style, limit: Int? = nil) -> Int {
        guard y >= 0, y < size.height else { return x }
        let end = min(limit ?? size.width, size.width)
        var column = x
        for glyph in glyphs {
            guard place(CellText(glyph.text), width: glyph.width, at: &column, y: y, end: end, style: style) else { break }
        }
        return column
    }

    /// Draws text (made safe first) from `x` on row `y`. Returns the column after the last one drawn.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style, limit: Int? = nil) -> Int {
        guard y >= 0, y < size.height else { return x }
        let end = min(limit ?? size.width, size.width)
        var column = x
        // The glyphs of `TextWidth.glyphs(of:)`, one at a time and packed as they come: a glyph is placed once
        // the next spacing character shows that no more marks ride on it.
        var pending: (text: CellText, width: Int)?
        for original in text.unicodeScalars {
            let value = original.value
            if value >= 0x20 && value < 0x7F {
                if let glyph = pending, !place(glyph.text, width: glyph.width, at: &column, y: y, end: end, style: style) {
                    return column
                }
                pending = (CellText(ascii: UInt8(value)), 1)
                continue
            }
            // A tab is four spaces; everything else is one scalar (itself or a stand-in).
            let single = TextWidth.safeScalar(original)
            for _ in 0..<(single == nil ? 4 : 1) {
                let scalar = single ?? " "
                let width = TextWidth.columns(of: scalar)
                if width == 0 {
                    if pending == nil { pending = (CellText.space, 1) }
                    pending?.text.append(scalar)
                } else {
                    if let glyph = pending, !place(glyph.text, width: glyph.width, at: &column, y: y, end: end, style: style) {
                        return column
                    }
                    pending = (CellText(scalar), width)
                }
            }
        }
        if let glyph = pending { place(glyph.text, width: glyph.width, at: &column, y: y, end: end, style: style) }
        return column
    }

    /// Draws one glyph at `column` and moves past it; false (nothing drawn) once `column` reached `end`.
    @discardableResult
    private mutating func place(_ text: CellText, width: Int, at column: inout Int, y: Int, end: Int, style: Style) -> Bool {
        guard column < end else { return false }
        if column < 0 {
            column += width
            return true
        }
        if width == 2 {
            guard column + 1 < end else {
                set(column, y, Cell(.space, width: 1, style: style))
                column += 1
                return false
            }
            set(column, y, Cell(text, width: 2, style: style))
            set(column + 1, y, Cell(.empty, width: 0, style: style))
            column += 2
        } else {
            set(column, y, Cell(text, width: 1, style: style))
            column += 1
        }
        return true
    }

    /// Draws a styled line at `x`, `y` within `width` columns; its styles are laid over `base`, and the rest of the
    /// row is painted with the line's fill (or left alone).
    public mutating func put(_ line: StyledLine, x: Int, y: Int, width: Int, base: Style = .plain) {
        let limit = x + width
        if let fill = line.fill { self.fill(Rect(x: x, y: y, width: width, height: 1), style: fill.over(base)) }
        var column = x
        let lineBase = line.fill?.over(base) ?? base
        for run in line.runs {
            guard column < limit else { break }
            column = put(run.text, x: column, y: y, style: run.style.over(lineBase), limit: limit)
        }
    }

    /// Rows as text (continuations skipped), with trailing spaces removed: what tests compare.
    public func lines() -> [String] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(size.width * 2)
        return (0..<size.height).map { row in
            bytes.removeAll(keepingCapacity: true)
            for cell in cells[(row * size.width)..<((row + 1) * size.width)] where !cell.isContinuation {
                cell.content.appendUTF8(to: &bytes)
            }
            // Trailing space characters go. A space is a character of its own unless the scalar before it is a
            // prepended mark (Unicode's rule GB9b, the one rule that can join a space to what precedes it): then
            // that first space belongs to the mark's character and stays, as String's own trimming keeps it.
            var end = bytes.count
            while end > 0, bytes[end - 1] == 0x20 { end -= 1 }
            if end > 0, end < bytes.count, bytes[end - 1] >= 0x80 {
                var lead = end - 1
                while lead > 0, bytes[lead] & 0xC0 == 0x80 { lead -= 1 }
                if (String(decoding: bytes[lead..<end], as: UTF8.self) + " ").count == 1 { end += 1 }
            }
            return String(decoding: bytes[..<end], as: UTF8.self)
        }
    }

    /// The whole screen as one string, rows joined by newlines.
    public var text: String { lines().joined(separator: "\n") }

    private func clip(_ rect: Rect) -> Rect {
        let x0 = max(0, rect.x), y0 = max(0, rect.y)
        let x1 = min(size.width, rect.maxX), y1 = min(size.height, rect.maxY)
        return Rect(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
    }

    /// Writes one cell, repairing any wide glyph it cuts in half.
    private mutating func set(_ x: Int, _ y: Int, _ cell: Cell) {
        guard x >= 0, x < size.width, y >= 0, y < size.height else { return }
        let index = y * size.width + x
        let old = cells[index]
        if old.isContinuation, cell.width != 0, x > 0, cells[index - 1].width == 2 {
            cells[index - 1] = Cell(.space, width: 1, style: cells[index - 1].style)
        }
        if old.width == 2, cell.width != 2, x + 1 < size.width, cells[index + 1].isContinuation {
            cells[index + 1] = Cell(.space, width: 1, style: old.style)
        }
        cells[index] = cell
    }
}
