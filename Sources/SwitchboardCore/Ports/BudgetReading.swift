import Foundation

/// What counts against the budgets right now, read without holding anything (`route --explain`, `spend`).
public protocol BudgetReading: Sendable {
    /// Today's, this month's (local calendar) and the session's spend: settled costs plus open holds.
    func currentBudgetSpend(session: UUID?) async throws -> BudgetSpend
}
