import Foundation

/// What importing an archive did.
public struct ImportedSession: Sendable, Hashable {
    /// The id the session is stored under.
    public var sessionID: UUID
    /// False when the file's id (or one of its turn ids) was already taken here: the session was stored as a
    /// copy under new ids, without its attempts, so its spend is not counted twice.
    public var keptID: Bool
    public var messageCount: Int
    /// Attempts added to the ledger.
    public var attemptCount: Int

    public init(sessionID: UUID, keptID: Bool, messageCount: Int, attemptCount: Int) {
        self.sessionID = sessionID
        self.keptID = keptID
        self.messageCount = messageCount
        self.attemptCount = attemptCount
    }
}
