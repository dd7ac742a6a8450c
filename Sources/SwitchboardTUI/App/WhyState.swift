import Foundation
import SwitchboardCore

/// The "why" window: the route decision behind one reply, and what happened when it ran.
public struct WhyState: Equatable, Sendable {
    /// The reply explained (a transcript entry id, or a comparison column's).
    public var entryID: Int
    public var turnID: UUID
    /// The store was asked and had no decision for the turn.
    public var missing = false
    /// First line shown, settled by the window when it draws (it alone knows how many lines the text wraps to).
    public internal(set) var top = 0
    /// Scroll moves asked for since the window last drew, in order.
    public private(set) var pending: [ScrollMove] = []

    public init(entryID: Int, turnID: UUID) {
        self.entryID = entryID
        self.turnID = turnID
    }

    /// Asks the window to scroll; it does when it draws.
    public mutating func scroll(_ move: ScrollMove) { pending.append(move) }

    /// Carries out the pending moves for `lineCount` lines shown `height` at a time, each stopping at the first
    /// and at the last line; a page is the height less two lines.
    mutating func settle(lineCount: Int, height: Int) {
        let bottom = max(0, lineCount - height)
        let page = max(1, height - 2)
        for move in pending {
            switch move {
            case .lines(let delta): top += delta
            case .pages(let count): top += count * page
            case .top: top = 0
            case .reveal: break
            }
            top = min(max(0, top), bottom)
        }
        pending.removeAll()
        // A resize or a longer text since the last frame.
        top = min(max(0, top), bottom)
    }
}
