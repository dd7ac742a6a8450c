import Foundation

/// One request as the history database keeps it, found by its turn id (`serve`'s `x-switchboard-request-id`):
/// OpenRouter's `/generation` idea for every request `serve`, `ask` or the workbench made.
public struct StoredRequest: Sendable, Hashable {
    public var id: UUID
    /// The session it was recorded in.
    public var sessionID: UUID?
    /// The gateway key's name, when a keyed request made it.
    public var keyName: String?
    /// The turn's tags (`X-Switchboard-Tag`, `metadata`).
    public var tags: [String]
    /// The reply's status; nil when no reply was opened (the request failed before it was recorded).
    public var status: MessageStatus?
    public var requestedModel: String?
    public var resolvedModel: String?
    public var provider: String?
    public var createdAt: Date?
    /// The router's decision as stored (candidates in order, what was left out, why).
    public var route: RouteExplanation?
    /// Every attempt, in order.
    public var attempts: [AttemptRecord]

    public init(id: UUID, sessionID: UUID?, keyName: String?, tags: [String], status: MessageStatus?,
                requestedModel: String?, resolvedModel: String?, provider: String?, createdAt: Date?,
                route: RouteExplanation?, attempts: [AttemptRecord]) {
        self.id = id
        self.sessionID = sessionID
        self.keyName = keyName
        self.tags = tags
        self.status = status
        self.requestedModel = requestedModel
        self.resolvedModel = resolvedModel
        self.provider = provider
        self.createdAt = createdAt
        self.route = route
        self.attempts = attempts
    }

    /// What every attempt cost together; nil when an attempt that used tokens has no known price (unknown
    /// stays unknown). An attempt that failed before any token cost nothing.
    public var totalCost: Money? {
        var total = Money.zero
        for attempt in attempts {
            if let cost = attempt.cost {
                total += cost
            } else if attempt.usage != .zero {
                return nil
            }
        }
        return total
    }

    /// What every attempt used together.
    public var totalUsage: Usage {
        attempts.reduce(into: Usage.zero) { $0 = $0 + $1.usage }
    }
}

/// Finds a stored request by id. The SQLite store implements it; `serve`'s `GET /v1/switchboard/requests/{id}`
/// holds it through this port.
public protocol RequestLookup: Sendable {
    /// The request whose turn id is `id`; nil when the database holds no such turn.
    func storedRequest(_ id: UUID) async throws -> StoredRequest?
}
