import Foundation

/// The budget's verdict, taken before the attempt loop starts: what it adds to the decision, what the person is
/// told, and which candidates are left. Pure, like the machine it feeds.
enum BudgetStart: Sendable {
    /// Go on with `candidates` (a downgrade drops the dearer ones first).
    case proceed(events: [EngineEvent], candidates: [RouteCandidate])
    /// Send nothing: the turn fails with this.
    case refused(events: [EngineEvent], TurnFailure)

    var events: [EngineEvent] {
        switch self {
        case .proceed(let events, _), .refused(let events, _): events
        }
    }

    /// Applies `verdict` to `decision`; the decision is emitted as `.planned` with the budget's note in it.
    static func after(_ verdict: BudgetPolicy.Decision, decision: RouteDecision) -> BudgetStart {
        var decision = decision
        switch verdict {
        case .fits(let reserve, let warnings):
            decision.notes.append("budget: fits, holding \(reserve.displayString)")
            return .proceed(events: [.planned(decision)] + warnings.map { .notice("budget: " + $0) },
                            candidates: decision.candidates)
        case .downgrade(let index, _, let because, let warnings):
            decision.notes.append("budget: " + because)
            let events: [EngineEvent] = [.planned(decision), .notice("budget: " + because)] + warnings.map { .notice("budget: " + $0) }
            return .proceed(events: events, candidates: Array(decision.candidates[index...]))
        case .block(let message):
            decision.notes.append("budget: refused: " + message)
            return .refused(events: [.planned(decision)],
                            TurnFailure(errors: [], attempts: [], summary: "refused by budget: " + message))
        }
    }

    /// The budget store could not be read: nothing is sent, since the turn's cost could not be held.
    static func unchecked(_ error: any Error, decision: RouteDecision) -> BudgetStart {
        .refused(events: [.planned(decision)],
                 TurnFailure(errors: [], attempts: [], summary: "could not check the budget: \(error)"))
    }
}
