import Foundation

/// What `switchboard db migrate` carries besides what the ports already move (session archives, attempts through
/// the ledger, keys' limits): the parts of a turn no archive holds, `serve`'s conversations, and a count of
/// everything on each side to verify the copy against.
public struct TurnExtras: Sendable, Hashable {
    public var turn: UUID
    /// The route decision as the store keeps it (compact JSON), nil when none was recorded.
    public var routeJSON: String?
    public var keyID: Int64?
    public var tags: [String]

    public init(turn: UUID, routeJSON: String?, keyID: Int64?, tags: [String]) {
        self.turn = turn
        self.routeJSON = routeJSON
        self.keyID = keyID
        self.tags = tags
    }
}

/// One of `serve`'s conversations: which session it is recorded in, under which key (0: `--no-auth`).
public struct GatewaySessionEntry: Sendable, Hashable {
    public var keyID: Int64
    public var conversation: GatewayConversation
    public var session: UUID
    public var createdAt: Date

    public init(keyID: Int64, conversation: GatewayConversation, session: UUID, createdAt: Date) {
        self.keyID = keyID
        self.conversation = conversation
        self.session = session
        self.createdAt = createdAt
    }
}

/// Rows per kind and money totals, counted by each store on its own tables: equal on both sides after a copy.
public struct HistoryCounts: Sendable, Hashable {
    /// Rows per kind, named as `db migrate` prints them (`sessions`, `messages`, `attempts`, ...).
    public var rows: [String: Int]
    /// Known costs of every attempt.
    public var attemptCost: Money
    /// Known costs of the attempts of each gateway key's turns, by key name.
    public var costByKey: [String: Money]

    public init(rows: [String: Int], attemptCost: Money, costByKey: [String: Money]) {
        self.rows = rows
        self.attemptCost = attemptCost
        self.costByKey = costByKey
    }

    /// The kinds in the order they are printed.
    public static let kinds = ["sessions", "messages", "turns", "routes", "compactions", "attempts", "gateway keys",
                               "turn tags", "gateway sessions", "open budget holds"]

    /// Kinds holding anything: what makes a database not empty.
    public var nonEmpty: [(kind: String, count: Int)] {
        Self.kinds.compactMap { kind in rows[kind].flatMap { $0 > 0 ? (kind, $0) : nil } }
    }
}

/// The side `db migrate` reads from.
public protocol HistoryCopySource: Sendable {
    /// Every session, archived ones too, oldest first.
    func allSessionIDs() async throws -> [UUID]
    /// Every turn that has a route decision, a key or tags.
    func turnExtras() async throws -> [TurnExtras]
    func gatewaySessionEntries() async throws -> [GatewaySessionEntry]
    func historyCounts() async throws -> HistoryCounts
}

/// The side `db migrate` writes to.
public protocol HistoryCopyTarget: Sendable {
    func historyCounts() async throws -> HistoryCounts
    /// Stores a key as it was: its id (turns and holds point at it), times, limits and what was kept of its secret.
    func restoreGatewayKey(_ key: GatewayKey, stored: GatewayKeySecret.Stored) async throws
    /// Gives turns their route decision, key and tags; a key's known costs count against its budget.
    func restoreTurnExtras(_ extras: [TurnExtras]) async throws
    func restoreGatewaySessions(_ entries: [GatewaySessionEntry]) async throws
}
