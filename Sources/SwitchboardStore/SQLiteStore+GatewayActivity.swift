import Foundation
import GRDB
import SwitchboardCore

/// The workbench's Gateway section, read from the database `serve` writes to. Each query starts from an index
/// that holds today's rows or the few in flight, so a poll costs little however long the history is.
extension SQLiteStore: GatewayActivityReading {
    /// SQLite's `PRAGMA data_version` on the writing connection: it changes when another connection (another
    /// process) commits, not for this store's own writes, and reads no table.
    public func externalChangeCounter() async throws -> Int64? {
        guard let writer = connections.databaseWriter else { return nil }
        return try await writer.read { db in try Int64.fetchOne(db, sql: "PRAGMA data_version") }
    }

    public func gatewayActivity(now: Date, calendar: Calendar) async throws -> GatewayActivity {
        let dayStart = StoredTime.millis(calendar.startOfDay(for: now))
        return try await connections.read { db in
            var live: [Int64: Int] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT t.gateway_key_id, COUNT(DISTINCT a.turn_id) FROM attempts a JOIN turns t ON t.id = a.turn_id
                WHERE a.outcome = 'in_flight' AND t.gateway_key_id IS NOT NULL GROUP BY t.gateway_key_id
                """) {
                live[try row.decode(atIndex: 0)] = try row.decode(atIndex: 1)
            }
            var active = Set(live.keys)
            active.formUnion(try Int64.fetchAll(db, sql: """
                SELECT DISTINCT t.gateway_key_id FROM attempts a JOIN turns t ON t.id = a.turn_id
                WHERE a.started_at >= ? AND t.gateway_key_id IS NOT NULL
                """, arguments: [dayStart]))
            var keys: [GatewayActivity.Key] = []
            for id in active {
                guard let name = try String.fetchOne(db, sql: "SELECT name FROM gateway_keys WHERE id = ?", arguments: [id]) else { continue }
                let spend = try Self.keySpend(db, key: id, now: now, calendar: calendar)
                keys.append(GatewayActivity.Key(name: name, inFlight: live[id] ?? 0, spentToday: spend.today))
            }
            keys.sort { $0.name < $1.name }
            return GatewayActivity(keys: keys, lastError: try Self.lastGatewayError(db, since: dayStart))
        }
    }

    /// The failed attempt of a keyed request that ended last today.
    static func lastGatewayError(_ db: Database, since dayStart: Int64) throws -> GatewayActivity.Failure? {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT a.started_at + a.duration_ms, k.name, a.provider, a.outcome, a.error_message
            FROM attempts a JOIN turns t ON t.id = a.turn_id JOIN gateway_keys k ON k.id = t.gateway_key_id
            WHERE a.started_at >= ? AND a.outcome NOT IN ('success', 'cancelled', 'in_flight', 'interrupted')
            ORDER BY a.started_at + a.duration_ms DESC, a.id DESC LIMIT 1
            """, arguments: [dayStart]) else { return nil }
        return GatewayActivity.Failure(at: StoredTime.date(try row.decode(atIndex: 0)), key: try row.decode(atIndex: 1),
                                       provider: try row.decode(atIndex: 2), kind: try row.decode(atIndex: 3),
                                       message: try row.optional(atIndex: 4))
    }
}
