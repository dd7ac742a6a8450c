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
            var lastError = try Self.lastGatewayError(db, since: dayStart)
            if let open = try Self.keylessActivity(db, since: dayStart) { keys.append(open) }
            if let failure = try Self.lastKeylessError(db, since: dayStart), failure.at > (lastError?.at ?? .distantPast) {
                lastError = failure
            }
            return GatewayActivity(keys: keys, lastError: lastError)
        }
    }

    /// What `serve --no-auth` shows under: its turns carry no key.
    static let keylessName = "(no key)"

    /// Turns of `serve --no-auth`: sessions `gateway_sessions` files under key 0, with no key on the turn.
    static let keylessTurns = """
        FROM attempts a JOIN turns t ON t.id = a.turn_id JOIN sessions s ON s.id = t.session_id
        WHERE t.gateway_key_id IS NULL
          AND EXISTS (SELECT 1 FROM gateway_sessions g WHERE g.session_uuid = s.uuid AND g.key_id = 0)
        """

    /// `--no-auth` traffic today: in flight, and the known cost of today's attempts (no key, so no holds of its own).
    static func keylessActivity(_ db: Database, since dayStart: Int64) throws -> GatewayActivity.Key? {
        let live = try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT a.turn_id) " + keylessTurns + " AND a.outcome = 'in_flight'") ?? 0
        var spent = Money.zero
        var any = false
        for row in try Row.fetchAll(db, sql: "SELECT a.cost " + keylessTurns + " AND a.started_at >= ?", arguments: [dayStart]) {
            any = true
            if let cost = try RowDecoding.money(row, 0) { spent += cost }
        }
        guard any || live > 0 else { return nil }
        return GatewayActivity.Key(name: keylessName, inFlight: live, spentToday: spent)
    }

    static func lastKeylessError(_ db: Database, since dayStart: Int64) throws -> GatewayActivity.Failure? {
        guard let row = try Row.fetchOne(db, sql: "SELECT a.started_at + a.duration_ms, a.provider, a.outcome, a.error_message "
            + keylessTurns + """
             AND a.started_at >= ? AND a.outcome NOT IN ('success', 'cancelled', 'in_flight', 'interrupted')
            ORDER BY a.started_at + a.duration_ms DESC, a.id DESC LIMIT 1
            """, arguments: [dayStart]) else { return nil }
        return GatewayActivity.Failure(at: StoredTime.date(try row.decode(atIndex: 0)), key: keylessName,
                                       provider: try row.decode(atIndex: 1), kind: try row.decode(atIndex: 2),
                                       message: try row.optional(atIndex: 3))
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
