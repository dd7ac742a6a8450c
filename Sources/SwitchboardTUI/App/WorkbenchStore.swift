import Foundation
import SwitchboardCore

/// What the workbench needs from the session store. The switchboard executable implements it over the SQLite
/// store; tests use an in-memory fake. Attempts reach the store through the engine's `Ledger`, or through
/// `finishAssistantMessage` when the engine has none.
public protocol WorkbenchStore: Sendable {
    /// The most recently active sessions, newest first.
    func recentSessions(limit: Int) async throws -> [SessionSummary]
    /// Sessions whose messages match `query` (full text), best first.
    func searchSessions(_ query: String, limit: Int) async throws -> [SessionSummary]
    func loadSession(_ id: String) async throws -> StoredSession
    func renameSession(_ id: String, title: String) async throws
    func deleteSession(_ id: String) async throws
    func exportMarkdown(_ id: String) async throws -> String

    /// Commits the user's message before its turn starts; creates the session when `sessionID` is nil (titled
    /// from the prompt). Keeps the session's model and task tag current. Returns the session's id.
    func appendUserMessage(sessionID: String?, turnID: UUID, text: String, model: String, task: String?) async throws -> String
    /// Opens the reply of `turnID` to the prompt committed under `promptTurn` (the same turn, except for the
    /// columns of a comparison, which all answer the first column's prompt).
    func beginAssistantMessage(sessionID: String, turnID: UUID, promptTurn: UUID, model: String) async throws
    /// The streamed text so far, so a crash loses at most the last fraction of a second.
    func checkpointAssistantMessage(turnID: UUID, text: String) async throws
    func finishAssistantMessage(turnID: UUID, outcome: AssistantOutcome) async throws
    /// Why the router chose what it chose for a turn, kept with the turn.
    func recordRoute(turnID: UUID, decision: RouteDecision) async throws
    /// The stored decision of a turn; nil when none was recorded.
    func routeExplanation(turnID: UUID) async throws -> RouteExplanation?
    /// The person picked this turn's answer among compared ones: the conversation continues from it.
    func chooseReply(turnID: UUID) async throws

    /// Spend today and this month (local calendar), from every stored attempt.
    func spend(now: Date) async throws -> SpendSnapshot
    /// Observed latency and reliability per model id, from the ledger.
    func modelStats() async throws -> [String: ModelStats]
}

/// One row of the history browser.
public struct SessionSummary: Sendable, Equatable, Identifiable {
    public var id: String
    public var title: String
    public var updatedAt: Date
    public var models: [String]
    public var cost: SessionCost
    public var messageCount: Int
    /// A search hit's context, when the row came from a search.
    public var snippet: String?

    public init(id: String, title: String, updatedAt: Date, models: [String], cost: SessionCost,
                messageCount: Int, snippet: String? = nil) {
        self.id = id
        self.title = title
        self.updatedAt = updatedAt
        self.models = models
        self.cost = cost
        self.messageCount = messageCount
        self.snippet = snippet
    }
}

/// What a session cost, as far as it is known.
public enum SessionCost: Sendable, Equatable {
    /// The sum of known costs; `moreUnknown` when some attempts had no price.
    case known(Money, moreUnknown: Bool)
    /// Every attempt's price was unknown.
    case unknown
    /// Not looked up (a search hit outside the listed sessions).
    case notLoaded

    public var displayString: String {
        switch self {
        case .known(let money, let more): money.description + (more ? " + unknown" : "")
        case .unknown: "unknown"
        case .notLoaded: "–"
        }
    }
}

/// A session read back for resuming.
public struct StoredSession: Sendable, Equatable {
    public var id: String
    public var title: String
    /// The model the session last used.
    public var model: String?
    /// The conversation: the branch through the answers that were picked.
    public var messages: [StoredMessage]
    /// The session's task tag.
    public var task: String?
    /// Answers to the last prompt that were compared side by side and not picked yet.
    public var comparison: [StoredMessage]

    public init(id: String, title: String, model: String?, messages: [StoredMessage], task: String? = nil,
                comparison: [StoredMessage] = []) {
        self.id = id
        self.title = title
        self.model = model
        self.messages = messages
        self.task = task
        self.comparison = comparison
    }
}

public struct StoredMessage: Sendable, Equatable {
    public enum Status: String, Sendable, Equatable {
        case complete, incomplete, cancelled, failed
    }

    public var role: Role
    public var text: String
    public var model: String?
    public var provider: String?
    public var status: Status
    public var usage: Usage?
    public var cost: Money?
    public var ttft: Duration?
    public var duration: Duration?
    /// The turn it belongs to, for the route decision stored with it.
    public var turnID: UUID?

    public init(role: Role, text: String, model: String? = nil, provider: String? = nil, status: Status = .complete,
                usage: Usage? = nil, cost: Money? = nil, ttft: Duration? = nil, duration: Duration? = nil,
                turnID: UUID? = nil) {
        self.turnID = turnID
        self.role = role
        self.text = text
        self.model = model
        self.provider = provider
        self.status = status
        self.usage = usage
        self.cost = cost
        self.ttft = ttft
        self.duration = duration
    }
}

/// How an assistant message ended, for the store.
public struct AssistantOutcome: Sendable {
    public var text: String
    public var status: StoredMessage.Status
    public var route: RouteInfo?
    public var usage: Usage?
    public var cost: Money?
    public var reportedCost: Money?
    public var ttft: Duration?
    public var duration: Duration?
    public var error: String?
    public var attempts: [AttemptRecord]

    public init(text: String, status: StoredMessage.Status, route: RouteInfo? = nil, usage: Usage? = nil,
                cost: Money? = nil, reportedCost: Money? = nil, ttft: Duration? = nil, duration: Duration? = nil,
                error: String? = nil, attempts: [AttemptRecord] = []) {
        self.text = text
        self.status = status
        self.route = route
        self.usage = usage
        self.cost = cost
        self.reportedCost = reportedCost
        self.ttft = ttft
        self.duration = duration
        self.error = error
        self.attempts = attempts
    }
}

/// Stored spend. A nil amount means a price was unknown and nothing known was spent.
public struct SpendSnapshot: Sendable, Equatable {
    public var today: Money?
    public var month: Money?
    /// True when some attempt's cost is unknown, so the amounts are lower bounds.
    public var incomplete: Bool

    public init(today: Money?, month: Money?, incomplete: Bool = false) {
        self.today = today
        self.month = month
        self.incomplete = incomplete
    }
}

/// What the ledger has seen of one model.
public struct ModelStats: Sendable, Equatable {
    public var requests: Int
    public var p50TTFT: Duration?
    /// Failed attempts / all attempts, 0...1.
    public var errorRate: Double

    public init(requests: Int, p50TTFT: Duration?, errorRate: Double) {
        self.requests = requests
        self.p50TTFT = p50TTFT
        self.errorRate = errorRate
    }
}
