import Foundation
import GRDB
import SwitchboardCore

/// The `SessionStore` port on SQLite. Every call goes through GRDB's async reads and writes, so a busy database
/// suspends the caller instead of blocking a thread of the cooperative pool. A turn's prompt and reply are found
/// through the `turns` table, not remembered in memory.
extension SQLiteStore: SessionStore {
    public func recentSessions(limit: Int) async throws -> [SessionSummary] {
        try await connections.read { db in try Self.fetchSummaries(db, limit: limit, offset: 0) }
    }

    /// Search hits grouped by session, best first, each with its best snippet and its full summary.
    public func searchSessions(_ query: String, limit: Int) async throws -> [SessionSummary] {
        let terms = SearchQuery.terms(query)
        guard !terms.isEmpty, limit > 0 else { return [] }
        try SearchQuery.checkSize(terms: terms.count, tokens: 0)
        return try await connections.searchRead { db in
            var order: [UUID] = []
            var snippets: [UUID: String] = [:]
            for hit in try Self.search(terms, limit: limit * 3, db) where snippets[hit.sessionID] == nil {
                order.append(hit.sessionID)
                snippets[hit.sessionID] = hit.markedSnippet(open: "«", close: "»")
            }
            let chosen = Array(order.prefix(limit))
            guard !chosen.isEmpty else { return [] }
            let summaries = try Self.fetchSummaries(db, limit: chosen.count, offset: 0, only: chosen)
            let byID = Dictionary(summaries.map { ($0.session.id, $0) }, uniquingKeysWith: { first, _ in first })
            return chosen.compactMap { id in
                guard var row = byID[id] else { return nil }
                row.snippet = snippets[id]
                return row
            }
        }
    }

    public func resolveSession(_ reference: String) async throws -> UUID {
        try await connections.read { db in try Self.resolve(reference, db) }
    }

    /// The conversation along the picked answers; a last prompt whose compared answers await a pick comes back
    /// with them as `comparison`.
    public func loadSession(_ reference: String) async throws -> LoadedSession {
        try await connections.read { db in
            let id = try Self.resolve(reference, db)
            guard let session = try Self.fetchSession(id, db) else {
                throw StoreError.sessionNotFound(reference: reference, suggestions: [])
            }
            let tree = try Self.fetchTree(db, session: id)
            var branch = tree.headPath
            let comparison = Self.pendingColumns(tree, after: try Self.columnsAfter(db, session: id))
            if !comparison.isEmpty { branch.removeLast() }
            var loaded = LoadedSession(session: session, messages: branch, comparison: comparison, tree: tree)
            loaded.compaction = try Self.fetchCompaction(db, session: id, branch: branch)
            return loaded
        }
    }

    public func sessionDetail(_ reference: String) async throws -> SessionDetail {
        try await connections.read { db in try Self.fetchDetail(try Self.resolve(reference, db), db) }
    }

    public func searchMessages(_ query: String, limit: Int) async throws -> [SearchHit] {
        let terms = SearchQuery.terms(query)
        guard !terms.isEmpty, limit > 0 else { return [] }
        try SearchQuery.checkSize(terms: terms.count, tokens: 0)
        return try await connections.searchRead { db in try Self.search(terms, limit: limit, db) }
    }

    public func conversation(in session: UUID) async throws -> [ChatMessage] {
        try await connections.read { db in try Self.fetchConversation(session, db) }
    }

    public func createSession(_ new: NewSession) async throws -> UUID {
        let now = Date()
        let session = StoredSession(id: new.id, title: SessionTitle.from(prompt: new.firstPrompt), createdAt: now,
                                    updatedAt: now, systemPrompt: new.systemPrompt, model: new.model, tag: new.task,
                                    role: new.role)
        try await writing { db in
            // The first prompt goes to the messages table's rightmost page; reading that path first means a damaged
            // table refuses the session too (nothing is committed), instead of leaving an empty session behind.
            _ = try Int64.fetchOne(db, sql: "SELECT max(id) FROM messages")
            try Self.insert(session, db)
        }
        return session.id
    }

    public func renameSession(_ reference: String, title: String) async throws {
        let now = Date()
        try await writing { db in try Self.rename(try Self.resolve(reference, db), to: title, at: now, db) }
    }

    public func deleteSession(_ reference: String) async throws {
        try await writing { db in try Self.delete(try Self.resolve(reference, db), db) }
    }

    public func exportMarkdown(_ reference: String) async throws -> String {
        let detail = try await connections.read { db in try Self.fetchDetail(try Self.resolve(reference, db), db) }
        return MarkdownExport.render(detail)
    }

    public func setSessionModel(_ session: UUID, model: String?) async throws {
        try await writing { db in try Self.setModel(session, model: model, db) }
    }

    public func setSessionTask(_ session: UUID, task: String?) async throws {
        try await writing { db in try Self.setTag(session, tag: task, db) }
    }

    public func setSessionRole(_ session: UUID, role: SessionRole?) async throws {
        try await writing { db in
            try db.execute(sql: "UPDATE sessions SET role = ?, system_prompt = CAST(? AS TEXT) WHERE uuid = ?",
                           arguments: [role?.name, ExactText.bind(role?.systemPrompt), Self.text(session)])
        }
    }

    public func commitPrompt(session: UUID, turn: UUID, text: String) async throws {
        let now = Date()
        try await writing { db in
            _ = try Self.insertMessage(db, session: session, turn: turn, role: .user, status: .complete, text: text,
                                       parent: nil, requestedModel: nil, at: now)
        }
    }

    public func commitPrompt(session: UUID, turn: UUID, message: ChatMessage) async throws {
        let now = Date()
        try await writing { db in try Self.commitPrompt(message, session: session, turn: turn, at: now, db) }
    }

    public func openReply(session: UUID, turn: UUID, promptTurn: UUID, requestedModel: String) async throws {
        let now = Date()
        try await writing { db in
            try Self.openReply(session: session, turn: turn, promptTurn: promptTurn, requestedModel: requestedModel, at: now, db)
        }
    }

    /// One transaction: a failure in any part (a prompt, the reply, the key and tags) leaves none of it stored.
    public func beginTurn(_ opening: TurnOpening) async throws {
        let now = Date()
        try await writing { db in try Self.begin(opening, at: now, db) }
    }

    /// The session and the turn are looked up once; the reply's parent is the prompt just stored when it is the
    /// one `openReply` would find (this turn's latest user or tool message). A turn that has already ended (a
    /// batch holding its whole record) stores its route with the turn and its reply whole (`ending`).
    /// `sessionRow`: the session's row when the caller has it. Returns the turn's row.
    @discardableResult
    static func begin(_ opening: TurnOpening, at now: Date, route: String? = nil, ending: AssistantCompletion? = nil,
                      sessionRow: Int64? = nil, _ db: Database) throws -> Int64 {
        let session = try sessionRow ?? sessionKey(opening.session, db)
        let turn = try openTurn(opening.turn, session: session, route: route, db)
        let rows = MessageRows(session: session, turn: turn)
        if try !beginExchange(opening, rows: rows, at: now, ending: ending, db) {
            try beginMessages(opening, rows: rows, at: now, ending: ending, db)
        }
        if opening.isAttributed { try attribute(turnRow: turn, key: opening.gatewayKey, tags: opening.tags, db) }
        return turn
    }

    /// The usual turn, one prompt of its own and the reply to it, in one statement (`insertExchange`). False, with
    /// nothing written, for any other turn.
    private static func beginExchange(_ opening: TurnOpening, rows: MessageRows, at now: Date,
                                      ending: AssistantCompletion?, _ db: Database) throws -> Bool {
        guard opening.prompts.count == 1, let prompt = opening.prompts.first, opening.promptTurn == opening.turn,
              prompt.role == .user || prompt.role == .tool else { return false }
        let asked = NewMessage(role: prompt.role, status: .complete, text: prompt.text,
                               parts: StoredMessage.storedParts(of: prompt), parent: nil, requestedModel: nil, ending: nil)
        let reply = NewMessage(role: .assistant, status: .incomplete, text: "", parts: nil, parent: nil,
                               requestedModel: opening.requestedModel, ending: ending)
        return try insertExchange(db, rows: rows, prompt: asked, reply: reply, at: now)
    }

    private static func beginMessages(_ opening: TurnOpening, rows: MessageRows, at now: Date,
                                      ending: AssistantCompletion?, _ db: Database) throws {
        var lastPrompt: (id: MessageID, role: Role)?
        for prompt in opening.prompts {
            let id = try insertMessage(db, rows: rows, role: prompt.role, status: .complete, text: prompt.text, parent: nil,
                                       requestedModel: nil, at: now, parts: StoredMessage.storedParts(of: prompt))
            lastPrompt = (id, prompt.role)
        }
        let parent: MessageID?
        let followsPrompt = opening.promptTurn == opening.turn && (lastPrompt?.role == .user || lastPrompt?.role == .tool)
        if followsPrompt, let lastPrompt {
            parent = lastPrompt.id
        } else {
            parent = try prompt(inTurn: opening.promptTurn, db)
        }
        // After a prompt stored just now, the reply would change nothing in the session: the prompt already moved
        // its time to now, and the head cannot be a message stored this instant.
        _ = try insertMessage(db, rows: rows, role: .assistant, status: .incomplete, text: "", parent: parent,
                              requestedModel: opening.requestedModel, at: now, ending: ending, touchesSession: !followsPrompt)
    }

    /// One transaction. If only the model update fails, the reply is kept and the failure returned, so the caller
    /// can tell a lost answer from a detail that was not kept. The update is one statement, which SQLite undoes
    /// alone when it fails (a savepoint around it would only add two statements).
    @discardableResult
    public func finishTurn(_ finish: TurnFinish) async throws -> (any Error)? {
        let now = Date()
        let modelFailure: DatabaseError? = try await writingResult(evenIfCancelled: true) { db in
            try Self.finish(try Self.requireReply(finish.turn, db), finish.completion, at: now, db)
            guard let model = finish.sessionModel else { return nil }
            do {
                try Self.setModel(finish.session, model: model, db)
                return nil
            } catch let error as DatabaseError where !StoreConnections.isDamage(error) && db.isInsideTransaction {
                return error
            }
            // Damage, or SQLite rolled the whole transaction back (the reply with it): the write fails.
        }
        return modelFailure.map(writeFailure)
    }

    static func commitPrompt(_ message: ChatMessage, session: UUID, turn: UUID, at now: Date, _ db: Database) throws {
        _ = try insertMessage(db, session: session, turn: turn, role: message.role, status: .complete, text: message.text,
                              parent: nil, requestedModel: nil, at: now, parts: StoredMessage.storedParts(of: message))
    }

    static func openReply(session: UUID, turn: UUID, promptTurn: UUID, requestedModel: String, at now: Date,
                          _ db: Database) throws {
        let prompt = try prompt(inTurn: promptTurn, db)
        _ = try insertMessage(db, session: session, turn: turn, role: .assistant, status: .incomplete, text: "",
                              parent: prompt, requestedModel: requestedModel, at: now)
    }

    public func checkpointReply(turn: UUID, text: String) async throws {
        let now = Date()
        try await writing { db in try Self.checkpoint(try Self.requireReply(turn, db), text: text, at: now, db) }
    }

    public func finishReply(turn: UUID, _ completion: AssistantCompletion) async throws {
        let now = Date()
        try await writing { db in try Self.finish(try Self.requireReply(turn, db), completion, at: now, db) }
    }

    public func recordRoute(turn: UUID, decision: RouteDecision) async throws {
        let json = try decision.storedJSON()
        try await writing { db in try Self.storeRoute(turn: turn, json: json, db) }
    }

    public func routeExplanation(turn: UUID) async throws -> RouteExplanation? {
        let json = try await connections.read { db in
            try String.fetchOne(db, sql: "SELECT route FROM turns WHERE uuid = ?", arguments: [turn])
        }
        return try json.map { try RouteExplanation(json: $0) }
    }

    public func chooseReply(turn: UUID) async throws {
        try await writing { db in
            guard let reply = try Self.message(inTurn: turn, role: .assistant, db) else { return }
            try Self.choose(reply, db)
        }
    }

    /// Today and month to date, by local calendar day. Only each attempt's time and cost are read: the workbench
    /// asks this at every start, and building the full day-by-day report (sessions, titles, usage) for it cost
    /// tens of milliseconds that competed with opening the history browser.
    public func spend(now: Date, calendar: Calendar) async throws -> SpendSnapshot {
        let monthStart = calendar.dateInterval(of: .month, for: now)?.start ?? now
        let day = calendar.dateInterval(of: .day, for: now)
        let entries = try await connections.read { db in try Self.spendTimesAndCosts(since: monthStart, db) }
        var today = CostTotal.zero, month = CostTotal.zero
        for (startedAt, cost) in entries {
            month.add(cost)
            if let day, day.contains(startedAt), startedAt < day.end { today.add(cost) }
        }
        return SpendSnapshot(today: today.knownOrNil, month: month.knownOrNil, incomplete: month.unknownCount > 0)
    }

    /// When each attempt since `since` started and what it cost (nil: unknown), as the spend report counts them
    /// (attempts of a stored turn).
    static func spendTimesAndCosts(since: Date, _ db: Database) throws -> [(Date, Money?)] {
        try Row.fetchAll(db, sql: """
            SELECT a.started_at, a.cost FROM attempts a JOIN turns t ON t.id = a.turn_id WHERE a.started_at >= ?
            """, arguments: [StoredTime.millis(since)]).map { row in
            (StoredTime.date(try row.decode(atIndex: 0)), try RowDecoding.money(row, 1))
        }
    }

    public func modelStats(since: Date) async throws -> [String: ModelStatsSnapshot] {
        let samples = try await connections.read { db in try Self.statsSamples(since: since, db) }
        return Self.snapshots(ModelStats.build(samples))
    }

    public func spendReport(by grouping: SpendReport.Grouping, since: Date?, calendar: Calendar) async throws -> SpendReport {
        let entries = try await connections.read { db in try Self.spendEntries(since: since, db) }
        return SpendReport.build(entries, grouping: grouping, since: since, calendar: calendar)
    }

    public func modelStatsReport(since: Date?) async throws -> [ModelStats] {
        ModelStats.build(try await connections.read { db in try Self.statsSamples(since: since, db) })
    }

    public func isDamage(_ error: any Error) -> Bool { damage(in: error) != nil }

    static func snapshots(_ rows: [ModelStats]) -> [String: ModelStatsSnapshot] { ModelStatsSnapshot.byModel(rows) }

    /// A write through GRDB's async API; a failure comes back as one line (damage as `StoreError`).
    private func writing(_ body: @escaping @Sendable (Database) throws -> Void) async throws {
        try await writingResult(body)
    }

    /// `evenIfCancelled`: a write a cancelled task must still make (a turn's end).
    private func writingResult<T: Sendable>(evenIfCancelled: Bool = false,
                                            _ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await evenIfCancelled ? connections.writeEvenIfCancelled(body) : connections.write(body)
        } catch {
            throw writeFailure(error)
        }
    }

    /// The latest message of `role` stored under `turn`.
    static func message(inTurn turn: UUID, role: Role, _ db: Database) throws -> MessageID? {
        try Int64.fetchOne(db.cachedStatement(sql: """
            SELECT m.id FROM messages m JOIN turns t ON t.id = m.turn_id
            WHERE t.uuid = ? AND m.role = ? ORDER BY m.id DESC LIMIT 1
            """), arguments: [turn, role.rawValue]).map(MessageID.init(rawValue:))
    }

    /// The latest prompt stored under `turn`: the person's message, or the last `tool` message answering calls.
    static func prompt(inTurn turn: UUID, _ db: Database) throws -> MessageID? {
        try Int64.fetchOne(db.cachedStatement(sql: """
            SELECT m.id FROM messages m JOIN turns t ON t.id = m.turn_id
            WHERE t.uuid = ? AND m.role IN ('user', 'tool') ORDER BY m.id DESC LIMIT 1
            """), arguments: [turn]).map(MessageID.init(rawValue:))
    }

    static func requireReply(_ turn: UUID, _ db: Database) throws -> MessageID {
        guard let reply = try message(inTurn: turn, role: .assistant, db) else { throw StoreError.turnNotOpened(turn: turn) }
        return reply
    }
}
