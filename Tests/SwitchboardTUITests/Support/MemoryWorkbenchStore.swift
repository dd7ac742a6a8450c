import Foundation
import SwitchboardCore
@testable import SwitchboardTUI

/// An in-memory `WorkbenchStore` that records every call, for loop and runner tests.
actor MemoryWorkbenchStore: WorkbenchStore {
    struct Reply {
        var sessionID: String
        var model: String
        var text = ""
        var outcome: AssistantOutcome?
        var checkpoints = 0
    }

    private(set) var sessions: [String: SwitchboardTUI.StoredSession] = [:]
    private(set) var order: [String] = []
    private(set) var replies: [UUID: Reply] = [:]
    private(set) var calls: [String] = []
    private(set) var routes: [UUID: RouteDecision] = [:]
    private(set) var chosen: [UUID] = []
    private(set) var appendDelay: Duration = .zero
    private(set) var appendFinishedAt: ContinuousClock.Instant?
    var spendSnapshot = SpendSnapshot(today: Money(Decimal(string: "0.5") ?? 0), month: Money(Decimal(string: "3.25") ?? 0))

    init(sessions: [SwitchboardTUI.StoredSession] = []) {
        for session in sessions {
            self.sessions[session.id] = session
            order.append(session.id)
        }
    }

    func recentSessions(limit: Int) async throws -> [SessionSummary] {
        calls.append("recent")
        return order.reversed().prefix(limit).compactMap { id in sessions[id].map(Self.summary) }
    }

    func searchSessions(_ query: String, limit: Int) async throws -> [SessionSummary] {
        calls.append("search \(query)")
        return order.reversed().compactMap { id -> SessionSummary? in
            guard let session = sessions[id],
                  let hit = session.messages.first(where: { $0.text.localizedCaseInsensitiveContains(query) }) else { return nil }
            var row = Self.summary(session)
            row.snippet = String(hit.text.prefix(40))
            return row
        }
    }

    func loadSession(_ id: String) async throws -> SwitchboardTUI.StoredSession {
        calls.append("load \(id)")
        guard let session = sessions[id == "last" ? (order.last ?? "") : id] else { throw CocoaError(.fileNoSuchFile) }
        return session
    }

    func renameSession(_ id: String, title: String) async throws {
        calls.append("rename \(id) \(title)")
        sessions[id]?.title = title
    }

    func deleteSession(_ id: String) async throws {
        calls.append("delete \(id)")
        sessions[id] = nil
        order.removeAll { $0 == id }
    }

    func exportMarkdown(_ id: String) async throws -> String {
        calls.append("export \(id)")
        guard let session = sessions[id] else { throw CocoaError(.fileNoSuchFile) }
        return "# \(session.title)\n\n" + session.messages.map { "**\($0.role.rawValue)**: \($0.text)" }.joined(separator: "\n\n")
    }

    func setAppendDelay(_ delay: Duration) { appendDelay = delay }

    func appendUserMessage(sessionID: String?, turnID: UUID, text: String, model: String, task: String?) async throws -> String {
        calls.append("user \(text)" + (task.map { " task=\($0)" } ?? ""))
        if appendDelay > .zero { try await Task.sleep(for: appendDelay) }
        defer { appendFinishedAt = ContinuousClock.now }
        let id = sessionID ?? "s\(order.count + 1)"
        if sessions[id] == nil {
            sessions[id] = SwitchboardTUI.StoredSession(id: id, title: String(text.prefix(60)), model: model, messages: [])
            order.append(id)
        }
        sessions[id]?.model = model
        sessions[id]?.messages.append(SwitchboardTUI.StoredMessage(role: .user, text: text))
        return id
    }

    func beginAssistantMessage(sessionID: String, turnID: UUID, promptTurn: UUID, model: String) async throws {
        calls.append("begin \(model)" + (promptTurn == turnID ? "" : " (compared)"))
        replies[turnID] = Reply(sessionID: sessionID, model: model)
    }

    func checkpointAssistantMessage(turnID: UUID, text: String) async throws {
        replies[turnID]?.text = text
        replies[turnID]?.checkpoints += 1
    }

    func finishAssistantMessage(turnID: UUID, outcome: AssistantOutcome) async throws {
        calls.append("finish \(outcome.status.rawValue)")
        guard var reply = replies[turnID] else { return }
        reply.text = outcome.text
        reply.outcome = outcome
        replies[turnID] = reply
        sessions[reply.sessionID]?.messages.append(SwitchboardTUI.StoredMessage(
            role: .assistant, text: outcome.text, model: outcome.route?.model, provider: outcome.route?.provider,
            status: outcome.status, usage: outcome.usage, cost: outcome.cost, ttft: outcome.ttft, duration: outcome.duration))
    }

    func recordRoute(turnID: UUID, decision: RouteDecision) async throws {
        calls.append("route \(decision.requested)")
        routes[turnID] = decision
    }

    func routeExplanation(turnID: UUID) async throws -> RouteExplanation? {
        calls.append("load route")
        return routes[turnID].map(RouteExplanation.init)
    }

    func chooseReply(turnID: UUID) async throws {
        calls.append("choose")
        chosen.append(turnID)
    }

    func spend(now: Date) async throws -> SpendSnapshot {
        calls.append("spend")
        return spendSnapshot
    }

    func modelStats() async throws -> [String: SwitchboardTUI.ModelStats] {
        calls.append("stats")
        return ["demo/mini": SwitchboardTUI.ModelStats(requests: 10, p50TTFT: .milliseconds(140), errorRate: 0.1)]
    }

    static func summary(_ session: SwitchboardTUI.StoredSession) -> SessionSummary {
        let costs = session.messages.compactMap(\.cost)
        return SessionSummary(id: session.id, title: session.title, updatedAt: Date(timeIntervalSince1970: 1_700_000_000),
                              models: Array(Set(session.messages.compactMap(\.model))).sorted(),
                              cost: .known(costs.reduce(Money.zero, +), moreUnknown: false),
                              messageCount: session.messages.count)
    }
}
