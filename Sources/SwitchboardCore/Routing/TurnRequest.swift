import Foundation

/// One turn handed to the engine: the whole conversation so far and which model(s) may answer it.
public struct TurnRequest: Sendable {
    public var id: UUID
    public var messages: [ChatMessage]
    public var model: ModelRef
    /// Models to try, in order, when every deployment of `model` has failed.
    public var fallbacks: [ModelRef]
    public var maxTokens: Int?
    public var temperature: Double?
    /// Tools, output format, reasoning and sampling, passed to every attempt.
    public var options: ChatOptions
    /// The session's task tag (`/task code`, `--task code`), matched by task rules.
    public var task: String?
    /// Task rules may pick the route: true when the person did not name a model for this turn, or named `auto`.
    public var applyRules: Bool
    /// The stored session, for the session budget.
    public var sessionID: UUID?
    /// `serve`: the gateway key the request was authenticated with (G1/G2: set it from the authenticator's
    /// answer). Its caps are held with the global budget in one transaction, and the turn is recorded as its.
    public var gatewayKey: GatewayKey? = nil
    /// `serve`: the request's tags (`X-Switchboard-Tag`, `metadata`; see `GatewayTags`), for `spend --by tag`.
    /// G1/G2: set them here and pass the same to `TurnRecorder(... gatewayKey:tags:)`.
    public var tags: [String] = []

    public init(id: UUID = RandomUUID.make(), messages: [ChatMessage], model: ModelRef, fallbacks: [ModelRef] = [],
                maxTokens: Int? = nil, temperature: Double? = nil, options: ChatOptions = .none, task: String? = nil,
                applyRules: Bool? = nil, sessionID: UUID? = nil) {
        self.id = id
        self.messages = messages
        self.model = model
        self.fallbacks = fallbacks
        self.maxTokens = maxTokens
        self.temperature = temperature
        self.options = options
        self.task = task
        self.applyRules = applyRules ?? (AutoTiers.selector(in: model.id) != nil)
        self.sessionID = sessionID
    }
}

/// A deployment the engine is about to try, and why it was chosen.
public struct RouteInfo: Sendable, Hashable, Codable {
    public var model: String
    public var provider: String
    public var providerModel: String
    public var reason: String
    public var simulated: Bool

    public init(model: String, provider: String, providerModel: String, reason: String, simulated: Bool = false) {
        self.model = model
        self.provider = provider
        self.providerModel = providerModel
        self.reason = reason
        self.simulated = simulated
    }
}

/// How a turn ended with an answer (complete or not).
public struct TurnSummary: Sendable {
    public var route: RouteInfo
    public var text: String
    /// The tool calls the reply made, joined from their streamed pieces. A reply may be only tool calls
    /// (`finishReason` `tool_calls` / `tool_use`): that is a complete answer.
    public var toolCalls: [ToolCall]
    /// The thinking blocks of the answering attempt, with their signatures and origin.
    public var reasoning: [ReasoningPart]
    public var usage: Usage
    /// True when the provider reported no usage and the counts are local estimates.
    public var usageIsEstimate: Bool
    public var cost: Money?
    public var reportedCost: Money?
    public var ttft: Duration?
    public var duration: Duration
    /// False when the stream broke, stalled or was cancelled after the first token.
    public var complete: Bool
    /// The provider's own word for why the reply ended (`stop`, `tool_calls`, `end_turn`, `tool_use`, `STOP`).
    public var finishReason: String?
    /// What ended an incomplete turn.
    public var error: ProviderError?
    public var cancelled: Bool
    public var attempts: [AttemptRecord]
    /// Where another deployment took over a broken answer (`continue_on_failure`): character offsets in `text`.
    public var seams: [Int]
    /// The first write of this turn the ledger or the budget refused (already emitted as a notice): spend and
    /// stats miss part of it. Nil when everything was recorded.
    public var ledgerError: String?

    public init(route: RouteInfo, text: String, usage: Usage, usageIsEstimate: Bool = false, cost: Money? = nil,
                reportedCost: Money? = nil, ttft: Duration? = nil, duration: Duration, complete: Bool,
                finishReason: String? = nil, error: ProviderError? = nil, cancelled: Bool = false,
                attempts: [AttemptRecord], seams: [Int] = [], toolCalls: [ToolCall] = [], reasoning: [ReasoningPart] = []) {
        self.route = route
        self.text = text
        self.toolCalls = toolCalls
        self.reasoning = reasoning
        self.usage = usage
        self.usageIsEstimate = usageIsEstimate
        self.cost = cost
        self.reportedCost = reportedCost
        self.ttft = ttft
        self.duration = duration
        self.complete = complete
        self.finishReason = finishReason
        self.error = error
        self.cancelled = cancelled
        self.attempts = attempts
        self.seams = seams
    }

    /// The reply as a history message: thinking first, then the text, then the tool calls, the order every
    /// provider wants them back in.
    public var message: ChatMessage {
        var parts = reasoning.map(ContentPart.reasoning)
        if !text.isEmpty || toolCalls.isEmpty { parts.append(.text(text)) }
        parts += toolCalls.map(ContentPart.toolCall)
        return ChatMessage(role: .assistant, parts: parts)
    }

    /// Output tokens per second after the first token arrived.
    public var tokensPerSecond: Double? {
        guard let ttft, usage.output > 0 else { return nil }
        let generating = (duration - ttft).seconds
        return generating > 0 ? Double(usage.output) / generating : nil
    }
}

/// Every candidate failed before producing an answer.
public struct TurnFailure: Error, Sendable, CustomStringConvertible {
    public var errors: [ProviderError]
    public var attempts: [AttemptRecord]
    public var summary: String
    /// As `TurnSummary.ledgerError`.
    public var ledgerError: String?

    public init(errors: [ProviderError], attempts: [AttemptRecord], summary: String) {
        self.errors = errors
        self.attempts = attempts
        self.summary = summary
    }

    public var description: String { summary }
}
