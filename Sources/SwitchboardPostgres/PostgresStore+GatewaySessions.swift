import Foundation
import PostgresNIO
import SwitchboardCore

extension PostgresStore: GatewaySessions {
    /// Claiming and creating happen in one transaction: `INSERT … ON CONFLICT DO NOTHING` on the natural key lets
    /// exactly one instance claim a new conversation (the others wait on the row's lock until it commits, then see
    /// the conflict), and the loser reads the winner's session in the same transaction. The session row follows
    /// its claim; the reference is checked at commit.
    public func gatewaySession(key: Int64?, conversation: GatewayConversation, new: NewSession,
                               title: String?) async throws -> GatewaySessionMatch {
        let now = PostgresValues.millis(Date())
        let (scope, name) = Self.parts(conversation)
        let keyID = key ?? 0
        let shownTitle = (title ?? SessionTitle.from(prompt: new.firstPrompt)).replacingOccurrences(of: "\u{0}", with: " ")
        let system = new.systemPrompt?.replacingOccurrences(of: "\u{0}", with: " ")
        let conversationText = name.replacingOccurrences(of: "\u{0}", with: " ")
        return try await evenIfCancelled { [self] in
            try await transaction(doing: "find the session of a gateway conversation") { connection in
                func insertSession() async throws {
                    try await connection.query("""
                        INSERT INTO sessions (id, title, created_at, updated_at, system_prompt, model, tag, role)
                        VALUES (\(new.id), \(shownTitle), \(now), \(now), \(system), \(new.model), \(new.task), \(new.role))
                        """, logger: logger)
                }
                var claimed = false
                for try await _ in try await connection.query("""
                    INSERT INTO gateway_sessions (key_id, scope, conversation, session_uuid, created_at)
                    VALUES (\(keyID), \(scope), \(conversationText), \(new.id), \(now))
                    ON CONFLICT DO NOTHING RETURNING key_id
                    """, logger: logger) {
                    claimed = true
                }
                if claimed {
                    try await insertSession()
                    return GatewaySessionMatch(session: new.id, created: true)
                }
                for try await id in try await connection.query("""
                    SELECT s.id FROM gateway_sessions g JOIN sessions s ON s.id = g.session_uuid
                    WHERE g.key_id = \(keyID) AND g.scope = \(scope) AND g.conversation = \(conversationText)
                    """, logger: logger).decode(UUID.self) {
                    return GatewaySessionMatch(session: id, created: false)
                }
                // The session it named is gone: the conversation starts a new one.
                try await connection.query("""
                    UPDATE gateway_sessions SET session_uuid = \(new.id), created_at = \(now)
                    WHERE key_id = \(keyID) AND scope = \(scope) AND conversation = \(conversationText)
                    """, logger: logger)
                try await insertSession()
                return GatewaySessionMatch(session: new.id, created: true)
            }
        }
    }

    private static func parts(_ conversation: GatewayConversation) -> (scope: String, name: String) {
        switch conversation {
        case .named(let name): ("conversation", name)
        case .day(let day): ("day", day)
        }
    }
}
