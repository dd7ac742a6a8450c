import Foundation

/// A session read back for resuming: the conversation along the picked answers, and the answers to its last
/// prompt that were compared side by side and not picked yet.
public struct LoadedSession: Sendable, Hashable {
    public var session: StoredSession
    public var messages: [StoredMessage]
    public var comparison: [StoredMessage]

    public init(session: StoredSession, messages: [StoredMessage], comparison: [StoredMessage] = []) {
        self.session = session
        self.messages = messages
        self.comparison = comparison
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
