import Foundation
import GRDB
import SwitchboardCore

extension SQLiteStore {
    /// Starts a conversation titled from its first prompt (first line, trimmed, about 60 characters).
    @discardableResult
    public func createSession(firstPrompt: String, model: String?, systemPrompt: String? = nil, tag: String? = nil,
                              id: UUID = UUID(), at date: Date = Date()) throws -> StoredSession {
        let session = StoredSession(id: id, title: SessionTitle.from(prompt: firstPrompt), createdAt: date,
                                    updatedAt: date, systemPrompt: systemPrompt, model: model, tag: tag)
        try connections.write { db in try Self.insert(session, db) }
        return session
    }

    static func insert(_ session: StoredSession, _ db: Database) throws {
        try db.executeCached("""
            INSERT INTO sessions (uuid, title, created_at, updated_at, archived, system_prompt, model, tag, role)
            VALUES (?, CAST(? AS TEXT), ?, ?, ?, CAST(? AS TEXT), ?, ?, ?)
            """, [text(session.id), ExactText.bind(session.title), StoredTime.millis(session.createdAt),
                  StoredTime.millis(session.updatedAt), session.archived, ExactText.bind(session.systemPrompt),
                  session.model, session.tag, session.role])
    }

    public func session(_ id: UUID) throws -> StoredSession? {
        try connections.read { db in try Self.fetchSession(id, db) }
    }

    static func fetchSession(_ id: UUID, _ db: Database) throws -> StoredSession? {
        try Row.fetchOne(db, sql: "SELECT \(RowDecoding.sessionColumns) FROM sessions s WHERE s.uuid = ?",
                         arguments: [text(id)]).map(RowDecoding.session)
    }

    /// The most recently updated session.
    public func latestSession() throws -> StoredSession? {
        try connections.read { db in
            try Row.fetchOne(db, sql: """
                SELECT \(RowDecoding.sessionColumns) FROM sessions s ORDER BY s.updated_at DESC, s.id DESC LIMIT 1
                """).map(RowDecoding.session)
        }
    }

    /// `last`, a full id, or a unique prefix of one. Throws `StoreError.sessionNotFound` with the closest ids,
    /// `.ambiguousSession` with the candidates, or `.noSessions`.
    public func resolveSession(_ reference: String) throws -> UUID {
        try connections.read { db in try Self.resolve(reference, db) }
    }

    static func resolve(_ reference: String, _ db: Database) throws -> UUID {
        do {
            switch SessionReference(reference) {
            case .last:
                guard let id = try String.fetchOne(db, sql: "SELECT uuid FROM sessions ORDER BY updated_at DESC, id DESC LIMIT 1"),
                      let uuid = UUID(uuidString: id) else { throw StoreError.noSessions }
                return uuid
            case .id(let text):
                if SessionReference.isPlausibleID(text) {
                    let matches = try String.fetchAll(db, sql: """
                        SELECT uuid FROM sessions WHERE uuid LIKE ? ORDER BY updated_at DESC LIMIT 6
                        """, arguments: [text + "%"])
                    if matches.count == 1, let only = matches.first, let uuid = UUID(uuidString: only) { return uuid }
                    if matches.contains(text), let uuid = UUID(uuidString: text) { return uuid }
                    if matches.count > 1 { throw StoreError.ambiguousSession(reference: reference, matches: matches) }
                }
                let all = try String.fetchAll(db, sql: "SELECT uuid FROM sessions ORDER BY updated_at DESC")
                if all.isEmpty { throw StoreError.noSessions }
                throw StoreError.sessionNotFound(reference: reference,
                                                 suggestions: SessionReference.closest(to: text, among: all))
            }
        }
    }

    /// Most recently updated first, with message counts, the models that replied, and the total cost of every
    /// attempt (unknown costs counted apart).
    public func listSessions(limit: Int = 50, offset: Int = 0) throws -> [SessionSummary] {
        try connections.read { db in try Self.fetchSummaries(db, limit: limit, offset: offset) }
    }

    /// `only`: just these sessions (a search's hits), whatever their age.
    static func fetchSummaries(_ db: Database, limit: Int, offset: Int, only: [UUID]? = nil) throws -> [SessionSummary] {
        do {
            let filter = only.map { ids in "WHERE s.uuid IN (" + ids.map { _ in "?" }.joined(separator: ",") + ")" } ?? ""
            var arguments = StatementArguments((only ?? []).map(text))
            arguments += [limit, offset]
            let rows = try Row.fetchAll(db, sql: """
                SELECT \(RowDecoding.sessionColumns), s.id AS key,
                       (SELECT COUNT(*) FROM messages m WHERE m.session_id = s.id) AS message_count
                FROM sessions s \(filter) ORDER BY s.updated_at DESC, s.id DESC LIMIT ? OFFSET ?
                """, arguments: arguments)
            guard !rows.isEmpty else { return [] }
            let keys: [Int64] = try rows.map { try $0.decode(forColumn: "key") }
            let keyList = keys.map(String.init).joined(separator: ",")
            var models: [Int64: [String]] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT session_id, resolved_model FROM messages
                WHERE session_id IN (\(keyList)) AND resolved_model IS NOT NULL ORDER BY id
                """) {
                let key: Int64 = try row.decode(forColumn: "session_id")
                let model: String = try row.decode(forColumn: "resolved_model")
                if models[key]?.contains(model) != true { models[key, default: []].append(model) }
            }
            var costs: [Int64: CostTotal] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT t.session_id, a.cost FROM turns t JOIN attempts a ON a.turn_id = t.id
                WHERE t.session_id IN (\(keyList))
                """) {
                let key: Int64 = try row.decode(forColumn: "session_id")
                costs[key, default: .zero].add(try RowDecoding.money(row, "cost"))
            }
            return try zip(rows, keys).map { row, key in
                SessionSummary(session: try RowDecoding.session(row), messageCount: try row.decode(forColumn: "message_count"),
                               models: models[key] ?? [], cost: costs[key] ?? .zero)
            }
        }
    }

    public func renameSession(_ id: UUID, to title: String, at date: Date = Date()) throws {
        try connections.write { db in try Self.rename(id, to: title, at: date, db) }
    }

    static func rename(_ id: UUID, to title: String, at date: Date, _ db: Database) throws {
        let cleaned = title.trimmingCharacters(in: .whitespacesAndNewlines)
        try db.execute(sql: "UPDATE sessions SET title = CAST(? AS TEXT), updated_at = ? WHERE uuid = ?",
                       arguments: [ExactText.bind(cleaned.isEmpty ? "Untitled" : cleaned), StoredTime.millis(date), text(id)])
        if db.changesCount == 0 { throw StoreError.sessionNotFound(reference: text(id), suggestions: []) }
    }

    /// Records the model the conversation is now sent to (a mid-conversation switch).
    public func setSessionModel(_ id: UUID, model: String?) throws {
        try connections.write { db in try Self.setModel(id, model: model, db) }
    }

    static func setModel(_ id: UUID, model: String?, _ db: Database) throws {
        try db.executeCached("UPDATE sessions SET model = ? WHERE uuid = ?", [model, text(id)])
    }

    /// The task tag task rules match (`/task code` in the workbench); nil clears it.
    public func setSessionTag(_ id: UUID, tag: String?) throws {
        try connections.write { db in try Self.setTag(id, tag: tag, db) }
    }

    static func setTag(_ id: UUID, tag: String?, _ db: Database) throws {
        try db.execute(sql: "UPDATE sessions SET tag = ? WHERE uuid = ?", arguments: [tag, text(id)])
    }

    public func setSessionArchived(_ id: UUID, _ archived: Bool) throws {
        try connections.write { db in
            try db.execute(sql: "UPDATE sessions SET archived = ? WHERE uuid = ?", arguments: [archived, Self.text(id)])
        }
    }

    /// Deletes the session and its messages. Its attempts stay (without a session), so spend history stays true.
    public func deleteSession(_ id: UUID) throws {
        try connections.write { db in try Self.delete(id, db) }
    }

    static func delete(_ id: UUID, _ db: Database) throws {
        try db.execute(sql: "DELETE FROM sessions WHERE uuid = ?", arguments: [text(id)])
        if db.changesCount == 0 { throw StoreError.sessionNotFound(reference: text(id), suggestions: []) }
    }

    /// Session ids are stored as lowercase text: readable in any SQLite tool, and prefix-searchable.
    static func text(_ id: UUID) -> String { id.uuidString.lowercased() }

    static func sessionKey(_ id: UUID, _ db: Database) throws -> Int64 {
        guard let key = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM sessions WHERE uuid = ?"),
                                           arguments: [text(id)]) else {
            throw StoreError.sessionNotFound(reference: text(id), suggestions: [])
        }
        return key
    }
}
