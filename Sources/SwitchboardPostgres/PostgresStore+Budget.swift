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
/// "`spent + reserved + $w` is still within the cap".
///
/// Those statements and the hold's row are one call of `switchboard_hold_budget` ("p4 budget functions"), a single
/// atomic statement: a hold costs two round trips (read the scopes, then hold) and a settle one. When another
/// instance got in between, the function raises and nothing is held; `decide` runs again on the new spend (a
/// refusal then names the budget with the figures that refused it). After a few such races the scope rows are
/// locked (in the same order) before deciding, in a transaction, which always succeeds.
extension PostgresStore: BudgetLedger {
    /// Optimistic tries before the locking one.
    static let optimisticReserves = 3

    public func reserve(session: UUID?, decide: @escaping @Sendable (BudgetSpend) throws -> (Money?, BudgetPolicy.Decision))
        async throws -> (hold: Int64?, decision: BudgetPolicy.Decision) {
        try await hold(scopes: BudgetScopes(at: Date(), session: session, key: nil), session: session, key: nil,
                       turn: nil, decide: decide)
    }

    /// A gateway key's turn: the key's own spend is read beside the global one, the hold counts against the key's
    /// scopes, and the turn is recorded as the key's (also when refused), so its attempts' costs count against the
    /// key when they are recorded.
    public func reserve(session: UUID?, key: GatewayKeyBudget, turn: UUID,
                        decide: @escaping @Sendable (BudgetSpend) throws -> (Money?, BudgetPolicy.Decision))
        async throws -> (hold: Int64?, decision: BudgetPolicy.Decision) {
        try await hold(scopes: BudgetScopes(at: Date(), session: session, key: key.id), session: session, key: key.id,
                       turn: turn, decide: decide)
    }

    /// Ends a hold: its amount stops counting (the turn's attempts' costs count instead, recorded with them).
    /// Settling a hold again, or one released because it expired, changes nothing. The settle commits without
    /// waiting for the disk (`switchboard_end_holds`): if the server crashes and loses it, the hold is no longer
    /// renewed, so it expires and is released, and until then only counts against the budget: never past it.
    public func settle(_ hold: Int64, actual: Money?) async throws {
        openHolds.remove(hold)
        // Also when the turn was cancelled: a hold left open would count until it expired.
        try await evenIfCancelled { [self] in
            _ = try await query("""
                SELECT switchboard_end_holds(\([hold]), \(actual?.decimalString)::numeric, false)
                """, doing: "settle a budget hold").collect()
        }
    }

    /// The hold's row and scopes, or `race` when a scope's spend grew after it was read.
    private enum Attempt {
        case held(Int64?, BudgetPolicy.Decision)
        case race
    }

    private func hold(scopes: BudgetScopes, session: UUID?, key: Int64?, turn: UUID?,
                      decide: @escaping @Sendable (BudgetSpend) throws -> (Money?, BudgetPolicy.Decision))
        async throws -> (hold: Int64?, decision: BudgetPolicy.Decision) {
        let names = scopes.sorted
        var tries = 0
        while true {
            let locking = tries >= Self.optimisticReserves
            tries += 1
            do {
                let attempt = locking
                    ? try await lockedHold(names, scopes, session: session, key: key, turn: turn, decide: decide)
                    : try await optimisticHold(names, scopes, session: session, key: key, turn: turn, decide: decide)
                if case .held(let hold, let decision) = attempt {
                    if let hold { openHolds.insert(hold) }
                    return (hold, decision)
                }
            } catch let error as PostgresTransactionError where Self.isDeadlock(error) && tries < 10 {
                // A deadlock with a statement outside this ordering (PostgreSQL aborted this side): try again.
                continue
            } catch {
                throw PostgresStoreError.wrap(error, doing: "hold budget")
            }
        }
    }

    /// Reads the scopes, decides, and holds in one statement (which also records a key's turn as the key's).
    private func optimisticHold(_ names: [String], _ scopes: BudgetScopes, session: UUID?, key: Int64?, turn: UUID?,
                                decide: @Sendable (BudgetSpend) throws -> (Money?, BudgetPolicy.Decision))
        async throws -> Attempt {
        var (seen, expired) = try await BudgetScopes.read(names, client, logger: logger)
        if expired {
            try await releaseExpiredHolds()
            (seen, _) = try await BudgetScopes.read(names, client, logger: logger)
        }
        let (amount, decision) = try decide(scopes.spend(seen))
        guard let amount else {
            if let turn, let key { try await client.query(Self.attribution(turn, to: key), logger: logger) }
            return .held(nil, decision)
        }
        do {
            for try await id in try await client.query(holdStatement(names, seen, amount, session, key, turn),
                                                       logger: logger).decode(Int64.self) {
                return .held(id, decision)
            }
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "SB001" {
            return .race
        }
        throw PostgresStoreError.database(doing: "hold budget", message: "the hold was not stored")
    }

    /// The path after repeated races: the scope rows are locked in order, then read, decided on and held.
    private func lockedHold(_ names: [String], _ scopes: BudgetScopes, session: UUID?, key: Int64?, turn: UUID?,
                            decide: @escaping @Sendable (BudgetSpend) throws -> (Money?, BudgetPolicy.Decision))
        async throws -> Attempt {
        try await client.withTransaction(logger: logger) { [self] connection in
            let seen = try await BudgetScopes.lockedTotals(names, connection, logger: logger)
            let (amount, decision) = try decide(scopes.spend(seen))
            guard let amount else {
                if let turn, let key { try await connection.query(Self.attribution(turn, to: key), logger: logger) }
                return .held(nil, decision)
            }
            for try await id in try await connection.query(holdStatement(names, seen, amount, session, key, turn),
                                                           logger: logger).decode(Int64.self) {
                return .held(id, decision)
            }
            throw PostgresStoreError.database(doing: "hold budget", message: "the hold was not stored")
        }
    }

    private func holdStatement(_ names: [String], _ seen: [String: Money], _ amount: Money, _ session: UUID?,
                               _ key: Int64?, _ turn: UUID?) -> PostgresQuery {
        let judged = names.map { (seen[$0] ?? .zero).decimalString }
        return """
            SELECT switchboard_hold_budget(\(names), \(judged)::numeric[], \(amount.decimalString)::numeric, \(instance),
                \(session)::uuid, \(key)::bigint, \(turn)::uuid, \(holdLifetimeMillis))
            """
    }

    /// A refused key's turn is still recorded as the key's (a hold records it in `switchboard_hold_budget`).
    private static func attribution(_ turn: UUID, to key: Int64) -> PostgresQuery {
        """
        INSERT INTO turns (id, gateway_key_id) VALUES (\(turn), \(key))
        ON CONFLICT (id) DO UPDATE SET gateway_key_id = EXCLUDED.gateway_key_id
        """
    }

    private static func isDeadlock(_ error: PostgresTransactionError) -> Bool {
        [error.closureError, error.commitError].contains { ($0 as? PSQLError)?.serverInfo?[.sqlState] == "40P01" }
    }

    /// Releases the holds whose instance stopped renewing them (killed, cut off): any instance does it when the
    /// read before a hold sees one, and on its renewal ticks. Returns how many. Nothing is written when none
    /// expired (the usual case: one indexed read).
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
            // SKIP LOCKED: holds another instance is releasing (or settling) right now are left to it.
            for try await ended in try await client.query("""
                SELECT switchboard_end_holds(
                    ARRAY(SELECT id FROM budget_holds WHERE expires_at < now() FOR UPDATE SKIP LOCKED), NULL, true)
                """, logger: logger).decode(Int32.self) {
                return Int(ended)
            }
            return 0
        } catch {
            throw PostgresStoreError.wrap(error, doing: "release expired budget holds")
        }
    }
}
