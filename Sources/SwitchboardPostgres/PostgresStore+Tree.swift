import Foundation
import PostgresNIO
import SwitchboardCore

/// Branches and route decisions. The head is `sessions.head_message_id`: the message the conversation continues
/// from when it is not the latest one; the next message that follows it clears it again.
extension PostgresStore {
    public func branchPrompt(session: UUID, turn: UUID, message: ChatMessage, siblingOf sibling: MessageID) async throws {
        let now = Date()
        let parts = try StoredParts.encode(StoredMessage.storedParts(of: message))
        try await writing("store the edited prompt") { connection in
            let parent = try await self.parent(of: sibling, session: session, connection)
            let id = try await self.insertMessage(connection, session: session, turn: turn, role: message.role,
                                                  status: .complete, text: message.text, parent: parent,
                                                  requestedModel: nil, at: now, parts: parts, parentIsExplicit: true)
            try await self.choose(id, connection)
        }
    }

    public func moveHead(session: UUID, to message: MessageID) async throws {
        try await writing("move the head") { connection in
            _ = try await self.parent(of: message, session: session, connection)  // it must be this session's
            try await self.choose(message, connection)
        }
    }

    /// The head moves to the prompt and `columns_after` to the session's latest message: the replies opened from
    /// now on are the columns, the prompt's older replies stay versions.
    public func openColumns(session: UUID, answering prompt: MessageID) async throws {
        try await writing("open columns") { connection in
            _ = try await self.parent(of: prompt, session: session, connection)  // it must be this session's
            try await self.choose(prompt, connection)
            try await connection.query("""
                UPDATE sessions SET columns_after = (SELECT max(id) FROM messages WHERE session_id = \(session))
                WHERE id = \(session)
                """, logger: self.logger)
        }
    }

    public func recordRoute(turn: UUID, decision: RouteDecision) async throws {
        let json = try decision.storedJSON()
        try await writing("store the route decision") { connection in
            try await self.claimTurn(turn, session: nil, connection)
            try await connection.query("UPDATE turns SET route = \(json) WHERE id = \(turn)", logger: self.logger)
        }
    }

    public func routeExplanation(turn: UUID) async throws -> RouteExplanation? {
        let json = try await query("SELECT route FROM turns WHERE id = \(turn)", doing: "read the route decision")
            .collect().first?.decode(String?.self) ?? nil
        return try json.map { try RouteExplanation(json: $0) }
    }

    /// The parent of `message` (nil for a first message); throws when the message is not in `session`.
    func parent(of message: MessageID, session: UUID, _ connection: PostgresConnection) async throws -> MessageID? {
        guard try await first("SELECT 1 FROM sessions WHERE id = \(session)", connection) != nil else {
            throw SessionStoreError.sessionNotFound(reference: session.uuidString.lowercased(), suggestions: [])
        }
        guard let row = try await first("""
            SELECT parent_id FROM messages WHERE id = \(message.rawValue) AND session_id = \(session)
            """, connection) else { throw SessionStoreError.messageNotFound(id: message.rawValue) }
        return try row[0].decode(Int64?.self).map(MessageID.init(rawValue:))
    }
}
