import Foundation

/// A pane or overlay: a value built from the slice of state it shows, drawn only inside the rectangle it is
/// handed. (ratatui's `Widget`.)
protocol Widget {
    func render(in area: Rect, into buffer: inout ScreenBuffer)
}

/// A widget that keeps something between frames (a memo of laid-out lines, where its scroll landed) in a state
/// value it is handed, the way ratatui's `StatefulWidget` is handed its `ListState`.
protocol StatefulWidget {
    associatedtype State
    func render(in area: Rect, into buffer: inout ScreenBuffer, state: inout State)
}
