import Foundation

/// How a streamed reply ended: what `finishAssistantMessage` stores.
public struct AssistantCompletion: Sendable, Hashable {
    public var text: String
    public var status: MessageStatus
    public var resolvedModel: String?
    public var provider: String?
    public var usage: Usage?
    /// Computed from catalog prices; nil when unknown.
    public var cost: Money?
    /// What the provider said it charged, when it says.
    public var reportedCost: Money?
    public var ttft: Duration?
    public var duration: Duration?
    /// The reply's parts when it has more than its text (thinking, tool calls); nil for a text-only reply.
    public var parts: [ContentPart]?

    public init(text: String, status: MessageStatus, resolvedModel: String? = nil, provider: String? = nil,
                usage: Usage? = nil, cost: Money? = nil, reportedCost: Money? = nil, ttft: Duration? = nil,
                duration: Duration? = nil, parts: [ContentPart]? = nil) {
        self.text = text
        self.status = status
        self.resolvedModel = resolvedModel
        self.provider = provider
        self.usage = usage
        self.cost = cost
        self.reportedCost = reportedCost
        self.ttft = ttft
        self.duration = duration
        self.parts = parts
    }
}
