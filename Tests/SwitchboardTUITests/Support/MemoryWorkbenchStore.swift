import Foundation
import SwitchboardCore
@testable import SwitchboardTUI

/// An in-memory `SessionStore` that records every call, for loop and runner tests.
actor MemoryWorkbenchStore: SessionStore {
    struct Reply {
        var sessionID: UUID
        var model: String
        var text = ""
        var completion: AssistantCompletion?
        var checkpoints = 0
    }

    private(set) var sessions: [UUID: LoadedSession] = [:]
    private(set) var order: [UUID] = []
    private(set) var replies: [UUID: Reply] = [:]
    private(set) var calls: [String] = []
    private(set) var routes: [UUID: RouteDecision] = [:]
    private(set) var chosen: [UUID] = []
    private(set) var appendDelay: Duration = .zero
    private(set) var appendFinishedAt: ContinuousClock.Instant?
    var spendSnapshot = SpendSnapshot(today: Money(Decimal(string: "0.5") ?? 0), month: Money(Decimal(string: "3.25") ?? 0))

    init(sessions: [LoadedSession] = []) {
        for session in sessions {
            self.sessions[session.session.id] = session
            order.append(session.session.id)
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

    func resolveSession(_ reference: String) async throws -> UUID {
        if reference == "last", let last = order.last { return last }
        guard let id = UUID(uuidString: reference), sessions[id] != nil else { throw CocoaError(.fileNoSuchFile) }
        return id
    }

    func loadSession(_ reference: String) async throws -> LoadedSession {
        calls.append("load \(reference)")
        guard let session = sessions[try await resolveSession(reference)] else { throw CocoaError(.fileNoSuchFile) }
        return session
    }

    func conversation(in session: UUID) async throws -> [ChatMessage] {
        sessions[session]?.messages.map(\.chatMessage) ?? []
    }

    func createSession(_ new: NewSession) async throws -> UUID {
        let now = Date()
        sessions[new.id] = LoadedSession(session: StoredSession(id: new.id, title: String(new.firstPrompt.prefix(60)),
                                                                createdAt: now, updatedAt: now,
                                                                systemPrompt: new.systemPrompt, model: new.model,
                                                                tag: new.task, role: new.role),
                                         messages: [])
        order.append(new.id)
        return new.id
    }

    func renameSession(_ reference: String, title: String) async throws {
        calls.append("rename \(reference) \(title)")
        sessions[try await resolveSession(reference)]?.title = title
    }

    func deleteSession(_ reference: String) async throws {
        calls.append("delete \(reference)")
        let id = try await resolveSession(reference)
        sessions[id] = nil
        order.removeAll { $0 == id }
    }

    func exportMarkdown(_ reference: String) async throws -> String {
        calls.append("export \(reference)")
        guard let session = sessions[try await resolveSession(reference)] else { throw CocoaError(.fileNoSuchFile) }
        return "# \(session.title)\n\n" + session.messages.map { "**\($0.role.rawValue)**: \($0.text)" }.joined(separator: "\n\n")
    }

    func setSessionModel(_ session: UUID, model: String?) async throws {
        sessions[session]?.model = model
    }

    func setSessionTask(_ session: UUID, task: String?) async throws {
        sessions[session]?.session.tag = task
    }

    func setSessionRole(_ session: UUID, role: SessionRole?) async throws {
        calls.append("role \(role?.name ?? "off")")
        sessions[session]?.session.role = role?.name
        sessions[session]?.session.systemPrompt = role?.systemPrompt
    }

    func setAppendDelay(_ delay: Duration) { appendDelay = delay }

    func commitPrompt(session: UUID, turn: UUID, text: String) async throws {
        calls.append("user \(text)" + (sessions[session]?.task.map { " task=\($0)" } ?? ""))
        if appendDelay > .zero { try await Task.sleep(for: appendDelay) }
        defer { appendFinishedAt = ContinuousClock.now }
        sessions[session]?.messages.append(StoredMessage(role: .user, text: text, turnID: turn, sessionID: session))
    }

    /// Keeps the prompt's role and parts (a `tool` message answers calls), as the SQLite store does (the protocol's
    /// default keeps text only).
    func commitPrompt(session: UUID, turn: UUID, message: ChatMessage) async throws {
        calls.append("user \(message.text) parts=\(message.parts.count)")
        sessions[session]?.messages.append(StoredMessage(role: message.role, text: message.text, turnID: turn, sessionID: session,
                                                         parts: StoredMessage.storedParts(of: message)))
    }

    func openReply(session: UUID, turn: UUID, promptTurn: UUID, requestedModel: String) async throws {
        calls.append("begin \(requestedModel)" + (promptTurn == turn ? "" : " (compared)"))
        replies[turn] = Reply(sessionID: session, model: requestedModel)
    }

    func checkpointReply(turn: UUID, text: String) async throws {
        replies[turn]?.text = text
        replies[turn]?.checkpoints += 1
    }

    func finishReply(turn: UUID, _ completion: AssistantCompletion) async throws {
        calls.append("finish \(completion.status.rawValue)")
        guard var reply = replies[turn] else { return }
        reply.text = completion.text
        reply.completion = completion
        replies[turn] = reply
        sessions[reply.sessionID]?.messages.append(StoredMessage(
            role: .assistant, text: completion.text, model: completion.resolvedModel, provider: completion.provider,
            status: completion.status, usage: completion.usage, cost: completion.cost, ttft: completion.ttft,
            duration: completion.duration, turnID: turn, sessionID: reply.sessionID, parts: completion.parts))
    }

    func recordRoute(turn: UUID, decision: RouteDecision) async throws {
        calls.append("route \(decision.requested)")
        routes[turn] = decision
    }

    func routeExplanation(turn: UUID) async throws -> RouteExplanation? {
        calls.append("load route")
        return routes[turn].map(RouteExplanation.init)
    }

    func chooseReply(turn: UUID) async throws {
        calls.append("choose")
        chosen.append(turn)
    }

    private(set) var compactions: [(session: UUID, compaction: SessionCompaction)] = []

    func recordCompaction(_ compaction: SessionCompaction, session: UUID) async throws {
        calls.append("compact \(compaction.turns)")
        compactions.append((session, compaction))
    }

    func branchPrompt(session: UUID, turn: UUID, message: ChatMessage, siblingOf sibling: MessageID) async throws {
        calls.append("branch \(message.text) beside \(sibling)")
        sessions[session]?.messages.append(StoredMessage(role: .user, text: message.text, turnID: turn, sessionID: session))
    }

    func moveHead(session: UUID, to message: MessageID) async throws {
        calls.append("head \(message)")
    }

    func openColumns(session: UUID, answering prompt: MessageID) async throws {
        calls.append("columns after \(prompt)")
    }

    func spend(now: Date, calendar: Calendar) async throws -> SpendSnapshot {
        calls.append("spend")
        return spendSnapshot
    }

    func modelStats(since: Date) async throws -> [String: ModelStatsSnapshot] {
        calls.append("stats")
        return ["demo/mini": ModelStatsSnapshot(requests: 10, p50TTFT: .milliseconds(140), errorRate: 0.1)]
    }

    nonisolated func isDamage(_ error: any Error) -> Bool { false }

    // `history`, `spend` and `stats` read these; the workbench does not.
    func sessionDetail(_ reference: String) async throws -> SessionDetail { throw CocoaError(.fileNoSuchFile) }
    func searchMessages(_ query: String, limit: Int) async throws -> [SearchHit] { [] }
    func spendReport(by grouping: SpendReport.Grouping, since: Date?, calendar: Calendar) async throws -> SpendReport {
        SpendReport.build([], grouping: grouping, since: since, calendar: calendar)
    }
    func modelStatsReport(since: Date?) async throws -> [ModelStats] { [] }

    static func summary(_ session: LoadedSession) -> SessionSummary {
        var cost = CostTotal()
        session.messages.compactMap(\.cost).forEach { cost.add($0) }
        return SessionSummary(session: session.session, messageCount: session.messages.count,
                              models: Array(Set(session.messages.compactMap(\.model))).sorted(), cost: cost)
    }
}

/// Sessions named in tests: the same name is always the same id ("s1" and "s1" agree, "s1" and "s2" do not).
enum TestSession {
    static func id(_ name: String) -> UUID {
        var bytes = Array(name.utf8.prefix(16))
        bytes += Array(repeating: 0, count: 16 - bytes.count)
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7], bytes[8],
                           bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }

    /// The id as the workbench passes it around.
    static func reference(_ name: String) -> String { id(name).uuidString.lowercased() }
}

extension LoadedSession {
    /// A stored session for tests, named as `TestSession` names it.
    init(id name: String, title: String, model: String?, messages: [StoredMessage], task: String? = nil,
         comparison: [StoredMessage] = []) {
        let when = Date(timeIntervalSince1970: 1_700_000_000)
        self.init(session: StoredSession(id: TestSession.id(name), title: title, createdAt: when, updatedAt: when,
                                         model: model, tag: task),
                  messages: messages, comparison: comparison)
    }
}

extension SessionSummary {
    /// A history row for tests, named as `TestSession` names it.
    init(id name: String, title: String, updatedAt: Date, models: [String], cost: CostTotal, messageCount: Int,
         snippet: String? = nil) {
        self.init(session: StoredSession(id: TestSession.id(name), title: title, createdAt: updatedAt, updatedAt: updatedAt),
                  messageCount: messageCount, models: models, cost: cost, snippet: snippet)
    }
}

extension CostTotal {
    /// A total whose known part is `money`, with one unknown cost when `moreUnknown`.
    static func known(_ money: Money, moreUnknown: Bool) -> CostTotal {
        CostTotal(known: money, knownCount: 1, unknownCount: moreUnknown ? 1 : 0)
    }

    /// Every cost unknown.
    static var unknown: CostTotal { CostTotal(unknownCount: 1) }
}
