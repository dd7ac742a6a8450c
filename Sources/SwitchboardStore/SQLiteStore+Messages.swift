import Foundation
import GRDB
import SwitchboardCore

extension SQLiteStore {
    /// Stores the person's message and commits before returning: call it before the request leaves, so the prompt
    /// survives whatever happens next. `parent` nil continues from the session's latest message.
    @discardableResult
    public func appendUserMessage(session: UUID, turn: UUID, text: String, parent: MessageID? = nil,
                                  at date: Date = Date()) throws -> MessageID {
        try connections.write { db in
            try Self.insertMessage(db, session: session, turn: turn, role: .user, status: .complete, text: text,
                                   parent: parent, requestedModel: nil, at: date)
        }
    }

    /// Opens the reply to `parent` as `incomplete` with no text yet; checkpoints fill it while it streams.
    @discardableResult
    public func beginAssistantMessage(session: UUID, turn: UUID, parent: MessageID?, requestedModel: String?,
                                      at date: Date = Date()) throws -> MessageID {
        try connections.write { db in
            try Self.insertMessage(db, session: session, turn: turn, role: .assistant, status: .incomplete, text: "",
                                   parent: parent, requestedModel: requestedModel, at: date)
        }
    }

    /// Saves the text streamed so far: one small UPDATE. The caller throttles (every 250 ms at most).
    public func checkpoint(_ message: MessageID, text: String, at date: Date = Date()) throws {
        try connections.write { db in try Self.checkpoint(message, text: text, at: date, db) }
    }

    static func checkpoint(_ message: MessageID, text: String, at date: Date, _ db: Database) throws {
        try db.executeCached("UPDATE messages SET text = CAST(? AS TEXT), updated_at = ? WHERE id = ?",
                             [ExactText.bind(text), StoredTime.millis(date), message.rawValue])
        if db.changesCount == 0 { throw StoreError.messageNotFound(id: message.rawValue) }
    }

    /// Stores how the reply ended: final text, status, who served it, tokens, cost, timings.
    public func finishAssistantMessage(_ message: MessageID, _ completion: AssistantCompletion,
                                       at date: Date = Date()) throws {
        try connections.write { db in try Self.finish(message, completion, at: date, db) }
    }

    static func finish(_ message: MessageID, _ completion: AssistantCompletion, at date: Date, _ db: Database) throws {
        let usage = completion.usage
        do {
            try db.executeCached("""
                UPDATE messages SET text = CAST(? AS TEXT), status = ?, resolved_model = ?, provider = ?, input_tokens = ?,
                    output_tokens = ?, cache_read_tokens = ?, cache_write_tokens = ?, reasoning_tokens = ?, cost = ?,
                    cost_reported = ?, ttft_ms = ?, duration_ms = ?, updated_at = ?, cache_write_1h_tokens = ?,
                    image_inputs = ?, parts = ?
                WHERE id = ?
                """, [ExactText.bind(completion.text), completion.status.rawValue, completion.resolvedModel,
                      completion.provider, usage?.input, usage?.output, usage?.cacheRead, usage?.cacheWrite,
                      usage?.reasoning, completion.cost?.decimalString, completion.reportedCost?.decimalString,
                      completion.ttft.map(StoredTime.millis), completion.duration.map(StoredTime.millis),
                      StoredTime.millis(date), usage?.cacheWrite1h, usage?.images,
                      try StoredParts.encode(completion.parts), message.rawValue])
            if db.changesCount == 0 { throw StoreError.messageNotFound(id: message.rawValue) }
            try db.executeCached("""
                UPDATE sessions SET updated_at = max(updated_at, ?)
                WHERE id = (SELECT session_id FROM messages WHERE id = ?)
                """, [StoredTime.millis(date), message.rawValue])
        }
    }

    /// Every message of the session in the order stored.
    public func messages(in session: UUID) throws -> [StoredMessage] {
        try connections.read { db in try Self.fetchMessages(db, session: session) }
    }

    /// What to send when the conversation continues: the system prompt, then the branch that ends at the
    /// session's head (see `branch(in:)`). Failed replies with no text are left out; partial ones stay, since the
    /// person saw them.
    public func conversation(in session: UUID) throws -> [ChatMessage] {
        try connections.read { db in try Self.fetchConversation(session, db) }
    }

    static func fetchConversation(_ session: UUID, _ db: Database) throws -> [ChatMessage] {
        do {
            let systemPrompt = try String.fetchOne(db, sql: "SELECT system_prompt FROM sessions WHERE uuid = ?",
                                                   arguments: [text(session)])
            let branch = try fetchBranch(db, session: session)
            return SessionCompaction.conversation(system: systemPrompt, branch: branch,
                                                  compaction: try fetchCompaction(db, session: session, branch: branch))
        }
    }

    /// The messages the conversation is made of, oldest first: from the head (the reply picked among compared
    /// answers, else the latest message) back along parent links, so sibling replies that were not picked are
    /// left out.
    public func branch(in session: UUID) throws -> [StoredMessage] {
        try connections.read { db in try Self.fetchBranch(db, session: session) }
    }

    /// Makes `message` the one the conversation continues from (a compared answer the person picked).
    public func chooseReply(_ message: MessageID) throws {
        try connections.write { db in try Self.choose(message, db) }
    }

    static func choose(_ message: MessageID, _ db: Database) throws {
        do {
            // A head chosen ends any comparison awaiting a pick (`columns_after`).
            try db.execute(sql: """
                UPDATE sessions SET head_message_id = ?, columns_after = NULL
                WHERE id = (SELECT session_id FROM messages WHERE id = ?)
                """, arguments: [message.rawValue, message.rawValue])
            if db.changesCount == 0 { throw StoreError.messageNotFound(id: message.rawValue) }
        }
    }

    /// The picked reply the conversation continues from, when one was picked and nothing followed it yet.
    public func pickedReply(in session: UUID) throws -> MessageID? {
        try connections.read { db in try Self.headMessage(db, session: session).map(MessageID.init(rawValue:)) }
    }

    /// The session's head, if it is one of the session's own messages.
    static func headMessage(_ db: Database, session: UUID) throws -> Int64? {
        try Int64.fetchOne(db, sql: """
            SELECT m.id FROM sessions s JOIN messages m ON m.id = s.head_message_id AND m.session_id = s.id WHERE s.uuid = ?
            """, arguments: [text(session)])
    }

    /// The (latest) reply stored for `turn`.
    public func reply(inTurn turn: UUID) throws -> MessageID? {
        try connections.read { db in try Self.message(inTurn: turn, role: .assistant, db) }
    }

    static func fetchBranch(_ db: Database, session: UUID) throws -> [StoredMessage] {
        let stored = try fetchMessages(db, session: session)
        let head = try headMessage(db, session: session)
        var byID: [MessageID: StoredMessage] = [:]
        for message in stored { byID[message.id] = message }
        var branch: [StoredMessage] = []
        var cursor = head.flatMap { byID[MessageID(rawValue: $0)] } ?? stored.last
        while let message = cursor, branch.count <= stored.count {
            branch.append(message)
            cursor = message.parentID.flatMap { byID[$0] }
        }
        return branch.reversed()
    }

    /// The session with every message and the attempts behind each reply: for `history show`.
    public func sessionDetail(_ id: UUID) throws -> SessionDetail {
        try connections.read { db in try Self.fetchDetail(id, db) }
    }

    static func fetchDetail(_ id: UUID, _ db: Database) throws -> SessionDetail {
        do {
            guard let session = try Row.fetchOne(db, sql: "SELECT \(RowDecoding.sessionColumns) FROM sessions s WHERE s.uuid = ?",
                                                 arguments: [Self.text(id)]).map(RowDecoding.session) else {
                throw StoreError.sessionNotFound(reference: Self.text(id), suggestions: [])
            }
            let messages = try Self.fetchMessages(db, session: id)
            let attempts = try Self.fetchAttempts(db, session: id)
            let routes = try Self.fetchRoutes(db, session: id)
            var detail = SessionDetail(session: session, entries: Self.attach(attempts, to: messages, routes: routes),
                                       head: try Self.headMessage(db, session: id).map(MessageID.init(rawValue:)))
            detail.compactions = try Self.fetchCompactions(db, session: id).map(\.compaction)
            detail.columnsAfter = try Self.columnsAfter(db, session: id)
            return detail
        }
    }

    /// Gives each turn's attempts to the reply of that turn (to the prompt when there is no reply).
    static func attach(_ attempts: [UUID: [AttemptRecord]], to messages: [StoredMessage],
                       routes: [UUID: String] = [:]) -> [SessionDetail.Entry] {
        SessionDetail.entries(messages, attempts: attempts, routes: routes)
    }

    static func fetchMessages(_ db: Database, session: UUID) throws -> [StoredMessage] {
        let key = try sessionKey(session, db)
        return try Row.fetchAll(db, sql: RowDecoding.messageSelect + " WHERE m.session_id = ? ORDER BY m.id",
                                arguments: [key]).map { try RowDecoding.message($0, sessionID: session) }
    }

    static func fetchRoutes(_ db: Database, session: UUID) throws -> [UUID: String] {
        let key = try sessionKey(session, db)
        var result: [UUID: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT uuid, route FROM turns WHERE session_id = ? AND route IS NOT NULL", arguments: [key]) {
            let turn: UUID = try row.decode(forColumn: "uuid")
            result[turn] = try row.decode(forColumn: "route")
        }
        return result
    }

    static func fetchAttempts(_ db: Database, session: UUID) throws -> [UUID: [AttemptRecord]] {
        let key = try sessionKey(session, db)
        var result: [UUID: [AttemptRecord]] = [:]
        for row in try Row.fetchAll(db, sql: RowDecoding.attemptSelect + " WHERE t.session_id = ? ORDER BY a.turn_id, a.ordinal, a.id",
                                    arguments: [key]) {
            let attempt = try RowDecoding.attempt(row)
            result[attempt.turnID, default: []].append(attempt)
        }
        return result
    }

    static func insertMessage(_ db: Database, session: UUID, turn: UUID?, role: Role, status: MessageStatus,
                              text: String, parent: MessageID?, requestedModel: String?, at date: Date,
                              parts: [ContentPart]? = nil, parentIsExplicit: Bool = false) throws -> MessageID {
        let sessionRow = try sessionKey(session, db)
        let rows = MessageRows(session: sessionRow, turn: try turn.map { try turnKey($0, session: sessionRow, db) })
        return try insertMessage(db, rows: rows, role: role, status: status, text: text, parent: parent,
                                 requestedModel: requestedModel, at: date, parts: parts, parentIsExplicit: parentIsExplicit)
    }

    /// The same, for a caller that has looked up the session's and the turn's rows. `ending` stores a reply
    /// already whole (its text, parts and status are the ending's): what `finish` would store, without a second
    /// write that re-indexes the text. `touchesSession` false leaves the session's row alone, for a caller that
    /// knows the update would change nothing.
    static func insertMessage(_ db: Database, rows: MessageRows, role: Role, status: MessageStatus, text: String,
                              parent: MessageID?, requestedModel: String?, at date: Date, parts: [ContentPart]? = nil,
                              parentIsExplicit: Bool = false, ending: AssistantCompletion? = nil,
                              touchesSession: Bool = true) throws -> MessageID {
        let sessionRow = rows.session
        var parentKey = parent?.rawValue
        // nil continues from the head, unless the caller means "no parent" (an edited first prompt).
        if parentKey == nil, !parentIsExplicit {
            parentKey = try Int64.fetchOne(db.cachedStatement(sql: "SELECT \(NewMessage.headOrLatest)"),
                                           arguments: [sessionRow, sessionRow])
        }
        let millis = StoredTime.millis(date)
        let message = NewMessage(role: role, status: status, text: text, parts: parts, parent: parentKey,
                                 requestedModel: requestedModel, ending: ending)
        try db.executeCached(NewMessage.insertOne, StatementArguments(try message.values(rows, at: millis)))
        let id = db.lastInsertedRowID
        guard touchesSession else { return MessageID(rawValue: id) }
        try touchSession(sessionRow, after: message, at: millis, db)
        return MessageID(rawValue: id)
    }

    /// The rows a message belongs to: its session's and (for a turn's message) its turn's.
    struct MessageRows {
        var session: Int64
        var turn: Int64?
    }

    /// The key of a turn being begun in `session`: as `turnKey`, in one statement, since the turn is new but for
    /// the rare one whose attempt was recorded first.
    static func openTurn(_ turn: UUID, session: Int64, route: String?, _ db: Database) throws -> Int64 {
        let key = try Int64.fetchOne(db.cachedStatement(sql: """
            INSERT INTO turns (uuid, session_id, route) VALUES (?, ?, ?)
            ON CONFLICT (uuid) DO UPDATE SET session_id = coalesce(turns.session_id, excluded.session_id),
                route = coalesce(excluded.route, turns.route)
            RETURNING id
            """), arguments: [turn, session, route])
        guard let key else { throw StoreError.turnNotOpened(turn: turn) }  // an upsert always returns its row
        return key
    }

    /// The turn's key, creating the turn or claiming it for `session` when an attempt was recorded first.
    static func turnKey(_ turn: UUID, session: Int64?, _ db: Database) throws -> Int64 {
        if let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT id, session_id FROM turns WHERE uuid = ?"),
                                      arguments: [turn]) {
            let key: Int64 = try row.decode(forColumn: "id")
            let owner: Int64? = try row.decode(forColumn: "session_id")
            if owner == nil, let session {
                try db.execute(sql: "UPDATE turns SET session_id = ? WHERE id = ?", arguments: [session, key])
            }
            return key
        }
        try db.executeCached("INSERT INTO turns (uuid, session_id) VALUES (?, ?)", [turn, session])
        return db.lastInsertedRowID
    }
}
