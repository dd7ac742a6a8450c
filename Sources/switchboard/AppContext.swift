import Foundation
import SwitchboardConfig
import SwitchboardCore
import SwitchboardHTTP
import SwitchboardStore

/// Everything a command needs, wired once: configuration, catalog, providers, transport and engine.
struct AppContext {
    var environment: [String: String]
    var configuration: Configuration
    var catalog: ModelCatalog
    var registry: ProviderRegistry
    var transport: any HTTPTransport
    private var httpTransport: AsyncHTTPTransport

    /// Loads config and catalogs. Throws `ConfigurationError` or `CatalogStoreError` with a message to show.
    static func load(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> AppContext {
        let configuration = try ConfigLoader.load(environment: environment)
        let imported = try UserCatalogStore(environment: environment).loadAll()
        let catalog = configuration.catalog(over: BundledCatalog.catalog
            .merging(DemoProvider.models)
            .merging(imported))
        let registry = try ProviderRegistry.resolve(configuration: configuration, environment: environment)
        let http = AsyncHTTPTransport()
        let pace = try demoPace(environment)
        let demo = DemoTransport(next: http, paceScale: pace)
        // Providers with a key_cmd get their key when their first request leaves, not at start.
        let transport: any HTTPTransport = registry.deferredKeys.isEmpty ? demo
            : KeyCommandTransport(next: demo, deferredKeys: registry.deferredKeys)
        return AppContext(environment: environment, configuration: configuration, catalog: catalog, registry: registry,
                          transport: transport, httpTransport: http)
    }

    /// `SWITCHBOARD_DEMO_PACE`: how fast the demo models answer (0 instantly, 1 realistic, up to 100 times slower).
    static func demoPace(_ environment: [String: String]) throws -> Double {
        guard let text = environment["SWITCHBOARD_DEMO_PACE"] else { return 1 }
        guard let pace = Double(text), pace.isFinite, (0...100).contains(pace) else {
            throw CLIError.usage("SWITCHBOARD_DEMO_PACE must be a number from 0 to 100, not '\(text)'")
        }
        return pace
    }

    var planner: RoutePlanner {
        RoutePlanner(catalog: catalog, registry: registry, aliases: configuration.aliases)
    }

    /// The engine, seeded from the store's recent attempts (deployment health, observed speeds) and holding
    /// budgets in it. Without a store, budgets are held in memory for this process only.
    /// `postsTurnWrites` (`serve`): the ledger posts a turn's writes to its `TurnWrites` (`PostedLedger`).
    func makeEngine(store: (any HistoryDatabase)?, postsTurnWrites: Bool = false) async throws -> RoutingEngine {
        let resolver = try RouteResolver(planner: planner, routing: configuration.routing)
        let recent = (try? await store?.recentAttempts(since: Date().addingTimeInterval(-86_400))) ?? []
        let ledger: (any Ledger & BudgetLedger)? = store.map { postsTurnWrites ? PostedLedger($0) : $0 as any Ledger & BudgetLedger }
        let budgetLedger: any BudgetLedger = ledger ?? MemoryBudgetLedger()
        let engine = RoutingEngine(resolver: resolver, transport: transport, ledger: ledger, budgetLedger: budgetLedger,
                                   timeouts: configuration.timeouts, retry: configuration.retry,
                                   continueOnFailure: configuration.continueOnFailure, recentAttempts: recent,
                                   observedThroughput: ObservedThroughput.rates(from: recent))
        // A database several instances share (PostgreSQL) shares deployment health too; SQLite keeps it per process.
        if let shared = store as? any SharedHealth { try await engine.shareHealth(shared) }
        return engine
    }

    /// The model used when none is named: the config's default, else an everyday model of the first real
    /// provider with a key, else the demo.
    var defaultModel: String {
        if let configured = configuration.defaultModel { return configured }
        for (provider, model) in Self.providerDefaults where registry.isAvailable(provider) {
            let served = catalog.model(model)?.deployments.contains { $0.provider == provider } ?? false
            if served { return model }
        }
        return "demo/mini"
    }

    /// Everyday models per provider, in the order providers are preferred when several have keys.
    static let providerDefaults: [(String, String)] = [
        ("openai", "openai/gpt-4o-mini"),
        ("anthropic", "anthropic/claude-haiku-4-5"),
        ("gemini", "google/gemini-2.5-flash"),
        ("openrouter", "openai/gpt-4o-mini"),
        ("groq", "openai/gpt-oss-120b"),
        ("mistral", "mistralai/magistral-small-latest"),
        ("deepseek", "deepseek/deepseek-v3.2"),
        ("together", "openai/gpt-oss-120b"),
        ("xai", "x-ai/grok-4.20"),
    ]

    func shutdown() async {
        try? await httpTransport.shutdown()
    }
}
