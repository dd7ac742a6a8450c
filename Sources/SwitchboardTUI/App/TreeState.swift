import Foundation
import SwitchboardCore

/// The conversation as a tree, as the store last returned it, and how the transcript on screen maps onto it. The
/// transcript shows one path (the head's); the tree knows the siblings of each message on it: edited prompts,
/// regenerated and compared replies. The store is the tree's truth: after each turn it is read back.
public struct TreeState: Equatable, Sendable {
    /// The session's messages and head.
    public var tree = ConversationTree(messages: [])
    /// The session as last read (the tree is `loaded.tree`); nil until one was read. Kept whole so a path shown
    /// from memory carries everything else the store said about the session.
    public var loaded: LoadedSession?
    /// Stored message behind each transcript entry on the path.
    public var messageOfEntry: [Int: MessageID] = [:]
    /// The session and its last transcript entry when the tree was last read (or failed to be): a later entry
    /// means a turn happened since, and the tree is read again.
    public var synced: Sync?
    /// Where each message's branch was last left: the end of the last path shown through it (this run). Going
    /// back to a version shows that path again; a version not shown yet continues at its most recent message.
    public var lastLeaf: [MessageID: MessageID] = [:]
    /// A read of the tree is under way.
    public var loading = false
    /// The prompt being edited in the message box: sending it stores a sibling of it.
    public var editing: EditTarget?
    /// The `/tree` window's selected row.
    public var selection = 0
    /// The `/tree` window's first row shown.
    public var scroll = 0

    public init() {}

    public struct Sync: Equatable, Sendable {
        public var session: String
        public var lastEntry: Int?
    }

    /// The prompt being edited: the stored message it is a new version of (and the entry that showed it then).
    public struct EditTarget: Equatable, Sendable {
        public var entryID: Int
        public var message: MessageID
    }

    /// The stored session the tree is of.
    public var session: StoredSession? { loaded?.session }

    /// True when the tree is of `reference` (the session on screen).
    func isOf(_ reference: String?) -> Bool {
        reference != nil && session?.reference == reference
    }

    /// The entry on screen that shows `message`.
    func entry(showing message: MessageID) -> Int? {
        messageOfEntry.first { $0.value == message }?.key
    }
}

/// Where a message stands among its siblings, shown as `‹ 2/3 ›` beside it.
public struct BranchMark: Equatable, Sendable {
    /// 1-based.
    public var position: Int
    public var count: Int

    public var label: String { "‹ \(position)/\(count) ›" }
}
