import Foundation

/// One try of one deployment within a turn, as the engine saw it.
public struct AttemptRecord: Sendable, Hashable, Codable {
    public enum Outcome: Sendable, Hashable, Codable {
        /// The stream reached its end marker.
        case success
        /// Failed with this class of error; `afterFirstToken` when some text had already arrived.
        case failed(ProviderError.Kind, afterFirstToken: Bool)
        case cancelled
        /// Sent and not yet ended: what the ledger holds while the request runs.
        case inFlight
        /// The process running it ended (killed, crashed) before it did; what it cost is unknown.
        case interrupted

        /// The word stored and printed: `success`, `cancelled`, `in_flight`, `interrupted`, or the error class.
        public var label: String {
            switch self {
            case .success: "success"
            case .cancelled: "cancelled"
            case .inFlight: "in_flight"
            case .interrupted: "interrupted"
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

/// Where the engine writes every attempt, twice: as in flight just before its request is sent, and again when it
/// ends. A process killed in between leaves the in-flight attempt behind for the next writer to mark interrupted.
/// The SQLite store implements it; tests use `MemoryLedger`.
public protocol Ledger: Sendable {
    /// Writes the attempt (outcome `.inFlight`) before its request leaves.
    func begin(_ attempt: AttemptRecord) async throws
    /// Writes how the attempt ended, replacing its in-flight entry (same turn and ordinal) when there is one.
    func record(_ attempt: AttemptRecord) async throws
}

/// Keeps attempts in memory: for tests and for `--no-store`.
public actor MemoryLedger: Ledger {
    /// Ended attempts, in the order they ended.
    public private(set) var attempts: [AttemptRecord] = []
    /// Attempts begun and not yet ended.
    public private(set) var inFlight: [AttemptRecord] = []
    public init() {}
    public func begin(_ attempt: AttemptRecord) async throws { inFlight.append(attempt) }
    public func record(_ attempt: AttemptRecord) async throws {
        inFlight.removeAll { $0.turnID == attempt.turnID && $0.ordinal == attempt.ordinal }
        attempts.append(attempt)
    }
}
