import Foundation
import GRDB
import SwitchboardCore

/// Checkpoints that carry the reply's thinking beside its text, in the `parts` column the final save writes too.
extension SQLiteStore: ReplyPartsCheckpointing {
    public func checkpointReply(turn: UUID, text: String, parts: [ContentPart]?) async throws {
        let now = Date()
        let encoded = try StoredParts.encode(parts)
        do {
            try await connections.write { db in
                let reply = try Self.requireReply(turn, db)
                try Self.checkpoint(reply, text: text, at: now, db)
                try db.executeCached("UPDATE messages SET parts = ? WHERE id = ?", [encoded, reply.rawValue])
            }
        } catch {
            throw writeFailure(error)
        }
    }
}
