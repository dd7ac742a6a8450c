import Foundation

/// A multi-line text being edited, with a cursor. Lines are arrays of characters so a 100 KB paste costs one
/// split, and every edit touches only the line under the cursor.
public struct TextEditor: Equatable, Sendable {
    public private(set) var lines: [[Character]] = [[]]
    /// Cursor line and column (in characters).
    public private(set) var row = 0
    public private(set) var column = 0

    public init(_ text: String = "") {
        set(text)
    }

    public var text: String { lines.map { String($0) }.joined(separator: "\n") }
    public var isEmpty: Bool { lines.count == 1 && lines[0].isEmpty }
    public var isOnFirstLine: Bool { row == 0 }
    public var isOnLastLine: Bool { row == lines.count - 1 }
    public var characterCount: Int { lines.reduce(lines.count - 1) { $0 + $1.count } }

    /// Replaces everything; the cursor goes to the end.
    public mutating func set(_ text: String) {
        lines = Self.split(text)
        row = lines.count - 1
        column = lines[row].count
    }

    public mutating func clear() { set("") }

    /// Inserts text at the cursor (newlines split lines); the cursor ends after it.
    public mutating func insert(_ text: String) {
        let pieces = Self.split(text)
        let tail = Array(lines[row][column...])
        lines[row].removeSubrange(column...)
        lines[row].append(contentsOf: pieces[0])
        if pieces.count == 1 {
            column = lines[row].count
            lines[row].append(contentsOf: tail)
            return
        }
        var middle = Array(pieces.dropFirst())
        column = middle[middle.count - 1].count
        middle[middle.count - 1].append(contentsOf: tail)
        lines.insert(contentsOf: middle, at: row + 1)
        row += middle.count
    }

    public mutating func insertNewline() { insert("\n") }

    public mutating func deleteBackward() {
        if column > 0 {
            lines[row].remove(at: column - 1)
            column -= 1
        } else if row > 0 {
            let line = lines.remove(at: row)
            row -= 1
            column = lines[row].count
            lines[row].append(contentsOf: line)
        }
    }

    public mutating func deleteForward() {
        if column < lines[row].count {
            lines[row].remove(at: column)
        } else if row + 1 < lines.count {
            let next = lines.remove(at: row + 1)
            lines[row].append(contentsOf: next)
        }
    }

    public mutating func deleteWordBackward() {
        guard column > 0 else { return deleteBackward() }
        let start = wordStart(before: column)
        lines[row].removeSubrange(start..<column)
        column = start
    }

    public mutating func deleteWordForward() {
        guard column < lines[row].count else { return deleteForward() }
        let end = wordEnd(after: column)
        lines[row].removeSubrange(column..<end)
    }

    public mutating func killToLineEnd() {
        if column < lines[row].count { lines[row].removeSubrange(column...) } else { deleteForward() }
    }

    public mutating func killToLineStart() {
        lines[row].removeSubrange(..<column)
        column = 0
    }

    public mutating func moveLeft() {
        if column > 0 { column -= 1 } else if row > 0 { row -= 1; column = lines[row].count }
    }

    public mutating func moveRight() {
        if column < lines[row].count { column += 1 } else if row + 1 < lines.count { row += 1; column = 0 }
    }

    public mutating func moveWordLeft() {
        if column == 0 { return moveLeft() }
        column = wordStart(before: column)
    }

    public mutating func moveWordRight() {
        if column == lines[row].count { return moveRight() }
        column = wordEnd(after: column)
    }

    public mutating func moveLineStart() { column = 0 }
    public mutating func moveLineEnd() { column = lines[row].count }

    /// Moves up a line; false when already on the first (the caller may recall history instead).
    public mutating func moveUp() -> Bool {
        guard row > 0 else { return false }
        row -= 1
        column = min(column, lines[row].count)
        return true
    }

    public mutating func moveDown() -> Bool {
        guard row + 1 < lines.count else { return false }
        row += 1
        column = min(column, lines[row].count)
        return true
    }

    private func wordStart(before index: Int) -> Int {
        var i = index
        let line = lines[row]
        while i > 0, !line[i - 1].isLetterOrDigit { i -= 1 }
        while i > 0, line[i - 1].isLetterOrDigit { i -= 1 }
        return i
    }

    private func wordEnd(after index: Int) -> Int {
        var i = index
        let line = lines[row]
        while i < line.count, !line[i].isLetterOrDigit { i += 1 }
        while i < line.count, line[i].isLetterOrDigit { i += 1 }
        return i
    }

    static func split(_ text: String) -> [[Character]] {
        var result: [[Character]] = [[]]
        for character in text {
            if character == "\n" || character == "\r\n" || character == "\r" {
                result.append([])
            } else {
                result[result.count - 1].append(character)
            }
        }
        return result
    }
}
