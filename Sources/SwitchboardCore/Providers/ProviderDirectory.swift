import Foundation

/// What Switchboard knows about a provider before any config: protocol, default address, where its key and
/// base-URL override come from. Quirks live here as data, so one OpenAI-compatible adapter serves them all.
public struct KnownProvider: Sendable, Hashable {
    public var name: String
    public var displayName: String
    public var wire: WireProtocol
    public var defaultBaseURL: String
    /// Environment variables that may hold the key, first match wins.
    public var keyEnvironment: [String]
    /// Environment variable that overrides the base URL, following the official SDK's convention.
    public var baseURLEnvironment: String?
    /// False for local servers (Ollama) that take no key.
    public var requiresKey: Bool
    public var quirks: WireQuirks
    public var extraHeaders: [String: String]

    public init(name: String, displayName: String, wire: WireProtocol, defaultBaseURL: String,
                keyEnvironment: [String], baseURLEnvironment: String? = nil, requiresKey: Bool = true,
                quirks: WireQuirks = WireQuirks(), extraHeaders: [String: String] = [:]) {
        self.name = name
        self.displayName = displayName
        self.wire = wire
        self.defaultBaseURL = defaultBaseURL
        self.keyEnvironment = keyEnvironment
        self.baseURLEnvironment = baseURLEnvironment
        self.requiresKey = requiresKey
        self.quirks = quirks
        self.extraHeaders = extraHeaders
    }
}

public enum ProviderDirectory {
    public static let all: [KnownProvider] = [
        KnownProvider(name: "openai", displayName: "OpenAI", wire: .openAIChat,
                      defaultBaseURL: "https://api.openai.com/v1", keyEnvironment: ["OPENAI_API_KEY"],
                      baseURLEnvironment: "OPENAI_BASE_URL",
                      quirks: WireQuirks(maxTokensField: "max_completion_tokens", reasoningOffEffort: "minimal")),
        KnownProvider(name: "anthropic", displayName: "Anthropic", wire: .anthropic,
                      defaultBaseURL: "https://api.anthropic.com", keyEnvironment: ["ANTHROPIC_API_KEY"],
                      baseURLEnvironment: "ANTHROPIC_BASE_URL"),
        KnownProvider(name: "gemini", displayName: "Google Gemini", wire: .gemini,
                      defaultBaseURL: "https://generativelanguage.googleapis.com",
                      keyEnvironment: ["GEMINI_API_KEY", "GOOGLE_API_KEY"], baseURLEnvironment: "GEMINI_BASE_URL"),
        KnownProvider(name: "openrouter", displayName: "OpenRouter", wire: .openAICompatible,
                      defaultBaseURL: "https://openrouter.ai/api/v1", keyEnvironment: ["OPENROUTER_API_KEY"],
                      baseURLEnvironment: "OPENROUTER_BASE_URL",
                      // Usage always arrives on OpenRouter; include_usage is a documented no-op there.
                      quirks: WireQuirks(maxTokensField: "max_tokens", streamUsageOption: false, reportsCost: true,
                                         reasoningStyle: .openRouter),
                      extraHeaders: ["X-Title": "Switchboard"]),
        KnownProvider(name: "groq", displayName: "Groq", wire: .openAICompatible,
                      defaultBaseURL: "https://api.groq.com/openai/v1", keyEnvironment: ["GROQ_API_KEY"],
                      // Asked for thinking, Groq puts it in `reasoning` ("parsed"); otherwise its reasoning models
                      // answer "raw", thinking inline. Qwen3 takes only `none`/`default` as an effort; gpt-oss
                      // cannot stop thinking, and models that do not think refuse the field: "off" sends nothing.
                      quirks: WireQuirks(reasoningFormat: "parsed",
                                         modelEfforts: [.init(modelPrefix: "qwen/", off: "none", on: "default")],
                                         thinkTags: true)),
        KnownProvider(name: "mistral", displayName: "Mistral", wire: .openAICompatible,
                      defaultBaseURL: "https://api.mistral.ai/v1", keyEnvironment: ["MISTRAL_API_KEY"],
                      // Mistral streams usage on the last chunk by default and rejects unknown fields.
                      quirks: WireQuirks(maxTokensField: "max_tokens", streamUsageOption: false, reasoningStyle: .none)),
        KnownProvider(name: "deepseek", displayName: "DeepSeek", wire: .openAICompatible,
                      defaultBaseURL: "https://api.deepseek.com/v1", keyEnvironment: ["DEEPSEEK_API_KEY"],
                      // The reasoner always thinks and streams it as `reasoning_content`; there is no setting.
                      quirks: WireQuirks(reasoningStyle: .none)),
        KnownProvider(name: "together", displayName: "Together AI", wire: .openAICompatible,
                      defaultBaseURL: "https://api.together.xyz/v1", keyEnvironment: ["TOGETHER_API_KEY"],
                      // DeepSeek-R1 and Qwen3 answer with their thinking inline.
                      quirks: WireQuirks(thinkTags: true)),
        KnownProvider(name: "xai", displayName: "xAI", wire: .openAICompatible,
                      defaultBaseURL: "https://api.x.ai/v1", keyEnvironment: ["XAI_API_KEY"]),
        KnownProvider(name: "ollama", displayName: "Ollama", wire: .openAICompatible,
                      defaultBaseURL: "http://127.0.0.1:11434/v1", keyEnvironment: [],
                      baseURLEnvironment: "OLLAMA_HOST", requiresKey: false,
                      // Ollama maps reasoning_effort to `think`; "none" turns thinking off. Without `think` a
                      // thinking model (DeepSeek-R1, Qwen3) answers with its thinking inline.
                      quirks: WireQuirks(reasoningOffEffort: "none", thinkTags: true)),
        KnownProvider(name: "demo", displayName: "Demo (simulated)", wire: .demo,
                      defaultBaseURL: "demo://local", keyEnvironment: [], requiresKey: false),
    ]

    public static func provider(named name: String) -> KnownProvider? {
        all.first { $0.name == name.lowercased() }
    }
}
