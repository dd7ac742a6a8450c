import Foundation
import GRDB
import SwitchboardCore

extension SQLiteStore: GatewaySessions {
    /// Looking up and creating happen in one write transaction (GRDB begins it IMMEDIATE: SQLite's write lock
    /// orders two processes), never as a read and then a write, which two processes would both pass: a second
    /// process's lookup waits for the first one's commit, and finds the session it created.
    public func gatewaySession(key: Int64?, conversation: GatewayConversation, new: NewSession,
                               title: String?) async throws -> GatewaySessionMatch {
        let now = Date()
        do {
            return try await connections.write { db in
                try Self.placeGatewaySession(key: key, conversation: conversation, new: new, title: title, at: now, db)
            }
        } catch {
            throw writeFailure(error)
        }
    }

    /// Placement and the turn's begin in one transaction: a failure in either leaves neither (not even a session
    /// this request would have created).
    public func gatewaySession(key: Int64?, conversation: GatewayConversation, new: NewSession, title: String?,
                               beginning opening: TurnOpening) async throws -> GatewaySessionMatch {
        let now = Date()
        do {
            return try await connections.write { db in
                let match = try Self.placeGatewaySession(key: key, conversation: conversation, new: new, title: title,
                                                         at: now, db)
                var opening = opening
                opening.session = match.session
                try Self.begin(opening, at: now, db)
                return match
            }
        } catch {
            throw writeFailure(error)
        }
    }

    static func placeGatewaySession(key: Int64?, conversation: GatewayConversation, new: NewSession, title: String?,
                                    at now: Date, _ db: Database) throws -> GatewaySessionMatch {
        try placeGatewaySessionRow(key: key, conversation: conversation, new: new, title: title, at: now, db).match
    }

    /// The placement, and the session's row (for a caller that goes on to write in it).
    static func placeGatewaySessionRow(key: Int64?, conversation: GatewayConversation, new: NewSession, title: String?,
                                       at now: Date, _ db: Database) throws -> (match: GatewaySessionMatch, row: Int64) {
        let (scope, name) = Self.parts(conversation)
        let keyID = key ?? 0
        // A conversation's later turns: one read. This runs in the write transaction, so nobody places it meanwhile.
        let mapped = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT g.session_uuid, s.id FROM gateway_sessions g JOIN sessions s ON s.uuid = g.session_uuid
            WHERE g.key_id = ? AND g.scope = ? AND g.conversation = CAST(? AS TEXT)
            """), arguments: [keyID, scope, ExactText.bind(name)])
        if let mapped, let id = UUID(uuidString: try mapped.decode(atIndex: 0)) {
            return (GatewaySessionMatch(session: id, created: false), try mapped.decode(atIndex: 1))
        }
        // New, or the session it named is gone (deleted with foreign keys off): the conversation starts a new one.
        let session = StoredSession(id: new.id, title: title ?? SessionTitle.from(prompt: new.firstPrompt), createdAt: now,
                                    updatedAt: now, systemPrompt: new.systemPrompt, model: new.model, tag: new.task,
                                    role: new.role)
        try db.executeCached("""
            INSERT INTO gateway_sessions (key_id, scope, conversation, session_uuid, created_at)
            VALUES (?, ?, CAST(? AS TEXT), ?, ?)
            ON CONFLICT (key_id, scope, conversation) DO UPDATE SET session_uuid = excluded.session_uuid, created_at = excluded.created_at
            """, [keyID, scope, ExactText.bind(name), Self.text(session.id), StoredTime.millis(now)])
        try Self.insert(session, db)
        return (GatewaySessionMatch(session: session.id, created: true), db.lastInsertedRowID)
    }

    private static func parts(_ conversation: GatewayConversation) -> (scope: String, name: String) {
        switch conversation {
        case .named(let name): ("conversation", name)
        case .day(let day): ("day", day)
        }
    }
}
