import Foundation

/// What one turn asks of a model, in neutral form. Adapters translate it to their wire format.
/// `request.tools`, `request.reasoning`… read through to `options`.
@dynamicMemberLookup
public struct ChatRequest: Sendable, Hashable {
    /// The whole conversation, system messages included; adapters move them where their protocol wants them.
    public var messages: [ChatMessage]
    public var maxTokens: Int?
    public var temperature: Double?
    /// Tools, output format, reasoning and sampling beyond temperature.
    public var options: ChatOptions

    public init(messages: [ChatMessage], maxTokens: Int? = nil, temperature: Double? = nil, options: ChatOptions = .none) {
        self.messages = messages
        self.maxTokens = maxTokens
        self.temperature = temperature
        self.options = options
    }

    public subscript<Value>(dynamicMember keyPath: WritableKeyPath<ChatOptions, Value>) -> Value {
        get { options[keyPath: keyPath] }
        set { options[keyPath: keyPath] = newValue }
    }
}

/// Something a response stream said, in neutral form.
public enum StreamEvent: Sendable, Hashable {
    /// Visible answer text.
    case text(String)
    /// Thinking, as it streams: text, and the signature or redacted data when the provider sends it.
    case reasoning(ReasoningDelta)
    /// A piece of a tool call. The engine joins the pieces by `index` (`ToolCallAssembly`).
    case toolCall(ToolCallDelta)
    /// Token counts so far; a later event replaces an earlier one (providers report cumulative totals).
    case usage(Usage)
    /// The provider's own cost figure (OpenRouter's `usage.cost`).
    case reportedCost(Money)
    /// The model the provider says answered, when it names one.
    case servedModel(String)
    /// The protocol's end marker arrived; the reason is the provider's own word (`stop`, `end_turn`, `STOP`).
    case finished(reason: String?)
}

/// A piece of streamed thinking. Text continues the current block; a signature closes it; redacted data is a
/// block of its own.
public struct ReasoningDelta: Sendable, Hashable {
    public var text: String
    public var signature: String?
    public var redactedData: String?

    public init(text: String = "", signature: String? = nil, redactedData: String? = nil) {
        self.text = text
        self.signature = signature
        self.redactedData = redactedData
    }
}

/// A piece of a streamed tool call. The first piece of a call names it (`id`, `name`); later pieces with the same
/// `index` add argument text, which may split anywhere, mid-string or mid-escape.
public struct ToolCallDelta: Sendable, Hashable {
    /// Which call of the reply this continues (OpenAI's `index`, Anthropic's content block index).
    public var index: Int
    public var id: String?
    public var name: String?
    public var arguments: String
    /// Opaque data the provider needs back with the call (Gemini's `thoughtSignature`).
    public var signature: String?

    public init(index: Int, id: String? = nil, name: String? = nil, arguments: String = "", signature: String? = nil) {
        self.index = index
        self.id = id
        self.name = name
        self.arguments = arguments
        self.signature = signature
    }
}

/// Turns one response body into events. A decoder serves a single stream and is used from one task.
public protocol StreamDecoder: AnyObject {
    /// Consumes the next network chunk. Throws `ProviderError` for an error the stream carries.
    func consume(_ bytes: [UInt8]) throws -> [StreamEvent]
    /// The body ended. Throws `ProviderError` of kind `.truncated` unless the end marker was seen.
    func finish() throws -> [StreamEvent]
}

/// Where and how to reach one configured provider.
public struct ProviderEndpoint: Sendable, Hashable {
    /// The provider's name in model refs and the catalog (`openai`, `groq`, `my-vllm`).
    public var name: String
    public var wire: WireProtocol
    /// For OpenAI-style providers the URL up to and including the version (`https://api.openai.com/v1`);
    /// for Anthropic and Gemini the root (`https://api.anthropic.com`).
    public var baseURL: URL
    public var apiKey: String?
    public var extraHeaders: HTTPHeaders
    public var quirks: WireQuirks
    /// `[caching] auto`: false sends no prompt-cache breakpoints to this provider, whatever the request says.
    public var promptCaching = true

    public init(name: String, wire: WireProtocol, baseURL: URL, apiKey: String? = nil,
                extraHeaders: HTTPHeaders = HTTPHeaders(), quirks: WireQuirks = WireQuirks()) {
        self.name = name
        self.wire = wire
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.extraHeaders = extraHeaders
        self.quirks = quirks
    }
}

/// The wire protocols Switchboard speaks. Each has exactly one adapter file.
public enum WireProtocol: String, Sendable, Hashable, Codable, CaseIterable {
    case openAIChat = "openai"
    case openAICompatible = "openai-compatible"
    case anthropic
    case gemini
    case demo
}

/// Differences between OpenAI-compatible servers, as data rather than branches in the adapter.
public struct WireQuirks: Sendable, Hashable, Codable {
    /// The body field for the output limit: `max_completion_tokens` (OpenAI) or `max_tokens` (most clones).
    public var maxTokensField: String
    /// Send `stream_options: {"include_usage": true}`; without it most servers stream no usage.
    public var streamUsageOption: Bool
    /// The server reports its own cost in `usage.cost` (OpenRouter).
    public var reportsCost: Bool
    /// How a reasoning setting is asked for.
    public var reasoningStyle: ReasoningStyle
    /// The `reasoning_effort` sent for "reasoning off" (OpenAI's lowest is `minimal`); nil sends nothing.
    public var reasoningOffEffort: String?
    /// Sent as `reasoning_format` with a reasoning setting other than off (Groq: `parsed` puts the thinking in
    /// `reasoning`, where its default `raw` leaves it inline in the answer); nil sends nothing.
    public var reasoningFormat: String?
    /// Models that take other words for `reasoning_effort` than low/medium/high (Groq's Qwen3: `none` or `default`).
    public var modelEfforts: [ModelEffort]
    /// The server may put thinking inline, `<think>…</think>` at the start of the answer (Ollama, vLLM and
    /// llama.cpp serving DeepSeek-R1 or Qwen3, Groq's default `raw` format): it is read as thinking.
    public var thinkTags: Bool

    /// The request field a server reads a reasoning setting from.
    public enum ReasoningStyle: String, Sendable, Hashable, Codable {
        /// `reasoning_effort: low|medium|high` (OpenAI, Groq, xAI, Ollama); a token budget is sent as the
        /// nearest effort.
        case effort
        /// `reasoning: {effort}` or `{max_tokens}`, `{enabled: false}` for off (OpenRouter).
        case openRouter
        /// The server takes no setting (DeepSeek's reasoner always thinks; Mistral rejects unknown fields).
        case none
    }

    /// The `reasoning_effort` words of the models whose name starts with `modelPrefix`.
    public struct ModelEffort: Sendable, Hashable, Codable {
        public var modelPrefix: String
        /// Sent for "reasoning off"; nil sends nothing.
        public var off: String?
        /// Sent for any effort or budget.
        public var on: String

        public init(modelPrefix: String, off: String?, on: String) {
            self.modelPrefix = modelPrefix
            self.off = off
            self.on = on
        }
    }

    public init(maxTokensField: String = "max_tokens", streamUsageOption: Bool = true, reportsCost: Bool = false,
                reasoningStyle: ReasoningStyle = .effort, reasoningOffEffort: String? = nil,
                reasoningFormat: String? = nil, modelEfforts: [ModelEffort] = [], thinkTags: Bool = false) {
        self.maxTokensField = maxTokensField
        self.streamUsageOption = streamUsageOption
        self.reportsCost = reportsCost
        self.reasoningStyle = reasoningStyle
        self.reasoningOffEffort = reasoningOffEffort
        self.reasoningFormat = reasoningFormat
        self.modelEfforts = modelEfforts
        self.thinkTags = thinkTags
    }

    private enum CodingKeys: String, CodingKey {
        case maxTokensField, streamUsageOption, reportsCost, reasoningStyle, reasoningOffEffort
        case reasoningFormat, modelEfforts, thinkTags
    }

    /// Quirks written before the reasoning fields (or the later ones) existed read with their defaults.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(maxTokensField: try container.decode(String.self, forKey: .maxTokensField),
                  streamUsageOption: try container.decode(Bool.self, forKey: .streamUsageOption),
                  reportsCost: try container.decode(Bool.self, forKey: .reportsCost),
                  reasoningStyle: try container.decodeIfPresent(ReasoningStyle.self, forKey: .reasoningStyle) ?? .effort,
                  reasoningOffEffort: try container.decodeIfPresent(String.self, forKey: .reasoningOffEffort),
                  reasoningFormat: try container.decodeIfPresent(String.self, forKey: .reasoningFormat),
                  modelEfforts: try container.decodeIfPresent([ModelEffort].self, forKey: .modelEfforts) ?? [],
                  thinkTags: try container.decodeIfPresent(Bool.self, forKey: .thinkTags) ?? false)
    }
}

/// One wire protocol's translation: neutral request to HTTP, HTTP back to neutral events and errors.
/// Pure: no I/O, so every byte it produces can be checked by a golden test.
public protocol ProviderAdapter: Sendable {
    func makeRequest(_ request: ChatRequest, model: String, endpoint: ProviderEndpoint) throws -> HTTPRequest
    func makeDecoder(endpoint: ProviderEndpoint) -> any StreamDecoder
    /// Maps a non-2xx response to the taxonomy, with the provider's message and wait hint.
    func error(status: Int, headers: HTTPHeaders, body: [UInt8], endpoint: ProviderEndpoint) -> ProviderError
    /// What `makeRequest` leaves out of the history (another vendor's thinking), in words for a notice.
    func historyNotes(for request: ChatRequest) -> [String]
    /// The reply tokens `makeRequest` lets the model produce, thinking included: what a budget hold must cover.
    func outputLimit(for request: ChatRequest) -> Int?
}

extension ProviderAdapter {
    public func historyNotes(for request: ChatRequest) -> [String] { [] }
    /// The requested limit: OpenAI-style wires count reasoning inside it.
    public func outputLimit(for request: ChatRequest) -> Int? { request.maxTokens }
}
