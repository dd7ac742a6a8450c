import Foundation

/// Everything a user can set in `config.toml`, already parsed and checked. Parsing lives in SwitchboardConfig;
/// Core only sees values.
public struct Configuration: Sendable {
    public var defaultModel: String?
    public var providers: [String: ProviderSettings]
    /// Short names for models or model lists: `fast = "groq/llama-3.1-8b-instant"`.
    public var aliases: [String: String]
    /// Extra models, or overrides of bundled prices and windows (lay them over a catalog with `catalog(over:)`).
    public var modelEntries: [ModelEntry]
    /// The entries' models as written (a provider-side name not given is guessed from the id).
    public var models: [CatalogModel] { modelEntries.map(\.model) }
    public var timeouts: Timeouts
    public var retry: RetryPolicy
    /// Routes, auto tiers, task rules, budgets, health and constraints.
    public var routing = RoutingConfiguration()
    /// When an answer breaks after it started, ask the next candidate to continue it (the seam is recorded).
    public var continueOnFailure = false
    /// `[caching] auto`: place prompt-cache breakpoints where a provider needs them (Anthropic); on by default.
    public var promptCaching = true
    /// The workbench's colour theme by name (or a path to a theme file); `--theme` overrides it.
    public var theme: String?
    /// `database_url`: where the history lives when neither `--db` nor `$SWITCHBOARD_DB` says: a `postgres://…`
    /// URL (a shared PostgreSQL database) or a SQLite file's path.
    public var databaseURL: String?
    /// `[context]`: automatic compaction and the model that writes summaries.
    public var context = ContextSettings()
    /// `[ui]`: hyperlinks in the workbench.
    public var ui = UISettings()
    /// `[mcp.NAME]`: tool servers, by name.
    public var mcpServers: [String: MCPServerSettings] = [:]
    /// `[tools]`: how far a turn's tool loop may go.
    public var tools = ToolSettings()
    /// The file it came from, for messages.
    public var sourcePath: String?

    public init(defaultModel: String? = nil, providers: [String: ProviderSettings] = [:], aliases: [String: String] = [:],
                models: [CatalogModel] = [], timeouts: Timeouts = Timeouts(), retry: RetryPolicy = RetryPolicy(),
                sourcePath: String? = nil) {
        self.defaultModel = defaultModel
        self.providers = providers
        self.aliases = aliases
        modelEntries = models.map { ModelEntry(model: $0, providerModelIsExplicit: true) }
        self.timeouts = timeouts
        self.retry = retry
        self.sourcePath = sourcePath
    }
}

/// One `[providers.NAME]` table: overrides for a known provider, or a new OpenAI-compatible server.
public struct ProviderSettings: Sendable, Hashable {
    public var baseURL: String?
    /// Environment variable holding the key (overrides the provider's usual one).
    public var keyEnvironment: String?
    /// A key written in the config file itself (kept out of logs and the database like any key).
    public var apiKey: String?
    /// `key_cmd`: a shell command that prints the key (`pass show openai`), run at most once per process when the
    /// key is first needed. The environment's key wins over it, and it wins over `api_key`.
    public var keyCommand: String?
    public var headers: [String: String]
    public var enabled: Bool?
    /// For servers Switchboard does not know: which protocol they speak (default OpenAI-compatible).
    public var wire: WireProtocol?
    /// `think_tags`: a `<think>…</think>` block opening an answer is the model's thinking (OpenAI-compatible
    /// servers; nil keeps the provider's default: on for Ollama, Groq, Together and servers Switchboard does not know).
    public var thinkTags: Bool?

    public init(baseURL: String? = nil, keyEnvironment: String? = nil, apiKey: String? = nil,
                headers: [String: String] = [:], enabled: Bool? = nil, wire: WireProtocol? = nil) {
        self.baseURL = baseURL
        self.keyEnvironment = keyEnvironment
        self.apiKey = apiKey
        self.headers = headers
        self.enabled = enabled
        self.wire = wire
    }
}

/// How long the engine waits at each phase of an attempt before moving on.
public struct Timeouts: Sendable, Hashable {
    public var connect: Duration
    public var firstToken: Duration
    public var stall: Duration

    public init(connect: Duration = .seconds(10), firstToken: Duration = .seconds(60), stall: Duration = .seconds(30)) {
        self.connect = connect
        self.firstToken = firstToken
        self.stall = stall
    }
}
