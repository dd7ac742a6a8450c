import Foundation

/// Where budget holds live. The SQLite store implements it so that several processes share one view of spend;
/// `MemoryBudgetLedger` serves tests and `--no-store`.
///
/// Async, because the engine calls it from inside its turn: a busy database suspends the turn, it never blocks a
/// thread of the cooperative pool.
public protocol BudgetLedger: Sendable {
    /// Atomically reads current spend (settled costs plus open holds), lets `decide` choose, and holds the
    /// amount it returns. Returns the hold (nil when nothing was held) and the decision. `decide` runs while the
    /// ledger is locked: keep it pure and quick.
    func reserve(session: UUID?, decide: @escaping @Sendable (BudgetSpend) throws -> (Money?, BudgetPolicy.Decision))
        async throws -> (hold: Int64?, decision: BudgetPolicy.Decision)
    /// Releases a hold once the turn's attempts (and their real costs) are recorded.
    func settle(_ hold: Int64, actual: Money?) async throws
}

/// Holds in memory: spend is what this process reserved and settled.
public final class MemoryBudgetLedger: BudgetLedger, @unchecked Sendable {
    private let lock = NSLock()
    private var holds: [Int64: Money] = [:]
    private var settled = Money.zero
    private var nextID: Int64 = 1

    public init() {}

    public func reserve(session: UUID?, decide: @escaping @Sendable (BudgetSpend) throws -> (Money?, BudgetPolicy.Decision))
        async throws -> (hold: Int64?, decision: BudgetPolicy.Decision) {
        try lock.withLock {
            let open = holds.values.reduce(Money.zero, +) + settled
            let (amount, decision) = try decide(BudgetSpend(today: open, thisMonth: open, thisSession: open))
            guard let amount else { return (nil, decision) }
            let id = nextID
            nextID += 1
            holds[id] = amount
            return (id, decision)
        }
    }

    public func settle(_ hold: Int64, actual: Money?) async throws {
        lock.withLock {
            if let held = holds.removeValue(forKey: hold) { settled += actual ?? held }
        }
    }
}
