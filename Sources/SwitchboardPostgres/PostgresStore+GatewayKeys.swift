import Foundation
import PostgresNIO
import SwitchboardCore

/// `serve`'s virtual keys on the shared database. Revoking one announces it on `switchboard_keys`, so an
/// instance that keeps anything about keys can drop it at once; the authenticator reads the key on every
/// request, so a revoked key is refused by every instance from the revoking commit on.
extension PostgresStore: GatewayKeyStore {
    static let gatewayKeyColumns = "id, name, prefix, created_at, revoked_at, daily_cap::text, monthly_cap::text, models, rpm"
    /// The channel key revocations are announced on; the payload is the key's id.
    public static let keysChannel = "switchboard_keys"

    public func createGatewayKey(name: String, limits: GatewayKeyLimits, stored: GatewayKeySecret.Stored,
                                 at now: Date) async throws -> GatewayKey {
        if let problem = GatewayKeyError.check(name: name) { throw problem }
        let created = PostgresValues.millis(now)
        let models: String? = limits.models.isEmpty ? nil : limits.models.joined(separator: ",")
        let rpm = limits.rpm.map(Int64.init)
        // ON CONFLICT: two instances creating the same name at once both reach the unique index; one wins.
        let rows = try await query("""
            INSERT INTO gateway_keys (name, prefix, salt, hash, created_at, daily_cap, monthly_cap, models, rpm)
            VALUES (\(name), \(stored.prefix), \(stored.salt), \(stored.hash), \(created),
                    \(limits.daily?.decimalString)::numeric, \(limits.monthly?.decimalString)::numeric, \(models), \(rpm))
            ON CONFLICT (name) DO NOTHING RETURNING id
            """, doing: "create gateway key '\(name)'")
        var id: Int64?
        for try await value in rows.decode(Int64.self) { id = value }
        guard let id else { throw GatewayKeyError.duplicateName(name) }
        return GatewayKey(id: id, name: name, prefix: stored.prefix, createdAt: PostgresValues.date(millis: created), limits: limits)
    }

    public func gatewayKeys() async throws -> [GatewayKeyUsage] {
        let now = Date()
        let keys = try await readKeys("SELECT \(Self.gatewayKeyColumns) FROM gateway_keys ORDER BY id", doing: "list gateway keys")
        var usage: [GatewayKeyUsage] = []
        for key in keys {
            // The figures the key's caps are held against: its known costs plus open holds, today and this month.
            let spend = try await keySpend(key: key.id, at: now)
            usage.append(GatewayKeyUsage(key: key, today: spend.today, thisMonth: spend.thisMonth))
        }
        return usage
    }

    public func revokeGatewayKey(named name: String, at now: Date) async throws -> GatewayKey {
        let revoked = PostgresValues.millis(now)
        let key = try await transaction(doing: "revoke gateway key '\(name)'") { connection -> GatewayKey? in
            try await connection.query("""
                UPDATE gateway_keys SET revoked_at = \(revoked) WHERE name = \(name) AND revoked_at IS NULL
                """, logger: logger)
            var found: GatewayKey?
            for try await row in try await connection.query("""
                SELECT id, name, prefix, created_at, revoked_at, daily_cap::text, monthly_cap::text, models, rpm
                FROM gateway_keys WHERE name = \(name)
                """, logger: logger) {
                found = try Self.gatewayKey(row)
            }
            if let found {
                // Delivered at commit, to every instance listening.
                try await connection.query("SELECT pg_notify(\(Self.keysChannel), \(String(found.id)))", logger: logger)
            }
            return found
        }
        guard let key else { throw GatewayKeyError.unknownName(name) }
        return key
    }

    public func gatewayKeyCandidates(prefix: String) async throws -> [(key: GatewayKey, stored: GatewayKeySecret.Stored)] {
        let rows = try await query("""
            SELECT id, name, prefix, created_at, revoked_at, daily_cap::text, monthly_cap::text, models, rpm, salt, hash
            FROM gateway_keys WHERE prefix = \(prefix)
            """, doing: "look up a gateway key")
        var found: [(key: GatewayKey, stored: GatewayKeySecret.Stored)] = []
        for try await row in rows {
            let columns = row.makeRandomAccess()
            found.append((try Self.gatewayKey(row),
                          GatewayKeySecret.Stored(prefix: prefix, salt: try columns[9].decode(String.self),
                                                  hash: try columns[10].decode(String.self))))
        }
        return found
    }

    public func attributeTurn(_ turn: UUID, key: Int64?, tags: [String]) async throws {
        try await evenIfCancelled { [self] in
            try await transaction(doing: "attribute a turn to its key") { connection in
                try await attribute(turn, key: key, tags: tags, connection)
            }
        }
    }

    /// `attributeTurn` inside the caller's transaction (`beginTurn` writes it with the turn's prompts and reply).
    func attribute(_ turn: UUID, key: Int64?, tags: [String], _ connection: PostgresConnection) async throws {
        try await Self.ensureTurn(turn, connection, logger: logger)
        if let key {
            let newlyKeyed = try await connection.query("""
                UPDATE turns SET gateway_key_id = \(key) WHERE id = \(turn) AND gateway_key_id IS NULL RETURNING id
                """, logger: logger).collect()
            // Costs recorded before the turn had its key (serve attributes first; a copy may not) count
            // against the key's budget too, in the periods they were spent in.
            if !newlyKeyed.isEmpty { try await addKnownCosts(of: turn, toKey: key, connection) }
        }
        for tag in tags {
            try await connection.query("""
                INSERT INTO turn_tags (turn_id, tag) VALUES (\(turn), \(tag)) ON CONFLICT DO NOTHING
                """, logger: logger)
        }
    }

    private func addKnownCosts(of turn: UUID, toKey key: Int64, _ connection: PostgresConnection) async throws {
        var costs: [(Int64, String)] = []
        for try await row in try await connection.query("""
            SELECT started_at, cost::text FROM attempts WHERE turn_id = \(turn) AND cost IS NOT NULL
            """, logger: logger).decode((Int64, String).self) {
            costs.append(row)
        }
        for (started, text) in costs {
            guard let cost = try PostgresValues.money(text) else { continue }
            let scopes = BudgetScopes(at: PostgresValues.date(millis: started), session: nil, key: key)
            try await BudgetScopes.addSpent(cost, to: [scopes.keyDay, scopes.keyMonth].compactMap { $0 }, connection, logger: logger)
        }
    }

    func readKeys(_ sql: String, doing: String) async throws -> [GatewayKey] {
        var keys: [GatewayKey] = []
        for try await row in try await query(PostgresQuery(unsafeSQL: sql), doing: doing) {
            keys.append(try Self.gatewayKey(row))
        }
        return keys
    }

    /// A key from the first nine columns of `gatewayKeyColumns`.
    static func gatewayKey(_ row: PostgresRow) throws -> GatewayKey {
        let (id, name, prefix, created, revoked, daily, monthly, models, rpm) =
            try row.decode((Int64, String, String, Int64, Int64?, String?, String?, String?, Int32?).self)
        return GatewayKey(id: id, name: name, prefix: prefix, createdAt: PostgresValues.date(millis: created),
                          revokedAt: revoked.map { PostgresValues.date(millis: $0) },
                          limits: GatewayKeyLimits(daily: daily.flatMap(Money.init(decimalString:)),
                                                   monthly: monthly.flatMap(Money.init(decimalString:)),
                                                   models: models.map { $0.split(separator: ",").map(String.init) } ?? [],
                                                   rpm: rpm.map(Int.init)))
    }
}
