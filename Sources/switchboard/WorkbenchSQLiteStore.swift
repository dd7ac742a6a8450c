import Foundation
import SwitchboardCore
import SwitchboardStore
import SwitchboardTUI

/// The workbench's store, over the SQLite store: maps its ids and records to the TUI's neutral ones and
/// remembers which stored message each streaming turn writes to. Attempts reach the database through the
/// engine, which gets the SQLite store as its ledger.
///
/// Failed writes are not repeated per token: after a turn's first failed checkpoint its later checkpoints are
/// skipped (the final save still runs). Once a write says the file is damaged, nothing more is written to it.
actor WorkbenchSQLiteStore: WorkbenchStore {
    private let store: SQLiteStore
    /// Turns whose checkpoints stopped after a failure.
    private var stoppedCheckpoints: Set<UUID> = []
    private var damage: StoreError?
    private var replies: [UUID: MessageID] = [:]
    /// User messages by the turn they were committed under, so compared answers all reply to theirs.
    private var prompts: [UUID: MessageID] = [:]
    private let calendar: Calendar

    init(store: SQLiteStore, calendar: Calendar = .current) {
        self.store = store
        self.calendar = calendar
    }

    func recentSessions(limit: Int) async throws -> [SwitchboardTUI.SessionSummary] {
        try store.listSessions(limit: limit).map(Self.summary)
    }

    /// Search hits grouped by session, best first, each with its best snippet; cost and counts come from the
    /// session list when the session is among the recent ones.
    func searchSessions(_ query: String, limit: Int) async throws -> [SwitchboardTUI.SessionSummary] {
        let hits = try store.search(query, limit: limit * 3)
        let listed = Dictionary(try store.listSessions(limit: 500).map { ($0.session.id, $0) }, uniquingKeysWith: { a, _ in a })
        var order: [UUID] = []
        var results: [UUID: SwitchboardTUI.SessionSummary] = [:]
        for hit in hits {
            let snippet = hit.markedSnippet(open: "«", close: "»")
            if var existing = results[hit.sessionID] {
                if let model = hit.model, !existing.models.contains(model) { existing.models.append(model) }
                results[hit.sessionID] = existing
                continue
            }
            order.append(hit.sessionID)
            if let summary = listed[hit.sessionID] {
                var row = Self.summary(summary)
                row.snippet = snippet
                results[hit.sessionID] = row
            } else {
                results[hit.sessionID] = SwitchboardTUI.SessionSummary(
                    id: Self.text(hit.sessionID), title: hit.sessionTitle, updatedAt: hit.createdAt,
                    models: hit.model.map { [$0] } ?? [], cost: .notLoaded, messageCount: 0, snippet: snippet)
            }
        }
        return order.prefix(limit).compactMap { results[$0] }
    }

    /// The conversation along the picked answers; a last prompt whose compared answers await a pick comes back
    /// with them as `comparison`.
    func loadSession(_ id: String) async throws -> SwitchboardTUI.StoredSession {
        let uuid = try store.resolveSession(id)
        guard let session = try store.session(uuid) else {
            throw StoreError.sessionNotFound(reference: id, suggestions: [])
        }
        var branch = try store.branch(in: uuid)
        var comparison: [SwitchboardStore.StoredMessage] = []
        if try store.pickedReply(in: uuid) == nil, let last = branch.last, last.role == .assistant, let prompt = last.parentID {
            let answers = try store.messages(in: uuid).filter { $0.role == .assistant && $0.parentID == prompt }
            if answers.count > 1 {
                comparison = answers
                branch.removeLast()
            }
        }
        return SwitchboardTUI.StoredSession(id: Self.text(uuid), title: session.title, model: session.model,
                                            messages: branch.map(Self.message), task: session.tag,
                                            comparison: comparison.map(Self.message))
    }

    func renameSession(_ id: String, title: String) async throws {
        try writing { try store.renameSession(try store.resolveSession(id), to: title) }
    }

    func deleteSession(_ id: String) async throws {
        try writing { try store.deleteSession(try store.resolveSession(id)) }
    }

    func exportMarkdown(_ id: String) async throws -> String {
        try store.exportMarkdown(try store.resolveSession(id))
    }

    func appendUserMessage(sessionID: String?, turnID: UUID, text: String, model: String, task: String?) async throws -> String {
        try writing { try appendUser(sessionID: sessionID, turnID: turnID, text: text, model: model, task: task) }
    }

    private func appendUser(sessionID: String?, turnID: UUID, text: String, model: String, task: String?) throws -> String {
        let session: UUID
        if let sessionID {
            session = try store.resolveSession(sessionID)
            try store.setSessionModel(session, model: model)
            try store.setSessionTag(session, tag: task)
        } else {
            session = try store.createSession(firstPrompt: text, model: model, tag: task).id
        }
        prompts[turnID] = try store.appendUserMessage(session: session, turn: turnID, text: text)
        return Self.text(session)
    }

    func beginAssistantMessage(sessionID: String, turnID: UUID, promptTurn: UUID, model: String) async throws {
        let session = try store.resolveSession(sessionID)
        let parent = prompts[promptTurn]
        replies[turnID] = try writing {
            try store.beginAssistantMessage(session: session, turn: turnID, parent: parent, requestedModel: model)
        }
    }

    func checkpointAssistantMessage(turnID: UUID, text: String) async throws {
        guard let message = replies[turnID], !stoppedCheckpoints.contains(turnID) else { return }
        do {
            try writing { try store.checkpoint(message, text: text) }
        } catch {
            stoppedCheckpoints.insert(turnID)  // reported once; the final save still gets its chance
            throw error
        }
    }

    func finishAssistantMessage(turnID: UUID, outcome: AssistantOutcome) async throws {
        stoppedCheckpoints.remove(turnID)
        guard let message = replies.removeValue(forKey: turnID) else { return }
        let status: MessageStatus = switch outcome.status {
        case .complete: .complete
        case .incomplete: .incomplete
        case .cancelled: .cancelled
        case .failed: .failed
        }
        let completion = AssistantCompletion(
            text: outcome.text, status: status, resolvedModel: outcome.route?.model, provider: outcome.route?.provider,
            usage: outcome.usage, cost: outcome.cost, reportedCost: outcome.reportedCost, ttft: outcome.ttft,
            duration: outcome.duration)
        try writing { try store.finishAssistantMessage(message, completion) }
    }

    func recordRoute(turnID: UUID, decision: RouteDecision) async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = String(decoding: try encoder.encode(decision), as: UTF8.self)
        try writing { try store.recordRoute(turn: turnID, json: json) }
    }

    func routeExplanation(turnID: UUID) async throws -> RouteExplanation? {
        try store.route(turn: turnID).map { try RouteExplanation(json: $0) }
    }

    func chooseReply(turnID: UUID) async throws {
        guard let message = try store.reply(inTurn: turnID) else { return }
        try writing { try store.chooseReply(message) }
    }

    /// Runs a write unless the file is known to be damaged; remembers damage when the write reports it.
    private func writing<T>(_ body: () throws -> T) throws -> T {
        if let damage { throw damage }
        do {
            return try body()
        } catch {
            if let found = store.damage(in: error) {
                damage = found
                throw found
            }
            throw store.writeFailure(error)  // one line for the status bar, not GRDB's statement dump
        }
    }

    /// Today and month to date, by local calendar day.
    func spend(now: Date) async throws -> SpendSnapshot {
        let monthStart = calendar.dateInterval(of: .month, for: now)?.start ?? now
        let report = try store.spend(by: .day, since: monthStart, calendar: calendar)
        let formatter = DateFormatter()
        formatter.calendar = calendar
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = calendar.timeZone
        formatter.dateFormat = "yyyy-MM-dd"
        let today = report.rows.first { $0.key == formatter.string(from: now) }?.cost ?? .zero
        return SpendSnapshot(today: today.knownOrNil, month: report.total.cost.knownOrNil,
                             incomplete: report.total.cost.unknownCount > 0)
    }

    /// Per model over the last 30 days: requests and error rate summed over providers; the p50 TTFT of the
    /// provider that served it most.
    func modelStats() async throws -> [String: SwitchboardTUI.ModelStats] {
        let since = Date().addingTimeInterval(-30 * 24 * 3600)
        var result: [String: SwitchboardTUI.ModelStats] = [:]
        var errors: [String: Int] = [:]
        for row in try store.stats(since: since) {
            errors[row.model, default: 0] += row.errorCount
            if var existing = result[row.model] {
                existing.requests += row.requests
                existing.errorRate = Double(errors[row.model] ?? 0) / Double(max(1, existing.requests))
                result[row.model] = existing
            } else {
                result[row.model] = SwitchboardTUI.ModelStats(requests: row.requests, p50TTFT: row.ttftP50.map { .milliseconds($0) },
                                                              errorRate: row.errorRate)
            }
        }
        return result
    }

    static func message(_ message: SwitchboardStore.StoredMessage) -> SwitchboardTUI.StoredMessage {
        SwitchboardTUI.StoredMessage(
            role: message.role, text: message.text, model: message.resolvedModel ?? message.requestedModel,
            provider: message.provider, status: status(message.status), usage: message.usage, cost: message.cost,
            ttft: message.ttftMs.map { .milliseconds($0) }, duration: message.durationMs.map { .milliseconds($0) },
            turnID: message.turnID)
    }

    static func summary(_ row: SwitchboardStore.SessionSummary) -> SwitchboardTUI.SessionSummary {
        let cost: SessionCost = row.cost.knownOrNil.map { .known($0, moreUnknown: row.cost.unknownCount > 0) } ?? .unknown
        return SwitchboardTUI.SessionSummary(id: text(row.session.id), title: row.session.title,
                                             updatedAt: row.session.updatedAt, models: row.models, cost: cost,
                                             messageCount: row.messageCount)
    }

    static func status(_ status: MessageStatus) -> SwitchboardTUI.StoredMessage.Status {
        switch status {
        case .complete: .complete
        case .incomplete: .incomplete
        case .cancelled: .cancelled
        case .failed: .failed
        }
    }

    static func text(_ id: UUID) -> String { id.uuidString.lowercased() }
}
