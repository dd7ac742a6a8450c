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
    /// and the tool calls, also come whole in `TurnSummary`.
    case reasoning(String)
    /// What closes a thinking block as it streams, or a redacted block (see `ReasoningSeal`). Its text came in
    /// `.reasoning` before it.
    case reasoningSeal(ReasoningSeal)
    /// A piece of a tool call as it streams, for a front end that passes calls on in pieces. `index` is the
    /// call's position in the reply, as in `TurnSummary.toolCalls` (which holds the joined calls); it restarts at
    /// 0 with each attempt. The first piece of a call carries its id (when the provider gave one) and name.
    case toolCall(ToolCallDelta)
    case usage(Usage)
    case attemptFailed(AttemptRecord, ProviderError)
    case fallback(from: RouteInfo, to: RouteInfo, because: ProviderError)
    case retrying(RouteInfo, after: Duration, because: ProviderError)
    case finished(TurnSummary)
    case failed(TurnFailure)
}
