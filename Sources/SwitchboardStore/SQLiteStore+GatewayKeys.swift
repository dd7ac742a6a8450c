import Foundation
import GRDB
import SwitchboardCore

/// `serve`'s virtual keys in the history database, beside the budgets they are held against.
extension SQLiteStore: GatewayKeyStore {
    static let gatewayKeyColumns = "id, name, prefix, created_at, revoked_at, daily_cap, monthly_cap, models, rpm"

    public func createGatewayKey(name: String, limits: GatewayKeyLimits, stored: GatewayKeySecret.Stored,
                                 at now: Date) async throws -> GatewayKey {
        if let problem = GatewayKeyError.check(name: name) { throw problem }
        do {
            return try await connections.write { db in
                if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM gateway_keys WHERE name = ?)", arguments: [name]) ?? false {
                    throw GatewayKeyError.duplicateName(name)
                }
                try db.execute(sql: """
                    INSERT INTO gateway_keys (name, prefix, salt, hash, created_at, daily_cap, monthly_cap, models, rpm)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [name, stored.prefix, stored.salt, stored.hash, StoredTime.millis(now),
                                     limits.daily?.decimalString, limits.monthly?.decimalString,
                                     limits.models.isEmpty ? nil : limits.models.joined(separator: ","), limits.rpm])
                return GatewayKey(id: db.lastInsertedRowID, name: name, prefix: stored.prefix,
                                  createdAt: StoredTime.date(StoredTime.millis(now)), limits: limits)
            }
        } catch let error as GatewayKeyError {
            throw error
        } catch {
            throw writeFailure(error)
        }
    }

    public func gatewayKeys() async throws -> [GatewayKeyUsage] {
        let now = Date()
        let calendar = Calendar.current
        return try await connections.read { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.gatewayKeyColumns) FROM gateway_keys ORDER BY id").map { row in
                let key = try Self.gatewayKey(row)
                let spend = try Self.keySpend(db, key: key.id, now: now, calendar: calendar)
                return GatewayKeyUsage(key: key, today: spend.today, thisMonth: spend.thisMonth)
            }
        }
    }

    public func revokeGatewayKey(named name: String, at now: Date) async throws -> GatewayKey {
        do {
            return try await connections.write { db in
                try db.execute(sql: "UPDATE gateway_keys SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL",
                               arguments: [StoredTime.millis(now), name])
                guard let row = try Row.fetchOne(db, sql: "SELECT \(Self.gatewayKeyColumns) FROM gateway_keys WHERE name = ?",
                                                 arguments: [name]) else { throw GatewayKeyError.unknownName(name) }
                return try Self.gatewayKey(row)
            }
        } catch let error as GatewayKeyError {
            throw error
        } catch {
            throw writeFailure(error)
        }
    }

    public func gatewayKeyCandidates(prefix: String) async throws -> [(key: GatewayKey, stored: GatewayKeySecret.Stored)] {
        let rows = try await connections.read { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.gatewayKeyColumns), salt, hash FROM gateway_keys WHERE prefix = ?",
                             arguments: [prefix]).map { row in
                (try Self.gatewayKey(row), GatewayKeySecret.Stored(prefix: prefix, salt: try row.decode(forColumn: "salt"),
                                                                   hash: try row.decode(forColumn: "hash")))
            }
        }
        return rows.map { (key: $0.0, stored: $0.1) }
    }

    public func attributeTurn(_ turn: UUID, key: Int64?, tags: [String]) async throws {
        do {
            try await connections.write { db in try Self.attribute(turn, key: key, tags: tags, db) }
        } catch {
            throw writeFailure(error)
        }
    }

    static func attribute(_ turn: UUID, key: Int64?, tags: [String], _ db: Database) throws {
        try attribute(turnRow: try turnKey(turn, session: nil, db), key: key, tags: tags, db)
    }

    static func attribute(turnRow row: Int64, key: Int64?, tags: [String], _ db: Database) throws {
        if let key {
            try db.executeCached("UPDATE turns SET gateway_key_id = ? WHERE id = ?", [key, row])
        }
        for tag in tags {
            try db.executeCached("INSERT OR IGNORE INTO turn_tags (turn_id, tag) VALUES (?, ?)", [row, tag])
        }
    }

    /// The key's spend today and this month (local calendar): known costs of its turns' attempts plus its open
    /// holds, as `budgetSpend` counts the global ones.
    static func keySpend(_ db: Database, key: Int64, now: Date, calendar: Calendar) throws -> (today: Money, thisMonth: Money) {
        let dayStart = StoredTime.millis(calendar.startOfDay(for: now))
        let monthStart = calendar.date(from: calendar.dateComponents([.year, .month], from: now)).map(StoredTime.millis) ?? dayStart
        var today = Money.zero
        var thisMonth = Money.zero
        for row in try Row.fetchAll(db, sql: """
            SELECT a.started_at AS at, a.cost AS amount FROM attempts a JOIN turns t ON t.id = a.turn_id
            WHERE t.gateway_key_id = ? AND a.started_at >= ? AND a.cost IS NOT NULL
            UNION ALL
            SELECT created_at, amount FROM budget_reservations
            WHERE gateway_key_id = ? AND settled_at IS NULL AND created_at >= ?
            """, arguments: [key, min(monthStart, dayStart), key,
                             max(min(monthStart, dayStart), StoredTime.millis(now.addingTimeInterval(-reservationLifetime)))]) {
            guard let amount = try RowDecoding.money(row, "amount") else { continue }
            let at: Int64 = try row.decode(forColumn: "at")
            if at >= monthStart { thisMonth += amount }
            if at >= dayStart { today += amount }
        }
        return (today, thisMonth)
    }

    static func gatewayKey(_ row: Row) throws -> GatewayKey {
        let models: String? = try row.decode(forColumn: "models")
        let revoked: Int64? = try row.decode(forColumn: "revoked_at")
        return GatewayKey(
            id: try row.decode(forColumn: "id"), name: try row.decode(forColumn: "name"),
            prefix: try row.decode(forColumn: "prefix"), createdAt: StoredTime.date(try row.decode(forColumn: "created_at")),
            revokedAt: revoked.map(StoredTime.date),
            limits: GatewayKeyLimits(daily: try RowDecoding.money(row, "daily_cap"), monthly: try RowDecoding.money(row, "monthly_cap"),
                                     models: models.map { $0.split(separator: ",").map(String.init) } ?? [],
                                     rpm: try row.decode(forColumn: "rpm")))
    }
}
