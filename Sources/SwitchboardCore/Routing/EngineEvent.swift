import Foundation

/// What the engine tells its caller while a turn runs. The stream always ends with `finished` or `failed`.
public enum EngineEvent: Sendable {
    /// The route was decided: candidates in order, what was left out, and why.
    case planned(RouteDecision)
    /// Something a person should know that is not a failure: a budget warning, a wait for a provider to recover.
    case notice(String)
    case routed(RouteInfo, attempt: Int)
    case delta(String)
    case usage(Usage)
    case attemptFailed(AttemptRecord, ProviderError)
    case fallback(from: RouteInfo, to: RouteInfo, because: ProviderError)
    case retrying(RouteInfo, after: Duration, because: ProviderError)
    case finished(TurnSummary)
    case failed(TurnFailure)
}
