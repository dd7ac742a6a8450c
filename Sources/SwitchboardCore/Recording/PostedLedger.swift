import Foundation

/// The engine's ledger under `serve`: while the running task has `TurnWrites.current`, an attempt's two writes
/// and a hold's settling are posted to the turn's writes (made in order behind the answer, into the store the
/// writes were made for, which must be `base`'s; a hold still counts until it is settled, so a cap stays exact),
/// and a hold is reserved in order after them, awaited. Without `TurnWrites.current` every call goes to `base`.
public struct PostedLedger: Ledger, BudgetLedger {
    private let base: any Ledger & BudgetLedger

    public init(_ base: any Ledger & BudgetLedger) {
        self.base = base
    }

    public func begin(_ attempt: AttemptRecord) async throws {
        guard let writes = TurnWrites.current else { return try await base.begin(attempt) }
        writes.post(.attemptBegun(attempt))
    }

    public func record(_ attempt: AttemptRecord) async throws {
        guard let writes = TurnWrites.current else { return try await base.record(attempt) }
        writes.post(.attemptEnded(attempt))
    }

    public func reserve(session: UUID?, decide: @escaping @Sendable (BudgetSpend) throws -> (Money?, BudgetPolicy.Decision))
        async throws -> (hold: Int64?, decision: BudgetPolicy.Decision) {
        let base = self.base
        guard let writes = TurnWrites.current else { return try await base.reserve(session: session, decide: decide) }
        return try await writes.run { try await base.reserve(session: session, decide: decide) }
    }

    public func reserve(session: UUID?, key: GatewayKeyBudget, turn: UUID,
                        decide: @escaping @Sendable (BudgetSpend) throws -> (Money?, BudgetPolicy.Decision))
        async throws -> (hold: Int64?, decision: BudgetPolicy.Decision) {
        let base = self.base
        guard let writes = TurnWrites.current else {
            return try await base.reserve(session: session, key: key, turn: turn, decide: decide)
        }
        return try await writes.run { try await base.reserve(session: session, key: key, turn: turn, decide: decide) }
    }

    /// Posted after the turn's attempt records, so the hold gives way to their real cost, never before it.
    public func settle(_ hold: Int64, actual: Money?) async throws {
        guard let writes = TurnWrites.current else { return try await base.settle(hold, actual: actual) }
        writes.post(.settle(hold: hold, actual: actual))
    }
}
