import Foundation
import PostgresNIO
import SwitchboardCore

/// Exact budgets across instances. A hold is taken with one conditional statement per scope, scopes in a fixed
/// order:
///
///     INSERT INTO budget_scopes (scope, reserved) VALUES ($s, $w)
///     ON CONFLICT (scope) DO UPDATE SET reserved = reserved + $w WHERE spent + reserved <= $seen
///
/// where `$seen` is the scope's spend `decide` judged. The store never sees the caps (`BudgetPolicy` does), but
/// `decide` only holds `$w` when `$seen + $w` fits every cap, so "spend has not grown since it was read" is exactly
/// "`spent + reserved + $w` is still within the cap". When another instance got in between, the transaction rolls
/// back and `decide` runs again on the new spend (a refusal then names the budget with the figures that refused
/// it); after a few such races the scope rows are locked (in the same order) before deciding, which always
/// succeeds.
extension PostgresStore: BudgetLedger {
    /// Optimistic tries before the locking one.
    static let optimisticReserves = 3

    public func reserve(session: UUID?, decide: @escaping @Sendable (BudgetSpend) throws -> (Money?, BudgetPolicy.Decision))
        async throws -> (hold: Int64?, decision: BudgetPolicy.Decision) {
        try await hold(scopes: BudgetScopes(at: Date(), session: session, key: nil), session: session, key: nil,
                       turn: nil, decide: decide)
    }

    /// A gateway key's turn: the key's own spend is read beside the global one, the hold counts against the key's
    /// scopes, and the turn is recorded as the key's in the same transaction, so its attempts' costs count against
    /// the key when they are recorded.
    public func reserve(session: UUID?, key: GatewayKeyBudget, turn: UUID,
                        decide: @escaping @Sendable (BudgetSpend) throws -> (Money?, BudgetPolicy.Decision))
        async throws -> (hold: Int64?, decision: BudgetPolicy.Decision) {
        try await hold(scopes: BudgetScopes(at: Date(), session: session, key: key.id), session: session, key: key.id,
                       turn: turn, decide: decide)
    }

    /// Ends a hold: its amount stops counting (the turn's attempts' costs count instead, recorded with them).
    /// Settling a hold again, or one released because it expired, changes nothing.
    public func settle(_ hold: Int64, actual: Money?) async throws {
        // Also when the turn was cancelled: a hold left open would count until it expired.
        try await evenIfCancelled { [self] in
            try await transaction(doing: "settle a budget hold") { connection in
                _ = try await Self.end(.one(hold), actual: actual, released: false, connection, logger: logger)
            }
        }
    }

    private struct Race: Error {}

    private static func isDeadlock(_ error: PostgresTransactionError) -> Bool {
        [error.closureError, error.commitError].contains { ($0 as? PSQLError)?.serverInfo?[.sqlState] == "40P01" }
    }

    private func hold(scopes: BudgetScopes, session: UUID?, key: Int64?, turn: UUID?,
                      decide: @escaping @Sendable (BudgetSpend) throws -> (Money?, BudgetPolicy.Decision))
        async throws -> (hold: Int64?, decision: BudgetPolicy.Decision) {
        try await releaseExpiredHolds()
        var tries = 0
        while true {
            let locking = tries >= Self.optimisticReserves
            tries += 1
            do {
                return try await client.withTransaction(logger: logger) { [self] connection in
                    if let key, let turn {
                        try await connection.query("""
                            INSERT INTO turns (id, gateway_key_id) VALUES (\(turn), \(key))
                            ON CONFLICT (id) DO UPDATE SET gateway_key_id = EXCLUDED.gateway_key_id
                            """, logger: logger)
                    }
                    return try await take(scopes, locking: locking, session: session, key: key, turn: turn,
                                          decide: decide, connection)
                }
            } catch let error as PostgresTransactionError where error.closureError is Race {
                continue
            } catch let error as PostgresTransactionError where Self.isDeadlock(error) && tries < 10 {
                // A deadlock with a statement outside this ordering (PostgreSQL aborted this side): try again.
                continue
            } catch {
                throw PostgresStoreError.wrap(error, doing: "hold budget")
            }
        }
    }

    /// Reads, decides and holds, inside the transaction. Throws `Race` when a scope's spend grew after it was read.
    private func take(_ scopes: BudgetScopes, locking: Bool, session: UUID?, key: Int64?, turn: UUID?,
                      decide: @Sendable (BudgetSpend) throws -> (Money?, BudgetPolicy.Decision),
                      _ connection: PostgresConnection) async throws -> (hold: Int64?, decision: BudgetPolicy.Decision) {
        let names = scopes.sorted
        let seen = locking ? try await BudgetScopes.lockedTotals(names, connection, logger: logger)
            : try await BudgetScopes.totals(names, connection, logger: logger)
        let (amount, decision) = try decide(scopes.spend(seen))
        guard let amount else { return (nil, decision) }
        for scope in names {
            let held = try await connection.query("""
                INSERT INTO budget_scopes (scope, reserved) VALUES (\(scope), \(amount.decimalString)::numeric)
                ON CONFLICT (scope) DO UPDATE SET reserved = budget_scopes.reserved + EXCLUDED.reserved
                WHERE budget_scopes.spent + budget_scopes.reserved <= \((seen[scope] ?? .zero).decimalString)::numeric
                RETURNING scope
                """, logger: logger).collect()
            if held.isEmpty { throw Race() }
        }
        let lifetime = holdLifetimeMillis
        for try await id in try await connection.query("""
            INSERT INTO budget_holds (instance, scopes, amount, session_id, gateway_key_id, turn_id, created_at, expires_at)
            VALUES (\(instance), \(names), \(amount.decimalString)::numeric, \(session), \(key), \(turn), now(),
                    now() + \(lifetime) * interval '1 millisecond')
            RETURNING id
            """, logger: logger).decode(Int64.self) {
            return (id, decision)
        }
        throw PostgresStoreError.database(doing: "hold budget", message: "the hold was not stored")
    }

    /// Releases the holds whose instance stopped renewing them (killed, cut off): any instance does it before it
    /// reserves. Returns how many. Nothing is written when none expired (the usual case: one indexed read).
    @discardableResult
    func releaseExpiredHolds() async throws -> Int {
        try await Self.releaseExpiredHolds(client, logger: logger)
    }

    static func releaseExpiredHolds(_ client: PostgresClient, logger: Logger) async throws -> Int {
        do {
            var expired = false
            for try await exists in try await client.query(
                "SELECT EXISTS (SELECT 1 FROM budget_holds WHERE expires_at < now())", logger: logger).decode(Bool.self) {
                expired = exists
            }
            guard expired else { return 0 }
            return try await client.withTransaction(logger: logger) { connection in
                // SKIP LOCKED: holds another instance is releasing (or settling) right now are left to it.
                try await end(.expired, actual: nil, released: true, connection, logger: logger)
            }
        } catch {
            throw PostgresStoreError.wrap(error, doing: "release expired budget holds")
        }
    }

    private enum Holds {
        case one(Int64)
        /// Expired ones; those another instance is releasing (or settling) right now are left to it.
        case expired
    }

    /// Deletes the holds `which` selects, takes their amounts off their scopes (in locking order) and records
    /// them as settled or released. Returns how many ended; none when they had already ended.
    private static func end(_ which: Holds, actual: Money?, released: Bool, _ connection: PostgresConnection,
                            logger: Logger) async throws -> Int {
        var amounts: [String: Money] = [:]
        var ended = 0
        let returning = "RETURNING id, scopes, amount::text, session_id, gateway_key_id, created_at"
        let deleted = switch which {
        case .one(let id):
            try await connection.query("DELETE FROM budget_holds WHERE id = \(id) \(unescaped: returning)", logger: logger)
                .collect()
        case .expired:
            try await connection.query("""
                DELETE FROM budget_holds
                WHERE id IN (SELECT id FROM budget_holds WHERE expires_at < now() FOR UPDATE SKIP LOCKED)
                \(unescaped: returning)
                """, logger: logger).collect()
        }
        for row in deleted {
            let (id, scopes, amountText, session, key, created) = try row.decode((Int64, [String], String, UUID?, Int64?, Date).self)
            let amount = try PostgresValues.money(amountText) ?? .zero
            for scope in scopes { amounts[scope, default: .zero] += amount }
            try await connection.query("""
                INSERT INTO budget_settlements (hold_id, amount, actual, gateway_key_id, session_id, created_at, settled_at, released)
                VALUES (\(id), \(amount.decimalString)::numeric, \(actual?.decimalString)::numeric, \(key), \(session),
                        \(created), now(), \(released))
                ON CONFLICT (hold_id) DO NOTHING
                """, logger: logger)
            ended += 1
        }
        try await BudgetScopes.release(amounts, connection, logger: logger)
        return ended
    }
}
