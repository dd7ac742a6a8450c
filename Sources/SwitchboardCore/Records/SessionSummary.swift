/// One line of `history list`.
public struct SessionSummary: Sendable, Hashable {
    public var session: StoredSession
    public var messageCount: Int
    /// Models that replied, in order of first use.
    public var models: [String]
    /// Every attempt's cost, failed ones included.
    public var cost: CostTotal

    public init(session: StoredSession, messageCount: Int, models: [String], cost: CostTotal) {
        self.session = session
        self.messageCount = messageCount
        self.models = models
        self.cost = cost
    }
}
