import Foundation
import PostgresNIO
import SwitchboardCore

/// The `SessionStore` port on PostgreSQL: sessions (this file), turns and messages (`+Messages`), branches
/// (`+Tree`), summaries (`+Compaction`), search (`+Search`) and figures (`+Reports`). Behaviour is the SQLite
/// store's, checked by the same contract tests; errors read as its do (`SessionStoreError`).
extension PostgresStore: SessionStore {
    public func recentSessions(limit: Int) async throws -> [SessionSummary] {
        try await reading("list sessions") { connection in try await summaries(limit: limit, only: nil, connection) }
    }

    public func resolveSession(_ reference: String) async throws -> UUID {
        try await reading("find session \(reference)") { connection in try await resolve(reference, connection) }
    }

    public func createSession(_ new: NewSession) async throws -> UUID {
        let now = Self.millis(Date())
        let title = Self.shownText(SessionTitle.from(prompt: new.firstPrompt)) ?? ""
        let system = Self.shownText(new.systemPrompt)
        try await writing("create a session") { [new] connection in
            try await connection.query("""
                INSERT INTO sessions (id, title, created_at, updated_at, system_prompt, model, tag, role)
                VALUES (\(new.id), \(title), \(now), \(now), \(system), \(new.model), \(new.task), \(new.role))
                """, logger: self.logger)
        }
        return new.id
    }

    public func renameSession(_ reference: String, title: String) async throws {
        let cleaned = title.trimmingCharacters(in: .whitespacesAndNewlines)
        let stored = Self.shownText(cleaned.isEmpty ? "Untitled" : cleaned) ?? ""
        let now = Self.millis(Date())
        try await writing("rename session \(reference)") { connection in
            let id = try await self.resolve(reference, connection)
            try await connection.query("UPDATE sessions SET title = \(stored), updated_at = \(now) WHERE id = \(id)",
                                       logger: self.logger)
        }
    }

    /// Deletes the session and its messages. Its turns and attempts stay (without a session): spend stays true.
    public func deleteSession(_ reference: String) async throws {
        try await writing("delete session \(reference)") { connection in
            let id = try await self.resolve(reference, connection)
            try await connection.query("DELETE FROM sessions WHERE id = \(id)", logger: self.logger)
        }
    }

    public func setSessionModel(_ session: UUID, model: String?) async throws {
        try await writing("set the session's model") { connection in
            try await connection.query("UPDATE sessions SET model = \(model) WHERE id = \(session)", logger: self.logger)
        }
    }

    public func setSessionTask(_ session: UUID, task: String?) async throws {
        try await writing("set the session's task") { connection in
            try await connection.query("UPDATE sessions SET tag = \(task) WHERE id = \(session)", logger: self.logger)
        }
    }

    public func setSessionRole(_ session: UUID, role: SessionRole?) async throws {
        let name = role?.name
        let prompt = Self.shownText(role?.systemPrompt)
        try await writing("set the session's role") { connection in
            try await connection.query("UPDATE sessions SET role = \(name), system_prompt = \(prompt) WHERE id = \(session)",
                                       logger: self.logger)
        }
    }

    public func isDamage(_ error: any Error) -> Bool { false }

    // MARK: Reading sessions

    /// `last`, a full id, or a unique prefix of one; the same errors as the SQLite store.
    func resolve(_ reference: String, _ connection: PostgresConnection) async throws -> UUID {
        switch SessionReference(reference) {
        case .last:
            guard let row = try await first("SELECT id FROM sessions ORDER BY updated_at DESC, seq DESC LIMIT 1",
                                            connection) else { throw SessionStoreError.noSessions }
            return try row[0].decode(UUID.self)
        case .id(let text):
            if SessionReference.isPlausibleID(text) {
                let pattern = text + "%"
                let matches = try await rows("""
                    SELECT id::text FROM sessions WHERE id::text LIKE \(pattern)
                    ORDER BY updated_at DESC, seq DESC LIMIT 6
                    """, connection).map { try $0[0].decode(String.self) }
                if matches.count == 1, let only = matches.first, let uuid = UUID(uuidString: only) { return uuid }
                if matches.contains(text), let uuid = UUID(uuidString: text) { return uuid }
                if matches.count > 1 { throw SessionStoreError.ambiguousSession(reference: reference, matches: matches) }
            }
            let all = try await rows("SELECT id::text FROM sessions ORDER BY updated_at DESC, seq DESC", connection)
                .map { try $0[0].decode(String.self) }
            if all.isEmpty { throw SessionStoreError.noSessions }
            throw SessionStoreError.sessionNotFound(reference: reference,
                                                    suggestions: SessionReference.closest(to: text, among: all))
        }
    }

    func fetchSession(_ id: UUID, _ connection: PostgresConnection) async throws -> StoredSession {
        guard let row = try await first("SELECT \(unescaped: Self.sessionColumns) FROM sessions s WHERE s.id = \(id)",
                                        connection) else {
            throw SessionStoreError.sessionNotFound(reference: id.uuidString.lowercased(), suggestions: [])
        }
        return try Self.session(row)
    }

    /// Most recently updated first, with message counts, the models that replied, and the total cost of every
    /// attempt (unknown costs counted apart). `only`: just these sessions (a search's hits), whatever their age.
    func summaries(limit: Int, only: [UUID]?, _ connection: PostgresConnection) async throws -> [SessionSummary] {
        let filterAll = only == nil
        let ids = only ?? []
        let found = try await rows("""
            SELECT \(unescaped: Self.sessionColumns),
                   (SELECT count(*) FROM messages m WHERE m.session_id = s.id)
            FROM sessions s WHERE \(filterAll) OR s.id = ANY(\(ids))
            ORDER BY s.updated_at DESC, s.seq DESC LIMIT \(limit)
            """, connection)
        guard !found.isEmpty else { return [] }
        let sessions = try found.map { (try Self.session($0), try $0[9].decode(Int64.self)) }
        let keys = sessions.map(\.0.id)
        var models: [UUID: [String]] = [:]
        for row in try await rows("""
            SELECT session_id, resolved_model FROM messages
            WHERE session_id = ANY(\(keys)) AND resolved_model IS NOT NULL ORDER BY id
            """, connection) {
            let key = try row[0].decode(UUID.self)
            let model = try row[1].decode(String.self)
            if models[key]?.contains(model) != true { models[key, default: []].append(model) }
        }
        var costs: [UUID: CostTotal] = [:]
        for row in try await rows("""
            SELECT t.session_id, a.cost::text FROM turns t JOIN attempts a ON a.turn_id = t.id
            WHERE t.session_id = ANY(\(keys))
            """, connection) {
            costs[try row[0].decode(UUID.self), default: .zero].add(try Self.money(row[1]))
        }
        return sessions.map { session, count in
            SessionSummary(session: session, messageCount: Int(count), models: models[session.id] ?? [],
                           cost: costs[session.id] ?? .zero)
        }
    }
}
