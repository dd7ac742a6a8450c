import Foundation
import SwitchboardCore

/// How one provider has behaved in this run.
public struct ProviderHealth: Equatable, Sendable {
    public var successes = 0
    public var failures = 0
    public var lastError: String?

    public init() {}

    public var isHealthy: Bool { failures == 0 || lastError == nil }
}

/// The sidebar's figures: what this session cost, stored spend, per-turn history for sparklines, provider health.
public struct SessionStats: Equatable, Sendable {
    /// Sum of the known costs of this session's turns.
    public var cost = Money.zero
    /// Turns whose cost is unknown (a price was missing): the session cost is then a lower bound.
    public var unknownCostTurns = 0
    /// Per finished turn, oldest first: cost (nil = unknown) and TTFT.
    public var turnCosts: [Money?] = []
    public var turnTTFTs: [Duration?] = []
    /// Today's and this month's spend as the store last reported it.
    public var stored: SpendSnapshot?
    /// Spent since that report, so the figures move before the store is asked again.
    public var sinceSnapshot = Money.zero
    public var providers: [String: ProviderHealth] = [:]

    public init() {}

    public var sessionCostText: String {
        if turnCosts.isEmpty { return Money.zero.description }
        if unknownCostTurns == turnCosts.count { return "unknown" }
        return cost.description + (unknownCostTurns > 0 ? " + unknown" : "")
    }

    /// A turn that just finished: its cost is also new since the store's last report.
    public mutating func recordTurn(cost: Money?, ttft: Duration?) {
        recordStoredTurn(cost: cost, ttft: ttft)
        if let cost { sinceSnapshot += cost }
    }

    /// A turn read back from the store (already in its spend figures).
    public mutating func recordStoredTurn(cost: Money?, ttft: Duration?) {
        turnCosts.append(cost)
        turnTTFTs.append(ttft)
        if let cost { self.cost += cost } else { unknownCostTurns += 1 }
    }

    public mutating func recordAttempt(_ record: AttemptRecord) {
        var health = providers[record.provider] ?? ProviderHealth()
        switch record.outcome {
        case .success:
            health.successes += 1
            health.lastError = nil
        case .cancelled, .inFlight, .interrupted:
            break
        case .failed(let kind, _):
            health.failures += 1
            health.lastError = kind.rawValue
        }
        providers[record.provider] = health
    }

    /// A spend figure with what this run added since the store's last report.
    public func spendText(_ stored: Money?, incomplete: Bool) -> String {
        guard let stored else { return self.stored == nil ? "…" : "unknown" }
        return (stored + sinceSnapshot).description + (incomplete ? "+" : "")
    }
}
