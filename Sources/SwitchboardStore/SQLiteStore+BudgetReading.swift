import Foundation
import GRDB
import SwitchboardCore

/// Current budget spend through GRDB's async read: the same figures `reserve` decides on, nothing held.
extension SQLiteStore: BudgetReading {
    public func currentBudgetSpend(session: UUID?) async throws -> BudgetSpend {
        let now = Date()
        let calendar = Calendar.current
        return try await connections.read { db in try Self.budgetSpend(db, session: session, now: now, calendar: calendar) }
    }
}
