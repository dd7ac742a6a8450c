import Foundation
import SwitchboardCore
import SwitchboardStore

/// Budget holds in the SQLite database, so concurrent `ask` processes and the workbench share one view of
/// spend: the check and the hold happen in one write transaction.
struct StoreBudgetLedger: BudgetLedger {
    let store: SQLiteStore

    func reserve(session: UUID?, decide: (BudgetSpend) throws -> (Money?, BudgetPolicy.Decision)) throws
        -> (hold: Int64?, decision: BudgetPolicy.Decision) {
        let (reservation, decision) = try store.reserveBudget(session: session) { spend in
            let (amount, decision) = try decide(spend)
            return (reserve: amount, decision: decision)
        }
        return (reservation?.rawValue, decision)
    }

    func settle(_ hold: Int64, actual: Money?) throws {
        try store.settleBudget(BudgetReservationID(rawValue: hold), actual: actual)
    }
}
