import Foundation
import GRDB
import SwitchboardCore

/// Branches: an edited prompt stored beside the one it replaces, and the head moved to another branch. The head is
/// `sessions.head_message_id` (migration "v5 chosen replies"): the message the conversation continues from when it
/// is not the latest one. The next message that follows the head clears it again, since it is then the latest.
extension SQLiteStore {
    public func branchPrompt(session: UUID, turn: UUID, message: ChatMessage, siblingOf sibling: MessageID) async throws {
        let now = Date()
        let parts = StoredMessage.storedParts(of: message)
        try await branchWrite { db in
            let parent = try Self.parent(of: sibling, session: session, db)
            let id = try Self.insertMessage(db, session: session, turn: turn, role: message.role, status: .complete,
                                            text: message.text, parent: parent, requestedModel: nil, at: now,
                                            parts: parts, parentIsExplicit: true)
            try Self.choose(id, db)
        }
    }

    public func moveHead(session: UUID, to message: MessageID) async throws {
        try await branchWrite { db in
            _ = try Self.parent(of: message, session: session, db)  // it must be this session's
            try Self.choose(message, db)
        }
    }

    /// The head moves to the prompt and `columns_after` to the session's latest message: the replies opened from now
    /// on are the columns, the prompt's older replies stay versions (migration "v12 regenerated columns").
    public func openColumns(session: UUID, answering prompt: MessageID) async throws {
        try await branchWrite { db in
            _ = try Self.parent(of: prompt, session: session, db)  // it must be this session's
            try Self.choose(prompt, db)
            try db.execute(sql: """
                UPDATE sessions SET columns_after = (SELECT max(id) FROM messages WHERE session_id = sessions.id)
                WHERE uuid = ?
                """, arguments: [Self.text(session)])
        }
    }

    /// The message after which replies to the last prompt are compared columns; nil when all of them are.
    static func columnsAfter(_ db: Database, session: UUID) throws -> MessageID? {
        try Int64.fetchOne(db, sql: "SELECT columns_after FROM sessions WHERE uuid = ?", arguments: [text(session)])
            .map(MessageID.init(rawValue:))
    }

    /// The compared answers awaiting a pick: the replies to the prompt `tree`'s latest reply answers, when nothing
    /// was picked (no head) and there are several; only those after `columnsAfter` when it is set. Empty otherwise.
    static func pendingColumns(_ tree: ConversationTree, after columnsAfter: MessageID?) -> [StoredMessage] {
        tree.pendingColumns(after: columnsAfter)
    }

    /// The parent of `message` (nil for a first message); throws when the message is not in `session`.
    static func parent(of message: MessageID, session: UUID, _ db: Database) throws -> MessageID? {
        let key = try sessionKey(session, db)
        guard let row = try Row.fetchOne(db, sql: "SELECT parent_id FROM messages WHERE id = ? AND session_id = ?",
                                         arguments: [message.rawValue, key]) else {
            throw StoreError.messageNotFound(id: message.rawValue)
        }
        let parent: Int64? = try row.decode(atIndex: 0)
        return parent.map(MessageID.init(rawValue:))
    }

    /// The whole tree and its head, read in one snapshot with the rest of a session.
    static func fetchTree(_ db: Database, session: UUID) throws -> ConversationTree {
        ConversationTree(messages: try fetchMessages(db, session: session),
                         head: try headMessage(db, session: session).map(MessageID.init(rawValue:)))
    }

    private func branchWrite(_ body: @escaping @Sendable (Database) throws -> Void) async throws {
        do {
            try await connections.write(body)
        } catch {
            throw writeFailure(error)
        }
    }
}
