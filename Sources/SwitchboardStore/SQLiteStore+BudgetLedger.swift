import Foundation
import GRDB
import SwitchboardCore

/// Budget holds in the SQLite database, so concurrent `ask` processes and the workbench share one view of
/// spend: the check and the hold happen in one write transaction, through GRDB's async write.
extension SQLiteStore: BudgetLedger {
    public func reserve(session: UUID?, decide: @escaping @Sendable (BudgetSpend) throws -> (Money?, BudgetPolicy.Decision))
        async throws -> (hold: Int64?, decision: BudgetPolicy.Decision) {
        let now = Date()
        let calendar = Calendar.current
        do {
            let (reservation, decision) = try await connections.write { db in
                try Self.reserve(db, session: session, scope: "request", at: now, calendar: calendar) { spend in
                    let (amount, decision) = try decide(spend)
                    return (reserve: amount, decision: decision)
                }
            }
            return (reservation?.rawValue, decision)
        } catch {
            throw writeFailure(error)
        }
    }

    /// A gateway key's turn: in the same transaction the key's own spend is read, the hold is marked as the key's
    /// and the turn is recorded as the key's, so its attempts count against the key when the hold settles.
    public func reserve(session: UUID?, key: GatewayKeyBudget, turn: UUID,
                        decide: @escaping @Sendable (BudgetSpend) throws -> (Money?, BudgetPolicy.Decision))
        async throws -> (hold: Int64?, decision: BudgetPolicy.Decision) {
        let now = Date()
        let calendar = Calendar.current
        do {
            let (reservation, decision) = try await connections.write { db in
                try Self.attribute(turn, key: key.id, tags: [], db)
                let (reservation, decision) = try Self.reserve(db, session: session, scope: "request", at: now, calendar: calendar) { spend in
                    // Read here, after `reserve` has released the holds of ended processes.
                    let keySpend = try Self.keySpend(db, key: key.id, now: now, calendar: calendar)
                    var spend = spend
                    spend.keyToday = keySpend.today
                    spend.keyThisMonth = keySpend.thisMonth
                    let (amount, decision) = try decide(spend)
                    return (reserve: amount, decision: decision)
                }
                if let reservation {
                    try db.execute(sql: "UPDATE budget_reservations SET gateway_key_id = ? WHERE id = ?",
                                   arguments: [key.id, reservation.rawValue])
                }
                return (reservation, decision)
            }
            return (reservation?.rawValue, decision)
        } catch {
            throw writeFailure(error)
        }
    }

    public func settle(_ hold: Int64, actual: Money?) async throws {
        let now = Date()
        do {
            // Also when the turn was cancelled: a hold left open would count against the budget for an hour.
            try await connections.writeEvenIfCancelled { db in try Self.settle(BudgetReservationID(rawValue: hold), actual: actual, at: now, db) }
        } catch {
            throw writeFailure(error)
        }
    }
}
