import Foundation
import SwitchboardCore

/// What the engine does around a hold, reduced to what the ledger sees.
enum BudgetFixtures {
    /// `decide` as the engine builds it from `BudgetPolicy`: hold the worst case when it fits, else refuse with
    /// the policy's message (which names the budget).
    static func decide(_ policy: BudgetPolicy, worstCase: Money) -> @Sendable (BudgetSpend) throws -> (Money?, BudgetPolicy.Decision) {
        { spend in
            switch policy.check(worstCase: worstCase, spend: spend, label: "m via p") {
            case .fits(let reserve, let warnings): (reserve, .fits(reserve: reserve, warnings: warnings))
            case .exceeds(_, let message): (nil, .block(message))
            }
        }
    }

    static func attempt(turn: UUID = UUID(), ordinal: Int = 1, cost: Money?, outcome: AttemptRecord.Outcome = .success,
                        startedAt: Date = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 * 1000).rounded() / 1000))
        -> AttemptRecord {
        AttemptRecord(turnID: turn, ordinal: ordinal, model: "m", provider: "p", providerModel: "p/m", reason: "explicit",
                      outcome: outcome, status: 200, startedAt: startedAt, ttft: .milliseconds(120),
                      duration: .milliseconds(900), usage: Usage(input: 10, output: 20, cacheRead: 1, cacheWrite: 2,
                                                                 reasoning: 3, cacheWrite1h: 4, images: 5),
                      cost: cost, reportedCost: cost.map { $0 + Money(Decimal(string: "0.001") ?? 0) })
    }

    static func money(_ text: String) -> Money { Money(decimalString: text) ?? .zero }
}
