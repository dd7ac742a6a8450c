import Foundation

/// What the engine tells its caller while a turn runs. The stream always ends with `finished` or `failed`.
public enum EngineEvent: Sendable {
    /// The route was decided: candidates in order, what was left out, and why.
    case planned(RouteDecision)
    /// Something a person should know that is not a failure: a budget warning, a wait for a provider to recover.
    case notice(String)
    case routed(RouteInfo, attempt: Int)
    /// Visible answer text.
    case delta(String)
    /// Thinking text as it streams (shown folded, never part of the answer). The blocks with their signatures,
    /// and the tool calls, come whole in `TurnSummary`.
    case reasoning(String)
    case usage(Usage)
    case attemptFailed(AttemptRecord, ProviderError)
    case fallback(from: RouteInfo, to: RouteInfo, because: ProviderError)
    case retrying(RouteInfo, after: Duration, because: ProviderError)
    case finished(TurnSummary)
    case failed(TurnFailure)
}
