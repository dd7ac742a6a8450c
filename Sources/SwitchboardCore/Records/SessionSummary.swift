import Foundation

/// One session in a list: `history list`, the workbench's history browser and its search results.
public struct SessionSummary: Sendable, Hashable, Identifiable {
    public var session: StoredSession
    public var messageCount: Int
    /// Models that replied, in order of first use.
    public var models: [String]
    /// Every attempt's cost, failed ones included.
    public var cost: CostTotal
    /// A search hit's context with the matching words marked, when the row came from a search.
    public var snippet: String?

    public init(session: StoredSession, messageCount: Int, models: [String], cost: CostTotal, snippet: String? = nil) {
        self.session = session
        self.messageCount = messageCount
        self.models = models
        self.cost = cost
        self.snippet = snippet
    }

    /// The session's id as the workbench and the command line name it (lowercase).
    public var id: String { session.reference }

    public var title: String {
        get { session.title }
        set { session.title = newValue }
    }

    public var updatedAt: Date { session.updatedAt }
}
