import Foundation

/// One try of one deployment within a turn, as the engine saw it.
public struct AttemptRecord: Sendable, Hashable, Codable {
    public enum Outcome: Sendable, Hashable, Codable {
        /// The stream reached its end marker.
        case success
        /// Failed with this class of error; `afterFirstToken` when some text had already arrived.
        case failed(ProviderError.Kind, afterFirstToken: Bool)
        case cancelled

        /// The word stored and printed: `success`, `cancelled`, or the error class.
        public var label: String {
            switch self {
            case .success: "success"
            case .cancelled: "cancelled"
            case .failed(let kind, _): kind.rawValue
            }
        }
    }

    /// The turn this attempt served; ties attempts to the stored assistant message.
    public var turnID: UUID
    /// 1-based order within the turn.
    public var ordinal: Int
    public var model: String
    public var provider: String
    public var providerModel: String
    /// Why the router chose this deployment (`explicit`, `fallback 1 of 2`, `cheapest`, ...).
    public var reason: String
    public var outcome: Outcome
    public var status: Int?
    public var errorMessage: String?
    public var startedAt: Date
    public var ttft: Duration?
    public var duration: Duration
    public var usage: Usage
    /// Computed from catalog prices; nil when a needed price is unknown.
    public var cost: Money?
    /// What the provider said it charged, when it says (OpenRouter).
    public var reportedCost: Money?

    public init(turnID: UUID, ordinal: Int, model: String, provider: String, providerModel: String, reason: String,
                outcome: Outcome, status: Int? = nil, errorMessage: String? = nil, startedAt: Date,
                ttft: Duration? = nil, duration: Duration, usage: Usage = .zero, cost: Money? = nil,
                reportedCost: Money? = nil) {
        self.turnID = turnID
        self.ordinal = ordinal
        self.model = model
        self.provider = provider
        self.providerModel = providerModel
        self.reason = reason
        self.outcome = outcome
        self.status = status
        self.errorMessage = errorMessage
        self.startedAt = startedAt
        self.ttft = ttft
        self.duration = duration
        self.usage = usage
        self.cost = cost
        self.reportedCost = reportedCost
    }
}

/// Where the engine writes every attempt. The SQLite store implements it; tests use `MemoryLedger`.
public protocol Ledger: Sendable {
    func record(_ attempt: AttemptRecord) async throws
}

/// Keeps attempts in memory: for tests and for `--no-store`.
public actor MemoryLedger: Ledger {
    public private(set) var attempts: [AttemptRecord] = []
    public init() {}
    public func record(_ attempt: AttemptRecord) async throws { attempts.append(attempt) }
}
