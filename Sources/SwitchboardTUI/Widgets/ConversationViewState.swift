import Foundation

/// A scroll the keys ask of the conversation pane. `update` records it; the pane carries it out when it next
/// draws, since only the pane knows how tall the laid-out entries are at its width.
public enum ScrollMove: Equatable, Sendable {
    /// Lines down (negative: up).
    case lines(Int)
    /// Pages down (negative: up); a page is the visible height less one line.
    case pages(Int)
    /// The start of the conversation (or of the compared answers).
    case top
    /// Entry number `entry` from its first line (where `p`/`n` land).
    case reveal(entry: Int)
}

/// The conversation pane's own state between frames (ratatui's `ListState` for the transcript): the memo of
/// wrapped lines, where its scroll stands, and the moves asked for since the last frame. Only the pane's render
/// resolves moves, so `update` never measures text.
public struct ConversationViewState {
    /// Memo of wrapped transcript lines. A cache: the same entries and width always give the same lines.
    public let layout: TranscriptLayout
    /// Nil follows the end of the conversation; otherwise its first visible line.
    public internal(set) var anchor: ScrollAnchor?
    /// First line shown in every compared column; nil follows each column's end.
    public internal(set) var compareTop: Int?
    /// Moves for the conversation not yet drawn, in the order asked.
    public private(set) var pending: [ScrollMove] = []
    /// Moves for the compared columns not yet drawn.
    public private(set) var comparePending: [ScrollMove] = []
    /// The transcript entry id drawn on each row of the pane at the last frame, top first: where a click lands.
    public internal(set) var shownEntries: [Int] = []
    /// The text area the anchor was last settled for: at a new size it is settled again.
    var settledSize: Size?
    /// The comparison `compareTop` belongs to (its first column's id).
    var comparisonKey: Int?

    init(theme: Theme) {
        layout = TranscriptLayout(theme: theme)
    }

    /// Asks the conversation to move; the pane does it when it draws.
    public mutating func scroll(_ move: ScrollMove) { pending.append(move) }

    /// Asks the compared columns to move together.
    public mutating func scrollComparison(_ move: ScrollMove) { comparePending.append(move) }

    /// The compared columns follow their ends again (End while they show).
    public mutating func followComparison() {
        compareTop = nil
        comparePending.removeAll()
    }

    /// Back to following the end, everywhere: what End, sending and opening a session do.
    public mutating func follow() {
        anchor = nil
        compareTop = nil
        pending.removeAll()
        comparePending.removeAll()
    }

    /// Carries out the pending moves against `entries` shown `size` big (and settles the anchor after a resize).
    mutating func settle(_ entries: [TranscriptEntry], size: Size) {
        let (width, height) = (size.width, size.height)
        if settledSize != size, let anchor {
            self.anchor = layout.move(anchor, by: 0, entries, width: width, height: height)
        }
        settledSize = size
        for move in pending {
            switch move {
            case .lines(let delta):
                anchor = layout.move(anchor, by: delta, entries, width: width, height: height)
            case .pages(let count):
                anchor = layout.move(anchor, by: count * max(1, height - 1), entries, width: width, height: height)
            case .top:
                let start = ScrollAnchor(entry: 0, line: 0)
                anchor = entries.isEmpty || layout.atBottom(start, entries, width: width, height: height) ? nil : start
            case .reveal(let entry):
                guard entries.indices.contains(entry) else { continue }
                anchor = layout.move(ScrollAnchor(entry: entry, line: 0), by: 0, entries, width: width, height: height)
            }
        }
        pending.removeAll()
    }

    /// Carries out the pending column moves: `height` rows for the columns, `longest` measures the tallest (only
    /// asked when there is a move to make).
    mutating func settleComparison(key: Int?, height: Int, longest: () -> Int) {
        if key != comparisonKey {
            comparisonKey = key
            compareTop = nil
        }
        guard !comparePending.isEmpty else { return }
        let bottom = max(0, longest() - height)
        let page = max(1, height - 1)
        for move in comparePending {
            let top = compareTop ?? bottom
            let moved: Int
            switch move {
            case .lines(let delta): moved = top + delta
            case .pages(let count): moved = top + count * page
            case .top: moved = 0
            case .reveal: moved = top
            }
            compareTop = moved >= bottom ? nil : max(0, moved)
        }
        comparePending.removeAll()
    }
}
