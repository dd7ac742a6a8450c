import Foundation
import PostgresNIO
import SwitchboardCore

/// The workbench's Gateway section read from the shared database: every `serve` instance's traffic today. Each
/// query starts from an index holding today's rows or the few in flight, as the SQLite store's do.
extension PostgresStore: GatewayActivityReading {
    /// PostgreSQL has no cheap counter of other sessions' commits (its statistics lag): every poll reads.
    public func externalChangeCounter() async throws -> Int64? { nil }

    public func gatewayActivity(now: Date, calendar: Calendar) async throws -> GatewayActivity {
        let dayStart = PostgresValues.millis(calendar.startOfDay(for: now))
        let (live, named, lastError, keyless, keylessError) = try await reading("read the gateway's activity") { connection in
            var live: [Int64: Int] = [:]
            for row in try await rows("""
                SELECT t.gateway_key_id, COUNT(DISTINCT a.turn_id) FROM attempts a JOIN turns t ON t.id = a.turn_id
                WHERE a.outcome = 'in_flight' AND t.gateway_key_id IS NOT NULL GROUP BY t.gateway_key_id
                """, connection) {
                live[try row[0].decode(Int64.self)] = try Self.int(row[1])
            }
            var active = Set(live.keys)
            for row in try await rows("""
                SELECT DISTINCT t.gateway_key_id FROM attempts a JOIN turns t ON t.id = a.turn_id
                WHERE a.started_at >= \(dayStart) AND t.gateway_key_id IS NOT NULL
                """, connection) {
                active.insert(try row[0].decode(Int64.self))
            }
            var named: [(Int64, String)] = []
            for row in try await rows("SELECT id, name FROM gateway_keys WHERE id = ANY(\(Array(active)))", connection) {
                named.append((try row[0].decode(Int64.self), try row[1].decode(String.self)))
            }
            return (live, named, try await lastGatewayError(since: dayStart, connection),
                    try await keylessActivity(since: dayStart, connection), try await lastKeylessError(since: dayStart, connection))
        }
        var keys: [GatewayActivity.Key] = []
        for (id, name) in named {
            let spend = try await keySpend(key: id, at: now)
            keys.append(GatewayActivity.Key(name: name, inFlight: live[id] ?? 0, spentToday: spend.today))
        }
        keys.sort { $0.name < $1.name }
        var last = lastError
        if let keyless { keys.append(keyless) }
        if let keylessError, keylessError.at > (last?.at ?? .distantPast) { last = keylessError }
        return GatewayActivity(keys: keys, lastError: last)
    }

    /// What `serve --no-auth` shows under: its turns carry no key.
    static let keylessName = "(no key)"

    /// Turns of `serve --no-auth`: sessions `gateway_sessions` files under key 0, with no key on the turn.
    static let keylessTurns = """
        FROM attempts a JOIN turns t ON t.id = a.turn_id
        WHERE t.gateway_key_id IS NULL
          AND EXISTS (SELECT 1 FROM gateway_sessions g WHERE g.session_uuid = t.session_id AND g.key_id = 0)
        """

    private func keylessActivity(since dayStart: Int64, _ connection: PostgresConnection) async throws -> GatewayActivity.Key? {
        let live = try await first("SELECT COUNT(DISTINCT a.turn_id) \(unescaped: Self.keylessTurns) AND a.outcome = 'in_flight'",
                                   connection).map { try Self.int($0[0]) } ?? 0
        var spent = Money.zero
        var any = false
        for row in try await rows("SELECT a.cost::text \(unescaped: Self.keylessTurns) AND a.started_at >= \(dayStart)", connection) {
            any = true
            if let cost = try Self.money(row[0]) { spent += cost }
        }
        guard any || live > 0 else { return nil }
        return GatewayActivity.Key(name: Self.keylessName, inFlight: live, spentToday: spent)
    }

    private func lastKeylessError(since dayStart: Int64, _ connection: PostgresConnection) async throws -> GatewayActivity.Failure? {
        guard let row = try await first("""
            SELECT a.started_at + a.duration_ms, a.provider, a.outcome, a.error_message \(unescaped: Self.keylessTurns)
              AND a.started_at >= \(dayStart) AND a.outcome NOT IN ('success', 'cancelled', 'in_flight', 'interrupted')
            ORDER BY a.started_at + a.duration_ms DESC, a.id DESC LIMIT 1
            """, connection) else { return nil }
        return GatewayActivity.Failure(at: PostgresValues.date(millis: try row[0].decode(Int64.self)), key: Self.keylessName,
                                       provider: try row[1].decode(String.self), kind: try row[2].decode(String.self),
                                       message: try row[3].decode(String?.self))
    }

    /// The failed attempt of a keyed request that ended last today.
    private func lastGatewayError(since dayStart: Int64, _ connection: PostgresConnection) async throws -> GatewayActivity.Failure? {
        guard let row = try await first("""
            SELECT a.started_at + a.duration_ms, k.name, a.provider, a.outcome, a.error_message
            FROM attempts a JOIN turns t ON t.id = a.turn_id JOIN gateway_keys k ON k.id = t.gateway_key_id
            WHERE a.started_at >= \(dayStart) AND a.outcome NOT IN ('success', 'cancelled', 'in_flight', 'interrupted')
            ORDER BY a.started_at + a.duration_ms DESC, a.id DESC LIMIT 1
            """, connection) else { return nil }
        return GatewayActivity.Failure(at: PostgresValues.date(millis: try row[0].decode(Int64.self)), key: try row[1].decode(String.self),
                                       provider: try row[2].decode(String.self), kind: try row[3].decode(String.self),
                                       message: try row[4].decode(String?.self))
    }
}
