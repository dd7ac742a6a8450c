import Foundation

/// A list's window between frames (ratatui's `ListState` offset). The selection stays in the app state, since
/// choosing reads it, and `update` clamps it by the number of entries alone; the list keeps which rows show and
/// how many fit, and moves the window when it draws so the selection is on screen.
public struct ListViewState: Equatable, Sendable {
    /// First entry shown.
    public internal(set) var offset = 0
    /// Entries the list showed when it was last drawn: how far a page move goes (1 before the first frame).
    public internal(set) var page = 1

    public init() {}

    /// Settles the window for a list showing `rows` entries with `selection` selected; returns the first entry to
    /// draw.
    mutating func show(selection: Int, rows: Int) -> Int {
        page = max(1, rows)
        if selection < offset { offset = max(0, selection) }
        if selection >= offset + page { offset = selection - page + 1 }
        return offset
    }
}
