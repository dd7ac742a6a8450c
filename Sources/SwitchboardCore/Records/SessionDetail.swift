import Foundation

/// A session with every message and the attempts behind each reply: what `history show` prints.
public struct SessionDetail: Sendable, Hashable {
    public struct Entry: Sendable, Hashable {
        public var message: StoredMessage
        /// The engine's tries for this message's turn, in order; empty for most user messages.
        public var attempts: [AttemptRecord]
        /// The router's decision for this message's turn (JSON), on the message that owns the attempts.
        public var route: String?

        public init(message: StoredMessage, attempts: [AttemptRecord], route: String? = nil) {
            self.message = message
            self.attempts = attempts
            self.route = route
        }
    }

    public var session: StoredSession
    public var entries: [Entry]
    /// The message the conversation continues from when it is not simply the latest one (a picked answer, a
    /// branch moved to); nil otherwise.
    public var head: MessageID?
    /// Summaries of older turns (`/compact`), oldest first; each stands for its branch up to `throughTurn`.
    public var compactions: [SessionCompaction] = []
    /// When the answers awaiting a pick are not every reply to the last prompt (`/regen` with several models): the
    /// replies to it after this message are the columns, older ones earlier versions. Nil otherwise.
    public var columnsAfter: MessageID?

    public init(session: StoredSession, entries: [Entry], head: MessageID? = nil) {
        self.session = session
        self.entries = entries
        self.head = head
    }

    /// The messages as a tree, with the head.
    public var tree: ConversationTree { ConversationTree(messages: entries.map(\.message), head: head) }
}
