import Foundation
import GRDB
import SwitchboardCore

/// The SQLite store as the source of `switchboard db migrate`: what no archive carries, and its own counts.
extension SQLiteStore: HistoryCopySource {
    public func allSessionIDs() async throws -> [UUID] {
        try await connections.read { db in
            try String.fetchAll(db, sql: "SELECT uuid FROM sessions ORDER BY id").compactMap(UUID.init(uuidString:))
        }
    }

    public func turnExtras() async throws -> [TurnExtras] {
        try await connections.read { db in
            var tags: [Int64: [String]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT turn_id, tag FROM turn_tags ORDER BY turn_id, tag") {
                tags[row[0], default: []].append(row[1])
            }
            return try Row.fetchAll(db, sql: """
                SELECT id, uuid, route, gateway_key_id FROM turns
                WHERE route IS NOT NULL OR gateway_key_id IS NOT NULL OR id IN (SELECT turn_id FROM turn_tags)
                ORDER BY id
                """).map { row in
                let id: Int64 = row[0]
                return TurnExtras(turn: try row.decode(atIndex: 1), routeJSON: row[2], keyID: row[3], tags: tags[id] ?? [])
            }
        }
    }

    public func gatewaySessionEntries() async throws -> [GatewaySessionEntry] {
        try await connections.read { db in
            try Row.fetchAll(db, sql: """
                SELECT key_id, scope, conversation, session_uuid, created_at FROM gateway_sessions ORDER BY created_at, key_id
                """).compactMap { row in
                let scope: String = row[1]
                let name: String = row[2]
                guard let session = UUID(uuidString: row[3]) else { return nil }
                return GatewaySessionEntry(keyID: row[0], conversation: scope == "day" ? .day(name) : .named(name),
                                           session: session, createdAt: StoredTime.date(row[4]))
            }
        }
    }

    public func historyCounts() async throws -> HistoryCounts {
        let now = StoredTime.millis(Date().addingTimeInterval(-Self.reservationLifetime))
        return try await connections.read { db in
            func count(_ sql: String, _ arguments: StatementArguments = []) throws -> Int {
                try Int.fetchOne(db, sql: sql, arguments: arguments) ?? 0
            }
            let rows: [String: Int] = [
                "sessions": try count("SELECT count(*) FROM sessions"),
                "messages": try count("SELECT count(*) FROM messages"),
                "turns": try count("SELECT count(*) FROM turns"),
                "routes": try count("SELECT count(*) FROM turns WHERE route IS NOT NULL"),
                "compactions": try count("SELECT count(*) FROM compactions"),
                "attempts": try count("SELECT count(*) FROM attempts"),
                "gateway keys": try count("SELECT count(*) FROM gateway_keys"),
                "turn tags": try count("SELECT count(*) FROM turn_tags"),
                "gateway sessions": try count("SELECT count(*) FROM gateway_sessions"),
                "open budget holds": try count("SELECT count(*) FROM budget_reservations WHERE settled_at IS NULL AND created_at >= ?",
                                               [now]),
            ]
            // Summed as exact decimals here, never by SQLite (its sum is a float).
            var total = Money.zero
            var byKey: [String: Money] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT a.cost, k.name FROM attempts a JOIN turns t ON t.id = a.turn_id
                LEFT JOIN gateway_keys k ON k.id = t.gateway_key_id WHERE a.cost IS NOT NULL
                """) {
                guard let cost = try RowDecoding.money(row, 0) else { continue }
                total += cost
                if let name: String = row[1] { byKey[name, default: .zero] += cost }
            }
            return HistoryCounts(rows: rows, attemptCost: total, costByKey: byKey)
        }
    }
}
