import Foundation
import PostgresNIO
import SwitchboardCore

/// PostgreSQL as the target of `switchboard db migrate`: keys kept with their ids, what no archive carries, and
/// its own counts to verify the copy with.
extension PostgresStore: HistoryCopyTarget {
    public func historyCounts() async throws -> HistoryCounts {
        try await reading("count what the database holds") { connection in
            var counted: [String: Int] = [:]
            let counts: [(String, String)] = [
                ("sessions", "SELECT count(*) FROM sessions"),
                ("messages", "SELECT count(*) FROM messages"),
                ("turns", "SELECT count(*) FROM turns"),
                ("routes", "SELECT count(*) FROM turns WHERE route IS NOT NULL"),
                ("compactions", "SELECT count(*) FROM compactions"),
                ("attempts", "SELECT count(*) FROM attempts"),
                ("gateway keys", "SELECT count(*) FROM gateway_keys"),
                ("turn tags", "SELECT count(*) FROM turn_tags"),
                ("gateway sessions", "SELECT count(*) FROM gateway_sessions"),
                ("open budget holds", "SELECT count(*) FROM budget_holds WHERE expires_at > now()"),
            ]
            for (kind, sql) in counts {
                counted[kind] = try await first(PostgresQuery(unsafeSQL: sql), connection).map { try Self.int($0[0]) } ?? 0
            }
            // numeric sums are exact.
            let total = try await first("SELECT coalesce(sum(cost), 0)::text FROM attempts", connection)
                .flatMap { try PostgresValues.money(try $0[0].decode(String?.self)) } ?? .zero
            var byKey: [String: Money] = [:]
            for row in try await rows("""
                SELECT k.name, sum(a.cost)::text FROM attempts a JOIN turns t ON t.id = a.turn_id
                JOIN gateway_keys k ON k.id = t.gateway_key_id WHERE a.cost IS NOT NULL GROUP BY k.name
                """, connection) {
                byKey[try row[0].decode(String.self)] = try PostgresValues.money(try row[1].decode(String?.self))
            }
            return HistoryCounts(rows: counted, attemptCost: total, costByKey: byKey)
        }
    }

    public func restoreGatewayKey(_ key: GatewayKey, stored: GatewayKeySecret.Stored) async throws {
        let limits = key.limits
        let models: String? = limits.models.isEmpty ? nil : limits.models.joined(separator: ",")
        try await transaction(doing: "copy gateway key '\(key.name)'") { connection in
            try await connection.query("""
                INSERT INTO gateway_keys (id, name, prefix, salt, hash, created_at, revoked_at, daily_cap, monthly_cap, models, rpm)
                VALUES (\(key.id), \(key.name), \(stored.prefix), \(stored.salt), \(stored.hash),
                        \(PostgresValues.millis(key.createdAt)), \(key.revokedAt.map(PostgresValues.millis)),
                        \(limits.daily?.decimalString)::numeric, \(limits.monthly?.decimalString)::numeric, \(models),
                        \(limits.rpm.map(Int64.init)))
                """, logger: logger)
            // Keys created later continue after the copied ids.
            try await connection.query("""
                SELECT setval(pg_get_serial_sequence('gateway_keys', 'id'), (SELECT max(id) FROM gateway_keys))
                """, logger: logger)
        }
    }

    public func restoreTurnExtras(_ extras: [TurnExtras]) async throws {
        for extra in extras {
            if let route = extra.routeJSON {
                try await transaction(doing: "copy a route decision") { connection in
                    try await Self.ensureTurn(extra.turn, connection, logger: logger)
                    try await connection.query("UPDATE turns SET route = \(route) WHERE id = \(extra.turn)", logger: logger)
                }
            }
            if extra.keyID != nil || !extra.tags.isEmpty {
                try await attributeTurn(extra.turn, key: extra.keyID, tags: extra.tags)
            }
        }
    }

    public func restoreGatewaySessions(_ entries: [GatewaySessionEntry]) async throws {
        try await transaction(doing: "copy serve's conversations") { connection in
            for entry in entries {
                let (scope, name) = switch entry.conversation {
                case .named(let name): ("conversation", name)
                case .day(let day): ("day", day)
                }
                try await connection.query("""
                    INSERT INTO gateway_sessions (key_id, scope, conversation, session_uuid, created_at)
                    VALUES (\(entry.keyID), \(scope), \(name), \(entry.session), \(PostgresValues.millis(entry.createdAt)))
                    """, logger: logger)
            }
        }
    }
}
