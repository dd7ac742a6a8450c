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
    /// As `reserve(session:decide:)`, for a turn made with a gateway key: the spend handed to `decide` also holds
    /// the key's own (`keyToday`, `keyThisMonth`), the hold counts against the key, and `turn` is recorded as the
    /// key's in the same transaction, so its attempts count against the key once the hold is settled.
    func reserve(session: UUID?, key: GatewayKeyBudget, turn: UUID,
                 decide: @escaping @Sendable (BudgetSpend) throws -> (Money?, BudgetPolicy.Decision))
        async throws -> (hold: Int64?, decision: BudgetPolicy.Decision)
    /// Releases a hold once the turn's attempts (and their real costs) are recorded.
    func settle(_ hold: Int64, actual: Money?) async throws
}

/// A ledger that does not know keys cannot hold a key's cap: it refuses rather than let the cap go unchecked.
public struct KeyScopeUnsupported: Error, CustomStringConvertible {
    public var description: String { "this budget ledger cannot hold a gateway key's budget" }
}

extension BudgetLedger {
    public func reserve(session: UUID?, key: GatewayKeyBudget, turn: UUID,
                        decide: @escaping @Sendable (BudgetSpend) throws -> (Money?, BudgetPolicy.Decision))
        async throws -> (hold: Int64?, decision: BudgetPolicy.Decision) {
        throw KeyScopeUnsupported()
    }
}

/// Holds in memory: spend is what this process reserved and settled, in all and per gateway key.
public final class MemoryBudgetLedger: BudgetLedger, @unchecked Sendable {
    private let lock = NSLock()
    private var holds: [Int64: (amount: Money, key: Int64?)] = [:]
    private var settled = Money.zero
    private var settledByKey: [Int64: Money] = [:]
    private var nextID: Int64 = 1

    public init() {}

    public func reserve(session: UUID?, decide: @escaping @Sendable (BudgetSpend) throws -> (Money?, BudgetPolicy.Decision))
        async throws -> (hold: Int64?, decision: BudgetPolicy.Decision) {
        try lock.withLock { try hold(key: nil, decide) }
    }

    public func reserve(session: UUID?, key: GatewayKeyBudget, turn: UUID,
                        decide: @escaping @Sendable (BudgetSpend) throws -> (Money?, BudgetPolicy.Decision))
        async throws -> (hold: Int64?, decision: BudgetPolicy.Decision) {
        try lock.withLock { try hold(key: key.id, decide) }
    }

    /// Called with the lock held.
    private func hold(key: Int64?, _ decide: (BudgetSpend) throws -> (Money?, BudgetPolicy.Decision))
        throws -> (hold: Int64?, decision: BudgetPolicy.Decision) {
        let open = holds.values.reduce(Money.zero) { $0 + $1.amount } + settled
        let keyOpen = key.map { key in
            holds.values.filter { $0.key == key }.reduce(Money.zero) { $0 + $1.amount } + (settledByKey[key] ?? .zero)
        } ?? .zero
        let (amount, decision) = try decide(BudgetSpend(today: open, thisMonth: open, thisSession: open,
                                                        keyToday: keyOpen, keyThisMonth: keyOpen))
        guard let amount else { return (nil, decision) }
        let id = nextID
        nextID += 1
        holds[id] = (amount, key)
        return (id, decision)
    }

    public func settle(_ hold: Int64, actual: Money?) async throws {
        lock.withLock {
            guard let held = holds.removeValue(forKey: hold) else { return }
            settled += actual ?? held.amount
            if let key = held.key { settledByKey[key, default: .zero] += actual ?? held.amount }
        }
    }
}
