import Foundation

/// A virtual key of `switchboard serve`: who may call the gateway, which models, how often and up to what spend.
/// The secret itself is never kept; the store holds a salted hash (`GatewayKeySecret`).
public struct GatewayKey: Sendable, Hashable {
    /// The store's id for the key; turns and budget holds point at it.
    public var id: Int64
    public var name: String
    /// The secret's first characters (`sb-1a2b3c4d`), shown in lists so a person can tell keys apart.
    public var prefix: String
    public var createdAt: Date
    public var revokedAt: Date?
    public var limits: GatewayKeyLimits

    public init(id: Int64, name: String, prefix: String, createdAt: Date, revokedAt: Date? = nil, limits: GatewayKeyLimits) {
        self.id = id
        self.name = name
        self.prefix = prefix
        self.createdAt = createdAt
        self.revokedAt = revokedAt
        self.limits = limits
    }

    public var isRevoked: Bool { revokedAt != nil }

    /// The key's budget for the ledger: nil when it sets no cap (its turns are still attributed to it).
    public var budget: GatewayKeyBudget? {
        guard limits.daily != nil || limits.monthly != nil else { return nil }
        return GatewayKeyBudget(id: id, name: name, daily: limits.daily, monthly: limits.monthly)
    }
}

/// What a key may do. Nil: no limit.
public struct GatewayKeyLimits: Sendable, Hashable {
    public var daily: Money?
    public var monthly: Money?
    /// Model name patterns (`*` matches any run of characters); empty: every model.
    public var models: [String]
    /// Requests per minute.
    public var rpm: Int?

    public init(daily: Money? = nil, monthly: Money? = nil, models: [String] = [], rpm: Int? = nil) {
        self.daily = daily
        self.monthly = monthly
        self.models = models
        self.rpm = rpm
    }

    /// True when the key may ask for `model` (the name as the client sent it: id, alias, route or `auto`).
    public func allows(model: String) -> Bool {
        models.isEmpty || models.contains { GatewayKeyPattern.matches($0, model) }
    }
}

/// A key's caps as the budget ledger holds them: checked with the global limits in the same transaction.
public struct GatewayKeyBudget: Sendable, Hashable {
    public var id: Int64
    public var name: String
    public var daily: Money?
    public var monthly: Money?

    public init(id: Int64, name: String, daily: Money? = nil, monthly: Money? = nil) {
        self.id = id
        self.name = name
        self.daily = daily
        self.monthly = monthly
    }
}

/// A key as `keys list` shows it: with what it has spent today and this month (open holds included).
public struct GatewayKeyUsage: Sendable, Hashable {
    public var key: GatewayKey
    public var today: Money
    public var thisMonth: Money

    public init(key: GatewayKey, today: Money, thisMonth: Money) {
        self.key = key
        self.today = today
        self.thisMonth = thisMonth
    }
}
