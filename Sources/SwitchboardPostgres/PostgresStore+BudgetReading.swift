import Foundation
import PostgresNIO
import SwitchboardCore

/// Current budget spend, nothing held: the figures `reserve` decides on. Holds that expired and no instance has
/// released yet no longer count.
extension PostgresStore: BudgetReading {
    public func currentBudgetSpend(session: UUID?) async throws -> BudgetSpend {
        let scopes = BudgetScopes(at: Date(), session: session, key: nil)
        return scopes.spend(try await liveTotals(scopes.sorted, doing: "read budget spend"))
    }

    /// A gateway key's spend today and this month (known costs of its turns' attempts plus its open holds).
    func keySpend(key: Int64, at date: Date = Date()) async throws -> (today: Money, thisMonth: Money) {
        let scopes = BudgetScopes(at: date, session: nil, key: key)
        let names = [scopes.keyDay, scopes.keyMonth].compactMap { $0 }
        let totals = try await liveTotals(names, doing: "read a key's spend")
        return (scopes.keyDay.flatMap { totals[$0] } ?? .zero, scopes.keyMonth.flatMap { totals[$0] } ?? .zero)
    }

    /// Each scope's spent + reserved, less the expired holds still counted in it.
    func liveTotals(_ scopes: [String], doing: String) async throws -> [String: Money] {
        var totals: [String: Money] = [:]
        for try await (scope, total) in try await query("""
            SELECT s.scope, (s.spent + s.reserved - COALESCE((SELECT sum(h.amount) FROM budget_holds h
                WHERE h.expires_at < now() AND s.scope = ANY(h.scopes)), 0))::text
            FROM budget_scopes s WHERE s.scope = ANY(\(scopes))
            """, doing: doing).decode((String, String).self) {
            totals[scope] = try PostgresValues.money(total)
        }
        return totals
    }
}
