import Foundation
import SwitchboardCore

/// A request as any wire format decodes it, before the model is resolved: what `GatewayContext.prepare` turns
/// into the engine's `TurnRequest`. Each inbound decoder (OpenAI Chat, Anthropic Messages, Responses) fills it.
public struct InboundTurn: Sendable {
    /// As the client wrote it: an id, alias, route, `auto`, with `:floor`/`:nitro` and `@provider`. Nil: the
    /// configured default model.
    public var model: String?
    /// OpenRouter's `models: [...]`: tried in order after `model`.
    public var fallbackModels: [String]
    public var messages: [ChatMessage]
    public var maxTokens: Int?
    public var temperature: Double?
    public var options: ChatOptions
    public var stream: Bool
    public var provider: ProviderPreferences
    /// From `X-Switchboard-Tag` and `metadata`, for `spend --by tag`.
    public var tags: [String]
    /// The conversation the request names (`GatewaySessionID`): its turns share a session. Nil: the key's day.
    public var conversation: String?

    public init(model: String?, fallbackModels: [String] = [], messages: [ChatMessage], maxTokens: Int? = nil,
                temperature: Double? = nil, options: ChatOptions = .none, stream: Bool = false,
                provider: ProviderPreferences = ProviderPreferences(), tags: [String] = [],
                conversation: String? = nil) {
        self.model = model
        self.fallbackModels = fallbackModels
        self.messages = messages
        self.maxTokens = maxTokens
        self.temperature = temperature
        self.options = options
        self.stream = stream
        self.provider = provider
        self.tags = tags
        self.conversation = conversation
    }
}

/// OpenRouter's `provider` object: which providers may serve the model and in what order.
public struct ProviderPreferences: Sendable, Equatable {
    /// Providers to try first, in this order.
    public var order: [String] = []
    /// The only providers allowed.
    public var only: [String] = []
    /// Providers never to use.
    public var ignore: [String] = []
    /// False: only the providers in `order` (OpenRouter's default is true).
    public var allowFallbacks: Bool?
    /// `price` (cheapest first, `:floor`), `throughput` or `latency` (fastest first, `:nitro`).
    public var sort: String?
    /// USD per million tokens; a deployment above either, or with an unknown price, is not used.
    public var maxPromptPrice: Decimal?
    public var maxCompletionPrice: Decimal?
    /// Only deployments known to support every parameter the request uses (tools, images, response format).
    public var requireParameters: Bool?

    public init() {}

    public var isEmpty: Bool { self == ProviderPreferences() }

    /// Whether the request limits or orders the providers (beyond `sort`).
    public var restrictsProviders: Bool {
        !order.isEmpty || !only.isEmpty || !ignore.isEmpty || maxPromptPrice != nil || maxCompletionPrice != nil
    }
}
