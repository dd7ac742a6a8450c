import Foundation

/// A session read back for resuming: the conversation along the picked answers, and the answers to its last
/// prompt that were compared side by side and not picked yet.
public struct LoadedSession: Sendable, Hashable {
    public var session: StoredSession
    public var messages: [StoredMessage]
    public var comparison: [StoredMessage]
    /// Every message of the session with its head, branches included (empty from stores that keep no tree).
    public var tree: ConversationTree
    /// The latest summary of older turns on this branch (`/compact`): sent in their place when the session goes on.
    public var compaction: SessionCompaction?

    public init(session: StoredSession, messages: [StoredMessage], comparison: [StoredMessage] = [],
                tree: ConversationTree = ConversationTree(messages: [])) {
        self.session = session
        self.messages = messages
        self.comparison = comparison
        self.tree = tree
    }

    public var id: String { session.reference }
    public var title: String {
        get { session.title }
        set { session.title = newValue }
    }
    /// The model the session last used.
    public var model: String? {
        get { session.model }
        set { session.model = newValue }
    }
    /// The session's task tag.
    public var task: String? { session.tag }
}
