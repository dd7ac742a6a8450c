import Foundation
import PostgresNIO
import SwitchboardCore

/// Turns and messages: a turn's prompt and reply are found through the `turns` table and `messages.turn_id`, not
/// remembered in memory, so another instance can checkpoint or finish a reply this one opened.
extension PostgresStore {
    public func commitPrompt(session: UUID, turn: UUID, text: String) async throws {
        try await commitPrompt(session: session, turn: turn, message: .user(text))
    }

    public func commitPrompt(session: UUID, turn: UUID, message: ChatMessage) async throws {
        let now = Date()
        let parts = try StoredParts.encode(StoredMessage.storedParts(of: message))
        try await writing("store the prompt") { connection in
            _ = try await self.insertMessage(connection, session: session, turn: turn, role: message.role,
                                             status: .complete, text: message.text, parent: nil, requestedModel: nil,
                                             at: now, parts: parts)
        }
    }

    public func openReply(session: UUID, turn: UUID, promptTurn: UUID, requestedModel: String) async throws {
        let now = Date()
        try await writing("open the reply") { connection in
            let prompt = try await self.prompt(inTurn: promptTurn, connection)
            _ = try await self.insertMessage(connection, session: session, turn: turn, role: .assistant,
                                             status: .incomplete, text: "", parent: prompt, requestedModel: requestedModel,
                                             at: now, parts: nil)
        }
    }

    public func checkpointReply(turn: UUID, text: String) async throws {
        let now = Self.millis(Date())
        let (searchable, exact) = Self.storedText(text)
        try await writing("checkpoint the reply") { connection in
            let reply = try await self.requireReply(turn, connection)
            try await connection.query("""
                UPDATE messages SET text = \(searchable), text_exact = \(exact), updated_at = \(now) WHERE id = \(reply)
                """, logger: self.logger)
        }
    }

    public func finishReply(turn: UUID, _ completion: AssistantCompletion) async throws {
        _ = try await finishReply(turn: turn, completion, sessionModel: nil)
    }

    /// The reply's end, and the session's model when given (in a savepoint: its failure is returned, the reply kept).
    func finishReply(turn: UUID, _ completion: AssistantCompletion, sessionModel: String?) async throws -> (any Error)? {
        let now = Self.millis(Date())
        let (searchable, exact) = Self.storedText(completion.text)
        let parts = try StoredParts.encode(completion.parts)
        let usage = completion.usage
        let (input, output, cacheRead, cacheWrite) = (usage.map { Int64($0.input) }, usage.map { Int64($0.output) },
                                                      usage.map { Int64($0.cacheRead) }, usage.map { Int64($0.cacheWrite) })
        let (reasoning, cacheWrite1h, images) = (usage.map { Int64($0.reasoning) }, usage.map { Int64($0.cacheWrite1h) },
                                                 usage.map { Int64($0.images) })
        let (cost, reported) = (Self.moneyText(completion.cost), Self.moneyText(completion.reportedCost))
        let (ttft, duration) = (completion.ttft.map(Self.millis), completion.duration.map(Self.millis))
        return try await writingResult("store the reply") { connection -> PostgresModelFailure? in
            let reply = try await self.requireReply(turn, connection)
            try await connection.query("""
                UPDATE messages SET text = \(searchable), text_exact = \(exact), status = \(completion.status.rawValue),
                    resolved_model = \(completion.resolvedModel), provider = \(completion.provider),
                    input_tokens = \(input), output_tokens = \(output), cache_read_tokens = \(cacheRead),
                    cache_write_tokens = \(cacheWrite), reasoning_tokens = \(reasoning),
                    cache_write_1h_tokens = \(cacheWrite1h), image_inputs = \(images), cost = \(cost)::numeric,
                    cost_reported = \(reported)::numeric, ttft_ms = \(ttft), duration_ms = \(duration),
                    updated_at = \(now), parts = \(parts)
                WHERE id = \(reply)
                """, logger: self.logger)
            try await connection.query("""
                UPDATE sessions SET updated_at = greatest(updated_at, \(now))
                WHERE id = (SELECT session_id FROM messages WHERE id = \(reply))
                """, logger: self.logger)
            guard let sessionModel else { return nil }
            try await connection.query("SAVEPOINT session_model", logger: self.logger)
            do {
                try await connection.query("""
                    UPDATE sessions SET model = \(sessionModel) WHERE id = (SELECT session_id FROM messages WHERE id = \(reply))
                    """, logger: self.logger)
                try await connection.query("RELEASE SAVEPOINT session_model", logger: self.logger)
                return nil
            } catch {
                try await connection.query("ROLLBACK TO SAVEPOINT session_model", logger: self.logger)
                return PostgresModelFailure(description: "\(PostgresStoreError.wrap(error, doing: "keep the session's model"))")
            }
        }
    }

    public func chooseReply(turn: UUID) async throws {
        try await writing("pick the reply") { connection in
            guard let reply = try await self.message(inTurn: turn, roles: ["assistant"], connection) else { return }
            try await self.choose(reply, connection)
        }
    }

    public func conversation(in session: UUID) async throws -> [ChatMessage] {
        try await reading("read the conversation") { connection in
            let system = try await self.first("SELECT system_prompt FROM sessions WHERE id = \(session)", connection)
            let tree = try await self.tree(session, connection)
            let compaction = SessionCompaction.latest(try await self.compactions(session, connection), on: tree.headPath)
            return SessionCompaction.conversation(system: try system?[0].decode(String?.self), branch: tree.headPath,
                                                  compaction: compaction)
        }
    }

    /// The conversation along the picked answers; a last prompt whose compared answers await a pick comes back
    /// with them as `comparison`.
    public func loadSession(_ reference: String) async throws -> LoadedSession {
        try await reading("open session \(reference)") { connection in
            let id = try await self.resolve(reference, connection)
            let session = try await self.fetchSession(id, connection)
            let tree = try await self.tree(id, connection)
            var branch = tree.headPath
            let comparison = tree.pendingColumns(after: try await self.columnsAfter(id, connection))
            if !comparison.isEmpty { branch.removeLast() }
            var loaded = LoadedSession(session: session, messages: branch, comparison: comparison, tree: tree)
            loaded.compaction = SessionCompaction.latest(try await self.compactions(id, connection), on: branch)
            return loaded
        }
    }

    public func sessionDetail(_ reference: String) async throws -> SessionDetail {
        try await reading("read session \(reference)") { connection in
            try await self.detail(try await self.resolve(reference, connection), connection)
        }
    }

    public func exportMarkdown(_ reference: String) async throws -> String {
        MarkdownExport.render(try await sessionDetail(reference))
    }

    // MARK: Reading

    func detail(_ id: UUID, _ connection: PostgresConnection) async throws -> SessionDetail {
        let session = try await fetchSession(id, connection)
        let messages = try await messages(id, connection)
        var attempts: [UUID: [AttemptRecord]] = [:]
        for row in try await wholeRows("""
            \(unescaped: Self.attemptSelect) JOIN turns t ON t.id = a.turn_id WHERE t.session_id = \(id)
            ORDER BY a.turn_id, a.ordinal, a.id
            """, connection) {
            let attempt = try Self.attempt(row)
            attempts[attempt.turnID, default: []].append(attempt)
        }
        var routes: [UUID: String] = [:]
        for row in try await rows("SELECT id, route FROM turns WHERE session_id = \(id) AND route IS NOT NULL", connection) {
            routes[try row[0].decode(UUID.self)] = try row[1].decode(String.self)
        }
        var detail = SessionDetail(session: session, entries: SessionDetail.entries(messages, attempts: attempts, routes: routes),
                                   head: try await head(id, connection))
        detail.compactions = try await compactions(id, connection).map(\.compaction)
        detail.columnsAfter = try await columnsAfter(id, connection)
        return detail
    }

    func messages(_ session: UUID, _ connection: PostgresConnection) async throws -> [StoredMessage] {
        try await rows("\(unescaped: Self.messageSelect) WHERE m.session_id = \(session) ORDER BY m.id", connection)
            .map { try Self.message($0, sessionID: session) }
    }

    /// The whole tree and its head, in the caller's snapshot.
    func tree(_ session: UUID, _ connection: PostgresConnection) async throws -> ConversationTree {
        ConversationTree(messages: try await messages(session, connection), head: try await head(session, connection))
    }

    /// The session's head, if it is one of the session's own messages.
    func head(_ session: UUID, _ connection: PostgresConnection) async throws -> MessageID? {
        try await first("""
            SELECT m.id FROM sessions s JOIN messages m ON m.id = s.head_message_id AND m.session_id = s.id
            WHERE s.id = \(session)
            """, connection).map { MessageID(rawValue: try $0[0].decode(Int64.self)) }
    }

    func columnsAfter(_ session: UUID, _ connection: PostgresConnection) async throws -> MessageID? {
        try await first("SELECT columns_after FROM sessions WHERE id = \(session)", connection)?[0]
            .decode(Int64?.self).map(MessageID.init(rawValue:))
    }

    // MARK: Writing

    /// Stores one message of `session` under `turn`. `parent` nil continues from the head (the picked answer, else
    /// the latest message) unless `parentIsExplicit` (an edited first prompt has none). The session row is locked
    /// first, so two instances adding to one session take turns and agree on its head.
    func insertMessage(_ connection: PostgresConnection, session: UUID, turn: UUID, role: Role, status: MessageStatus,
                       text: String, parent: MessageID?, requestedModel: String?, at date: Date, parts: String?,
                       parentIsExplicit: Bool = false) async throws -> MessageID {
        guard try await first("SELECT id FROM sessions WHERE id = \(session) FOR UPDATE", connection) != nil else {
            throw SessionStoreError.sessionNotFound(reference: session.uuidString.lowercased(), suggestions: [])
        }
        try await claimTurn(turn, session: session, connection)
        var parentKey = parent?.rawValue
        if parentKey == nil, !parentIsExplicit {
            parentKey = try await first("""
                SELECT coalesce(
                    (SELECT m.id FROM messages m JOIN sessions s ON m.id = s.head_message_id AND m.session_id = s.id
                     WHERE s.id = \(session)),
                    (SELECT max(id) FROM messages WHERE session_id = \(session)))
                """, connection)?[0].decode(Int64?.self)
        }
        let millis = Self.millis(date)
        let (searchable, exact) = Self.storedText(text)
        guard let row = try await first("""
            INSERT INTO messages (session_id, parent_id, turn_id, role, status, requested_model, created_at, updated_at,
                text, text_exact, parts)
            VALUES (\(session), \(parentKey), \(turn), \(role.rawValue), \(status.rawValue), \(requestedModel), \(millis),
                \(millis), \(searchable), \(exact), \(parts))
            RETURNING id
            """, connection) else {
            throw PostgresStoreError.database(doing: "store a message", message: "no id came back")
        }
        let id = try row[0].decode(Int64.self)
        // A message that replies to the picked answer carries the conversation on from it: the head is used up.
        // Only replies join regenerated columns; any other message means the conversation went on without a pick.
        let isReply = role == .assistant
        try await connection.query("""
            UPDATE sessions SET updated_at = greatest(updated_at, \(millis)),
                head_message_id = CASE WHEN head_message_id = \(parentKey) THEN NULL ELSE head_message_id END,
                columns_after = CASE WHEN \(isReply) THEN columns_after ELSE NULL END
            WHERE id = \(session)
            """, logger: logger)
        return MessageID(rawValue: id)
    }

    /// Creates the turn, or claims it for `session` when an attempt was recorded first (the ledger made it).
    func claimTurn(_ turn: UUID, session: UUID?, _ connection: PostgresConnection) async throws {
        try await connection.query("""
            INSERT INTO turns (id, session_id) VALUES (\(turn), \(session))
            ON CONFLICT (id) DO UPDATE SET session_id = coalesce(turns.session_id, EXCLUDED.session_id)
            """, logger: logger)
    }

    /// A head chosen ends any comparison awaiting a pick.
    func choose(_ message: MessageID, _ connection: PostgresConnection) async throws {
        let changed = try await rows("""
            UPDATE sessions SET head_message_id = \(message.rawValue), columns_after = NULL
            WHERE id = (SELECT session_id FROM messages WHERE id = \(message.rawValue)) RETURNING id
            """, connection)
        if changed.isEmpty { throw SessionStoreError.messageNotFound(id: message.rawValue) }
    }

    /// The latest message of one of `roles` stored under `turn`.
    func message(inTurn turn: UUID, roles: [String], _ connection: PostgresConnection) async throws -> MessageID? {
        try await first("""
            SELECT id FROM messages WHERE turn_id = \(turn) AND role = ANY(\(roles)) ORDER BY id DESC LIMIT 1
            """, connection).map { MessageID(rawValue: try $0[0].decode(Int64.self)) }
    }

    /// The latest prompt stored under `turn`: the person's message, or the last `tool` message answering calls.
    func prompt(inTurn turn: UUID, _ connection: PostgresConnection) async throws -> MessageID? {
        try await message(inTurn: turn, roles: ["user", "tool"], connection)
    }

    func requireReply(_ turn: UUID, _ connection: PostgresConnection) async throws -> Int64 {
        guard let reply = try await message(inTurn: turn, roles: ["assistant"], connection) else {
            throw SessionStoreError.turnNotOpened(turn: turn)
        }
        return reply.rawValue
    }
}

/// A turn's writes at its start and its end, each in one transaction, as the SQLite store makes them.
extension PostgresStore {
    /// One transaction: a failure in any part (a prompt, the reply, the key and tags) leaves none of it stored.
    public func beginTurn(_ opening: TurnOpening) async throws {
        let now = Date()
        let prompts = try opening.prompts.map { ($0, try StoredParts.encode(StoredMessage.storedParts(of: $0))) }
        try await writing("begin the turn") { connection in
            for (prompt, parts) in prompts {
                _ = try await self.insertMessage(connection, session: opening.session, turn: opening.turn,
                                                 role: prompt.role, status: .complete, text: prompt.text, parent: nil,
                                                 requestedModel: nil, at: now, parts: parts)
            }
            let answered = try await self.prompt(inTurn: opening.promptTurn, connection)
            _ = try await self.insertMessage(connection, session: opening.session, turn: opening.turn, role: .assistant,
                                             status: .incomplete, text: "", parent: answered,
                                             requestedModel: opening.requestedModel, at: now, parts: nil)
            if opening.isAttributed {
                try await self.attribute(opening.turn, key: opening.gatewayKey, tags: opening.tags, connection)
            }
        }
    }

    /// One transaction. The model update runs in a savepoint of its own: if only it fails, the reply is kept and
    /// its failure returned, so the caller can tell a lost answer from a detail that was not kept.
    @discardableResult
    public func finishTurn(_ finish: TurnFinish) async throws -> (any Error)? {
        try await finishReply(turn: finish.turn, finish.completion, sessionModel: finish.sessionModel)
    }
}
