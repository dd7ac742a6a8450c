import Foundation

/// A key press as the workbench sees it, independent of curses.
public enum Key: Hashable, Sendable {
    case char(Character)
    case ctrl(Character)
    case alt(Character)
    case altEnter
    case enter, tab, backTab, backspace, delete, escape
    case up, down, left, right, home, end, pageUp, pageDown
    case function(Int)
    case wheelUp, wheelDown

    /// How help and hints name the key: `Ctrl-P`, `Alt-Enter`, `F2`, `PgUp`.
    public var label: String {
        switch self {
        case .char(" "): "Space"
        case .char(let c): String(c)
        case .ctrl(let c): "Ctrl-" + String(c).uppercased()
        case .alt(let c): "Alt-" + String(c)
        case .altEnter: "Alt-Enter"
        case .enter: "Enter"
        case .tab: "Tab"
        case .backTab: "Shift-Tab"
        case .backspace: "Backspace"
        case .delete: "Delete"
        case .escape: "Esc"
        case .up: "Up"
        case .down: "Down"
        case .left: "Left"
        case .right: "Right"
        case .home: "Home"
        case .end: "End"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .function(let n): "F\(n)"
        case .wheelUp: "Wheel-Up"
        case .wheelDown: "Wheel-Down"
        }
    }

    /// Text this key types, if it is a printable character.
    public var typedText: String? {
        if case .char(let c) = self { return String(c) }
        return nil
    }
}

/// What the terminal reports: keys (in arrival order, batched), a bracketed paste, a click, or a new size.
public enum TerminalEvent: Sendable, Equatable {
    case keys([Key])
    case paste(String)
    case resize(Size)
    case mouse(MouseEvent)
}

/// A mouse button pressed at a cell (0-based column and row). The wheel comes as keys (`wheelUp`/`wheelDown`).
public struct MouseEvent: Sendable, Equatable {
    public enum Button: Sendable, Equatable {
        case left
    }

    public var button: Button
    public var x: Int
    public var y: Int

    public init(_ button: Button = .left, x: Int, y: Int) {
        self.button = button
        self.x = x
        self.y = y
    }
}
