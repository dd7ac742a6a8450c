import Foundation
import SwitchboardCore

/// The history browser: sessions from the store, a search, a selection.
public struct HistoryState: Equatable, Sendable {
    public enum Mode: Equatable, Sendable {
        /// Letters are commands (r, d, e, /); any other letter starts a search.
        case list
        /// Letters edit the search text.
        case search
    }

    public var sessions: [SessionSummary] = []
    public var query = ""
    public var mode = Mode.list
    /// Clamped to the sessions; the list's window keeps it on screen when it draws.
    public var selection = 0
    public var loading = false
    /// Bumped per request, so a slow answer to an older search cannot replace a newer one.
    public var generation = 0

    public init() {}

    public var selected: SessionSummary? {
        sessions.indices.contains(selection) ? sessions[selection] : nil
    }

    public mutating func move(by delta: Int) {
        guard !sessions.isEmpty else { return }
        selection = min(max(0, selection + delta), sessions.count - 1)
    }
}
