import Foundation

/// What a deployment can do beyond plain chat.
public enum Capability: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case tools, vision, reasoning, pdf
    case promptCaching = "caching"
    case jsonSchema = "json"

    public static func < (lhs: Capability, rhs: Capability) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// What the data says a deployment can and cannot do. A capability in neither set is unknown: the data did
/// not say (LiteLLM leaves most flags out for some models), which routing may treat differently from a "no".
public struct Capabilities: Sendable, Hashable, Codable {
    public var supported: Set<Capability>
    /// What the data states the deployment lacks.
    public var lacking: Set<Capability>

    public init(supported: Set<Capability> = [], lacking: Set<Capability> = []) {
        self.supported = supported
        self.lacking = lacking.isEmpty || supported.isEmpty ? lacking : lacking.subtracting(supported)
    }

    /// Every capability stated: `supported`, and all others lacking (a source that lists them all, like OpenRouter).
    public static func complete(_ supported: Set<Capability>) -> Capabilities {
        Capabilities(supported: supported, lacking: all.subtracting(supported))
    }

    static let all = Set(Capability.allCases)

    /// true or false when the data says, nil when it does not.
    public func supports(_ capability: Capability) -> Bool? {
        if supported.contains(capability) { return true }
        return lacking.contains(capability) ? false : nil
    }

    /// True when every capability is stated one way or the other.
    public var isComplete: Bool { supported.union(lacking).count == Capability.allCases.count }
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
    /// What the data says this deployment can and cannot do.
    public var capabilityFacts: Capabilities
    /// Output tokens per second the catalog expects, before the ledger has observed any.
    public var throughputHint: Double?
    /// True for the demo provider's offline models: never a real model.
    public var simulated: Bool

    public init(provider: String, providerModel: String, price: Price, contextWindow: Int? = nil,
                maxOutput: Int? = nil, capabilities: Set<Capability> = [], lacking: Set<Capability> = [],
                throughputHint: Double? = nil, simulated: Bool = false) {
        self.provider = provider
        self.providerModel = providerModel
        self.price = price
        self.contextWindow = contextWindow
        self.maxOutput = maxOutput
        self.capabilityFacts = Capabilities(supported: capabilities, lacking: lacking)
        self.throughputHint = throughputHint
        self.simulated = simulated
    }
}

extension Deployment {
    /// What this deployment is known to support (a capability it lacks or the data does not state is left out).
    public var capabilities: Set<Capability> {
        get { capabilityFacts.supported }
        set { capabilityFacts = Capabilities(supported: newValue, lacking: capabilityFacts.lacking) }
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
