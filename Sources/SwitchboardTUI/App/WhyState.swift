import Foundation
import SwitchboardCore

/// The "why" window: the route decision behind one reply, and what happened when it ran.
public struct WhyState: Equatable, Sendable {
    /// The reply explained (a transcript entry id, or a comparison column's).
    public var entryID: Int
    public var turnID: UUID
    /// The store was asked and had no decision for the turn.
    public var missing = false
    public var scroll = 0

    public init(entryID: Int, turnID: UUID) {
        self.entryID = entryID
        self.turnID = turnID
    }
}
