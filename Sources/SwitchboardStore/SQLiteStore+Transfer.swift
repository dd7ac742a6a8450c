import Foundation
import GRDB
import SwitchboardCore

extension SQLiteStore {
    /// What `importJSON` did (Core's record, so the command line reads it through the port).
    public typealias ImportResult = ImportedSession

    /// The session as JSON: OpenAI-style `messages` plus `metadata` per message (models, usage, cost, timings,
    /// attempts). Deterministic bytes: sorted keys, exact decimals, times in UTC milliseconds.
    public func exportJSON(_ id: UUID) throws -> Data {
        try SessionArchive(sessionDetail(id)).encoded()
    }

    /// The session as Markdown, for reading and sharing.
    public func exportMarkdown(_ id: UUID) throws -> String {
        MarkdownExport.render(try sessionDetail(id))
    }

    /// Checks an `exportJSON` file as `importJSON` would, without a database: a refused archive creates nothing.
    public static func checkArchive(_ data: Data) throws {
        _ = try ImportPlan(try SessionArchive.decode(data))
    }

    /// Reads an `exportJSON` file back in one transaction: everything or nothing. Keeps the file's ids when they
    /// are free, so export -> import -> export reproduces the file exactly. When they are taken (the session is
    /// already here), stores a copy under new ids without attempts.
    @discardableResult
    public func importJSON(_ data: Data) throws -> ImportResult {
        let plan = try ImportPlan(try SessionArchive.decode(data))
        return try connections.write { db in try Self.importPlan(plan, db) }
    }

    /// The same through GRDB's async write, for the `SessionTransfer` port.
    public func importArchive(_ archive: Data) async throws -> ImportedSession {
        let plan = try ImportPlan(try SessionArchive.decode(archive))
        return try await connections.write { db in try Self.importPlan(plan, db) }
    }

    private static func importPlan(_ plan: ImportPlan, _ db: Database) throws -> ImportResult {
        var sessionID = plan.session.id
        var turnIDs: [UUID: UUID] = [:]
        for turn in plan.turns { turnIDs[turn] = turn }
        let taken = try Self.sessionExists(sessionID, db) || plan.turns.contains { turn in
            try Int64.fetchOne(db, sql: "SELECT id FROM turns WHERE uuid = ?", arguments: [turn]) != nil
        }
        if taken {
            sessionID = UUID()
            for turn in plan.turns { turnIDs[turn] = UUID() }
        }
        var session = plan.session
        session.id = sessionID
        try Self.insert(session, db)
        let sessionRow = try Self.sessionKey(sessionID, db)
        var rows: [Int64] = []
        for (message, parentIndex) in zip(plan.messages, plan.parents) {
            let turnRow = try message.turnID.flatMap { turnIDs[$0] }.map { try Self.turnKey($0, session: sessionRow, db) }
            let parentRow = parentIndex.map { rows[$0] }
            rows.append(try Self.insertStored(message, session: sessionRow, parent: parentRow, turn: turnRow, db))
        }
        if let head = plan.head {
            try db.execute(sql: "UPDATE sessions SET head_message_id = ? WHERE id = ?", arguments: [rows[head], sessionRow])
        }
        if let after = plan.columnsAfter {
            try db.execute(sql: "UPDATE sessions SET columns_after = ? WHERE id = ?", arguments: [rows[after], sessionRow])
        }
        for (through, compaction) in plan.compactions {
            // A copy gets a turn of its own for the summary too (turn ids are unique across the database).
            let turn = try Self.turnKey(taken ? UUID() : compaction.turn, session: sessionRow, db)
            try Self.insertRow(compaction, session: sessionRow, turn: turn, through: rows[through], db)
        }
        // A copy of a session already here brings no attempts: its spend is in the ledger once already.
        if !taken {
            for attempt in plan.attempts { try Self.insert(attempt, db) }
        }
        return ImportResult(sessionID: sessionID, keptID: !taken, messageCount: rows.count,
                            attemptCount: taken ? 0 : plan.attempts.count)
    }

    static func sessionExists(_ id: UUID, _ db: Database) throws -> Bool {
        try Int64.fetchOne(db, sql: "SELECT id FROM sessions WHERE uuid = ?", arguments: [text(id)]) != nil
    }

    /// Inserts a message with every field as given (times included): for imports.
    static func insertStored(_ message: StoredMessage, session: Int64, parent: Int64?, turn: Int64?,
                             _ db: Database) throws -> Int64 {
        let usage = message.usage
        try db.execute(sql: """
            INSERT INTO messages (session_id, parent_id, turn_id, role, status, requested_model, resolved_model, provider,
                input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, cost, cost_reported,
                ttft_ms, duration_ms, created_at, updated_at, cache_write_1h_tokens, image_inputs, text, parts)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS TEXT), ?)
            """, arguments: [session, parent, turn, message.role.rawValue, message.status.rawValue, message.requestedModel,
                             message.resolvedModel, message.provider, usage?.input, usage?.output, usage?.cacheRead,
                             usage?.cacheWrite, usage?.reasoning, message.cost?.decimalString,
                             message.reportedCost?.decimalString, message.ttftMs, message.durationMs,
                             StoredTime.millis(message.createdAt), StoredTime.millis(message.updatedAt),
                             usage?.cacheWrite1h, usage?.images, ExactText.bind(message.text),
                             try StoredParts.encode(message.parts)])
        return db.lastInsertedRowID
    }
}

/// An archive checked and converted to stored values before the transaction starts (Core's record, so every
/// store imports the same plan).
typealias ImportPlan = ArchivedSession

extension ArchivedSession {
    init(_ archive: SessionArchive) throws {
        guard let id = UUID(uuidString: archive.id) else {
            throw StoreError.invalidImport(detail: "id '\(archive.id)' is not a UUID")
        }
        let owner = "session \(archive.id)"
        self.init(session: StoredSession(id: id, title: archive.title, createdAt: Date(), updatedAt: Date()))
        session = StoredSession(id: id, title: archive.title,
                                createdAt: try ImportChecks.time(archive.createdAt, "\(owner) created_at"),
                                updatedAt: try ImportChecks.time(archive.updatedAt, "\(owner) updated_at"),
                                archived: archive.archived,
                                systemPrompt: archive.systemPrompt, model: archive.model, tag: archive.tag,
                                role: archive.role)
        messages = []
        parents = []
        turns = []
        attempts = []
        for (index, (message, meta)) in zip(archive.messages, archive.metadata).enumerated() {
            let place = "\(owner) message \(index + 1)"
            guard let role = Role(rawValue: message.role) else {
                throw StoreError.invalidImport(detail: "\(place): unknown role '\(message.role)'")
            }
            guard let status = MessageStatus(rawValue: meta.status) else {
                throw StoreError.invalidImport(detail: "\(place): unknown status '\(meta.status)'")
            }
            if let parent = meta.parent, !(0..<index).contains(parent) {
                throw StoreError.invalidImport(detail: "\(place): parent \(parent) is not an earlier message")
            }
            var turn: UUID?
            if let text = meta.turnID {
                guard let parsed = UUID(uuidString: text) else {
                    throw StoreError.invalidImport(detail: "\(place): turn_id '\(text)' is not a UUID")
                }
                turn = parsed
                if !turns.contains(parsed) { turns.append(parsed) }
            }
            if !meta.attempts.isEmpty {
                guard let turn else { throw StoreError.invalidImport(detail: "\(place): attempts without a turn_id") }
                for (number, attempt) in meta.attempts.enumerated() {
                    attempts.append(try attempt.record(turn: turn, place: "\(place) attempt \(number + 1)"))
                }
            }
            parents.append(meta.parent)
            let parts = try meta.parts.map { parts in
                try parts.enumerated().map { try $1.part("\(place) part \($0 + 1)") }
            }
            messages.append(StoredMessage(
                id: MessageID(rawValue: Int64(index)), sessionID: id, parentID: nil, turnID: turn, role: role,
                text: message.content, status: status, requestedModel: meta.requestedModel, resolvedModel: meta.model,
                provider: meta.provider, usage: try meta.usage.map { try ImportChecks.tokens($0, place) },
                cost: try ImportChecks.money(meta.cost, "\(place) cost"),
                reportedCost: try ImportChecks.money(meta.costReported, "\(place) cost_reported"),
                ttftMs: try ImportChecks.millis(meta.ttftMs, "\(place) ttft_ms"),
                durationMs: try ImportChecks.millis(meta.durationMs, "\(place) duration_ms"),
                createdAt: try ImportChecks.time(meta.createdAt, "\(place) created_at"),
                updatedAt: try ImportChecks.time(meta.updatedAt, "\(place) updated_at"),
                parts: parts.flatMap { StoredMessage.storedParts(of: ChatMessage(role: role, parts: $0)) }))
        }
        if let head = archive.head {
            guard messages.indices.contains(head) else {
                throw StoreError.invalidImport(detail: "\(owner): head \(head) is not one of its \(messages.count) messages")
            }
            self.head = head
        }
        if let after = archive.columnsAfter {
            guard messages.indices.contains(after) else {
                throw StoreError.invalidImport(detail: "\(owner): columns_after \(after) is not one of its \(messages.count) messages")
            }
            columnsAfter = after
        }
        compactions = try (archive.compactions ?? []).enumerated().map { index, written in
            try written.compaction(messages: messages, place: "\(owner) compaction \(index + 1)")
        }
    }
}
