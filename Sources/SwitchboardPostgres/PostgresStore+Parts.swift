import Foundation
import PostgresNIO
import SwitchboardCore

/// Checkpoints that carry the reply's thinking beside its text, in the `parts` column the final save writes too.
extension PostgresStore: ReplyPartsCheckpointing {
    public func checkpointReply(turn: UUID, text: String, parts: [ContentPart]?) async throws {
        let now = Self.millis(Date())
        let (searchable, exact) = Self.storedText(text)
        let encoded = try StoredParts.encode(parts)
        try await writing("checkpoint the reply") { connection in
            let reply = try await self.requireReply(turn, connection)
            try await connection.query("""
                UPDATE messages SET text = \(searchable), text_exact = \(exact), updated_at = \(now), parts = \(encoded)
                WHERE id = \(reply)
                """, logger: self.logger)
        }
    }
}
