import Foundation

/// One message found by `search`, with a snippet around the matching words.
public struct SearchHit: Sendable, Hashable {
    /// A piece of the snippet; `highlighted` pieces are the words that matched.
    public struct Run: Sendable, Hashable {
        public var text: String
        public var highlighted: Bool

        public init(text: String, highlighted: Bool) {
            self.text = text
            self.highlighted = highlighted
        }
    }

    public var sessionID: UUID
    public var sessionTitle: String
    public var messageID: MessageID
    public var role: Role
    public var model: String?
    public var createdAt: Date
    public var snippet: [Run]
    /// bm25: lower is better.
    public var rank: Double

    public init(sessionID: UUID, sessionTitle: String, messageID: MessageID, role: Role, model: String?,
                createdAt: Date, snippet: [Run], rank: Double) {
        self.sessionID = sessionID
        self.sessionTitle = sessionTitle
        self.messageID = messageID
        self.role = role
        self.model = model
        self.createdAt = createdAt
        self.snippet = snippet
        self.rank = rank
    }

    /// The snippet with matches wrapped in `open` and `close` (e.g. `**`, or terminal bold).
    public func markedSnippet(open: String, close: String) -> String {
        snippet.map { $0.highlighted ? open + $0.text + close : $0.text }.joined()
    }
}
