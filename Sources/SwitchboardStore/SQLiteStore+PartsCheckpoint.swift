import Foundation
import GRDB
import SwitchboardCore

/// Checkpoints that carry the reply's thinking beside its text, in the `parts` column the final save writes too.
extension SQLiteStore: ReplyPartsCheckpointing {
    public func checkpointReply(turn: UUID, text: String, parts: [ContentPart]?) async throws {
        let now = Date()
        let encoded = try StoredParts.encode(parts)
        do {
            try await connections.write { db in try Self.checkpoint(turn: turn, text: text, encodedParts: encoded, at: now, db) }
        } catch {
            throw writeFailure(error)
        }
    }

    static func checkpoint(turn: UUID, text: String, encodedParts: String?, at now: Date, _ db: Database) throws {
        let reply = try requireReply(turn, db)
        try checkpoint(reply, text: text, at: now, db)
        try db.executeCached("UPDATE messages SET parts = ? WHERE id = ?", [encodedParts, reply.rawValue])
    }
}
