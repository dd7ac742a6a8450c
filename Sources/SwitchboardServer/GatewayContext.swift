import Foundation
import Hummingbird
import SwitchboardCore

/// Everything a route needs, wired once by `switchboard serve`: the engine, the store (through Core's ports),
/// the catalog and configuration for resolving models, the authenticator and the limits.
public struct GatewayContext: Sendable {
    public var engine: RoutingEngine
    /// The history database; nil only in tests that run without one.
    public var store: (any HistoryDatabase)?
    public var catalog: ModelCatalog
    public var configuration: Configuration
    /// The model used when a request names none.
    public var defaultModel: String
    public var authenticator: any GatewayAuthenticator
    public var limits: GatewayLimits
    /// Turns in flight, so a shutdown can stop the ones still running at its deadline.
    public var turns: GatewayTurns
    /// What `GET /metrics` reports.
    public var metrics: GatewayMetrics
    /// The sessions conversations were placed in, so their later turns begin without waiting for the database.
    let placements = GatewayPlacements()

    public init(engine: RoutingEngine, store: (any HistoryDatabase)?, catalog: ModelCatalog,
                configuration: Configuration, defaultModel: String,
                authenticator: any GatewayAuthenticator = OpenGatewayAuthenticator(),
                limits: GatewayLimits = GatewayLimits(), turns: GatewayTurns = GatewayTurns(),
                metrics: GatewayMetrics = GatewayMetrics()) {
        self.engine = engine
        self.store = store
        self.catalog = catalog
        self.configuration = configuration
        self.defaultModel = defaultModel
        self.authenticator = authenticator
        self.limits = limits
        self.turns = turns
        self.metrics = metrics
    }

    /// The one credentials check: every route calls it before reading the body.
    public func authorize(_ request: Request) async -> Result<GatewayCaller, GatewayDenial> {
        await authenticator.authenticate(GatewayCredentials(headers: request.headers))
    }
}

/// Request limits.
public struct GatewayLimits: Sendable {
    /// The largest request body accepted; larger ones get 413.
    public var maxBodyBytes: Int

    public init(maxBodyBytes: Int = 32 * 1024 * 1024) {
        self.maxBodyBytes = maxBodyBytes
    }
}
