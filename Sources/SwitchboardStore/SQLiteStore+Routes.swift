import Foundation
import GRDB

extension SQLiteStore {
    /// Stores the route decision of `turn` (JSON from `RouteDecision`), creating the turn if nothing else has.
    public func recordRoute(turn: UUID, json: String) throws {
        try connections.write { db in try Self.storeRoute(turn: turn, json: json, db) }
    }

    static func storeRoute(turn: UUID, json: String, _ db: Database) throws {
        let key = try turnKey(turn, session: nil, db)
        try db.executeCached("UPDATE turns SET route = ? WHERE id = ?", [json, key])
    }

    /// The stored route decision of `turn`, if one was recorded.
    public func route(turn: UUID) throws -> String? {
        try connections.read { db in
            try String.fetchOne(db, sql: "SELECT route FROM turns WHERE uuid = ?", arguments: [turn])
        }
    }
}
