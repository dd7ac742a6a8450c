import Foundation

/// What a deployment can do beyond plain chat.
public enum Capability: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case tools, vision, reasoning
    case promptCaching = "caching"
    case jsonSchema = "json"

    public static func < (lhs: Capability, rhs: Capability) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// One provider serving one model: under which name, at what price, with how large a window.
public struct Deployment: Sendable, Hashable, Codable {
    /// Provider name as configured: `openai`, `anthropic`, `gemini`, `openrouter`, `groq`, `ollama`, `demo`, ...
    public var provider: String
    /// The model name that provider's API expects.
    public var providerModel: String
    public var price: Price
    public var contextWindow: Int?
    public var maxOutput: Int?
    public var capabilities: Set<Capability>
    /// Output tokens per second the catalog expects, before the ledger has observed any.
    public var throughputHint: Double?
    /// True for the demo provider's offline models: never a real model.
    public var simulated: Bool

    public init(provider: String, providerModel: String, price: Price, contextWindow: Int? = nil,
                maxOutput: Int? = nil, capabilities: Set<Capability> = [], throughputHint: Double? = nil,
                simulated: Bool = false) {
        self.provider = provider
        self.providerModel = providerModel
        self.price = price
        self.contextWindow = contextWindow
        self.maxOutput = maxOutput
        self.capabilities = capabilities
        self.throughputHint = throughputHint
        self.simulated = simulated
    }
}

/// A canonical model (`anthropic/claude-sonnet-4-5`) and every deployment that serves it.
public struct CatalogModel: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var deployments: [Deployment]

    public init(id: String, name: String, deployments: [Deployment]) {
        self.id = id
        self.name = name
        self.deployments = deployments
    }
}
