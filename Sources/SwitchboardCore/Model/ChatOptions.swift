import Foundation

/// What a request asks of the model beyond its messages and limits: tools, output shape, reasoning and
/// sampling. Every field is optional; an adapter sends only what is set, in its own wire's words.
public struct ChatOptions: Sendable, Hashable, Codable {
    public var tools: [ToolDefinition]
    public var toolChoice: ToolChoice?
    /// Whether the model may call several tools in one reply; nil leaves the provider's default.
    public var parallelToolCalls: Bool?
    public var responseFormat: ResponseFormat?
    public var reasoning: ReasoningSetting?
    public var stopSequences: [String]
    public var topP: Double?
    public var seed: Int?
    /// Prompt caching where the provider needs to be asked (Anthropic `cache_control` breakpoints, placed
    /// automatically); false sends none (`[caching] auto = false`).
    public var caching: Bool

    public init(tools: [ToolDefinition] = [], toolChoice: ToolChoice? = nil, parallelToolCalls: Bool? = nil,
                responseFormat: ResponseFormat? = nil, reasoning: ReasoningSetting? = nil,
                stopSequences: [String] = [], topP: Double? = nil, seed: Int? = nil, caching: Bool = true) {
        self.tools = tools
        self.toolChoice = toolChoice
        self.parallelToolCalls = parallelToolCalls
        self.responseFormat = responseFormat
        self.reasoning = reasoning
        self.stopSequences = stopSequences
        self.topP = topP
        self.seed = seed
        self.caching = caching
    }

    public static let none = ChatOptions()
}

/// A tool the model may call.
public struct ToolDefinition: Sendable, Hashable, Codable {
    public var name: String
    public var description: String?
    /// A JSON Schema for the arguments object, as written.
    public var parameters: JSONText

    public init(name: String, description: String? = nil, parameters: JSONText) {
        self.name = name
        self.description = description
        self.parameters = parameters
    }
}

public enum ToolChoice: Sendable, Hashable, Codable {
    /// The model decides.
    case auto
    /// No tool calls.
    case none
    /// At least one tool call.
    case required
    /// This tool.
    case tool(String)
}

public enum ResponseFormat: Sendable, Hashable, Codable {
    case text
    /// Any JSON object.
    case jsonObject
    /// JSON matching `schema`; `strict` asks the provider to enforce it where it can.
    case jsonSchema(name: String, schema: JSONText, strict: Bool)
}

/// How much the model should think.
public enum ReasoningSetting: Sendable, Hashable, Codable {
    /// No thinking where the model allows turning it off.
    case off
    case effort(ReasoningEffort)
    /// A thinking budget in tokens (Anthropic `budget_tokens`, Gemini `thinkingBudget`, OpenRouter `max_tokens`).
    case budget(tokens: Int)
}

public enum ReasoningEffort: String, Sendable, Hashable, Codable, CaseIterable {
    case low, medium, high

    /// A token budget for wires that take only a budget, from OpenRouter's effort ratios of the output limit
    /// (high 0.8, medium 0.5, low 0.2), with Anthropic's 1024-token floor.
    public func budget(maxTokens: Int) -> Int {
        let ratio: Double = switch self {
        case .low: 0.2
        case .medium: 0.5
        case .high: 0.8
        }
        return max(1024, Int(Double(maxTokens) * ratio))
    }
}
