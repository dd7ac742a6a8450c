import Foundation

/// OSC 8 hyperlinks around cells curses has drawn. Curses cannot carry escape sequences inside cells, and a
/// terminal links a cell only while it prints it, so after each frame the driver prints the link cells again
/// itself: save the cursor (DECSC, which keeps the colours and attributes curses set), move to the row, print the
/// cells with their colours and the link opened around them, close it, restore (DECRC). Pure: it only builds the
/// bytes; `CursesDriver` writes them, and only where the terminal supports hyperlinks.
public enum OSC8 {
    /// Starts a link: the cells printed next belong to it. The URL is already safe (`Hyperlink`).
    public static func open(_ link: Hyperlink) -> String { "\u{1B}]8;;" + link.url + "\u{1B}\\" }
    /// Ends the link: the cells printed next belong to none.
    public static let close = "\u{1B}]8;;\u{1B}\\"

    /// What to write after `frame` was drawn over `previous` (nil: the whole screen was drawn again) so that
    /// every link on screen is a hyperlink again. Curses may rewrite any cell of a row that changed (it prints
    /// unchanged cells when that is shorter than moving the cursor), which drops their link, so each changed row
    /// with a link, now or before, is printed again from its first link cell to its last; a link that went away
    /// is printed plain, since curses leaves a cell that looks the same alone. Only within `visible` (the
    /// terminal's size). Empty when nothing needs it.
    public static func repaint(_ frame: ScreenBuffer, previous: ScreenBuffer?, visible: Size, depth: ColorDepth) -> String {
        let before = previous.flatMap { $0.size == frame.size ? $0 : nil }
        let width = min(frame.size.width, visible.width), height = min(frame.size.height, visible.height)
        guard width > 0 else { return "" }
        var output = ""
        for y in 0..<height {
            let row = y * frame.size.width..<(y * frame.size.width + width)
            if let before, before.cells[row] == frame.cells[row] { continue }
            guard let span = linkSpan(frame.cells[row], before?.cells[row]) else { continue }
            output += self.row(frame, y: y, from: span.lowerBound, to: span.upperBound, width: width, depth: depth)
        }
        return output
    }

    /// Columns from the first cell with a link (in either row) to the last, both included.
    static func linkSpan(_ cells: ArraySlice<Cell>, _ before: ArraySlice<Cell>?) -> Range<Int>? {
        var first: Int?, last = 0
        for (offset, cell) in cells.enumerated() {
            let linkedBefore = before.map { $0[$0.startIndex + offset].style.link != nil } ?? false
            guard cell.style.link != nil || linkedBefore else { continue }
            if first == nil { first = offset }
            last = offset
        }
        return first.map { $0..<(last + 1) }
    }

    /// Row `y`'s cells `start..<end` printed with their colours and links, the cursor saved before and restored
    /// after. A wide glyph cut by the start is printed whole; one that does not fit the screen ends the row, as
    /// curses does not draw it either.
    static func row(_ frame: ScreenBuffer, y: Int, from start: Int, to end: Int, width: Int, depth: ColorDepth) -> String {
        var x = start
        if x > 0, frame[x, y].isContinuation { x -= 1 }
        var output = "\u{1B}7\u{1B}[\(y + 1);\(x + 1)H"
        var link: Hyperlink?
        var sgr: String?
        while x < min(end, width) {
            let cell = frame[x, y]
            defer { x += max(1, Int(cell.width)) }
            if cell.isContinuation { continue }
            if cell.width == 2, x + 1 >= width { break }
            if cell.style.link != link {
                if link != nil { output += close }
                if let next = cell.style.link { output += open(next) }
                link = cell.style.link
            }
            let style = graphicRendition(cell.style, depth: depth)
            if style != sgr {
                output += style
                sgr = style
            }
            output += printable(cell.text)
        }
        if link != nil { output += close }
        return output + "\u{1B}8"
    }

    /// The SGR sequence for `style` as the curses driver draws it: attributes (strike-through as dim, since curses
    /// has none) and the colour numbers curses uses at `depth`, written as xterm's `setaf`/`setab` write them.
    static func graphicRendition(_ style: Style, depth: ColorDepth) -> String {
        var codes = ["0"]
        let attributes = style.attributes
        if attributes.contains(.bold) { codes.append("1") }
        if attributes.contains(.dim) || attributes.contains(.strikethrough) { codes.append("2") }
        if attributes.contains(.italic) { codes.append("3") }
        if attributes.contains(.underline) { codes.append("4") }
        if attributes.contains(.reverse) { codes.append("7") }
        let foreground = style.foreground.cursesNumber(at: depth), background = style.background.cursesNumber(at: depth)
        if foreground >= 0 { codes.append(colour(foreground, base: 30, bright: 90, extended: 38)) }
        if background >= 0 { codes.append(colour(background, base: 40, bright: 100, extended: 48)) }
        return "\u{1B}[" + codes.joined(separator: ";") + "m"
    }

    private static func colour(_ number: Int, base: Int, bright: Int, extended: Int) -> String {
        switch number {
        case 0..<8: "\(base + number)"
        case 8..<16: "\(bright + number - 8)"
        default: "\(extended);5;\(number)"
        }
    }

    /// A cell's text as curses gets it (at most five scalars), with any control character (C0, DEL, C1) made a
    /// space: nothing in a cell may reach the terminal as a command.
    static func printable(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars.prefix(5) {
            switch scalar.value {
            case 0...0x1F, 0x7F...0x9F: result += " "
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result.isEmpty ? " " : result
    }
}
