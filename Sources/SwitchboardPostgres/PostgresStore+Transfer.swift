import Foundation
import PostgresNIO
import SwitchboardCore

/// Session archives on PostgreSQL, in the one format every store shares (`SessionArchiveCodecs`): export writes
/// the bytes the SQLite store writes for the same session; import stores a session in one transaction.
extension PostgresStore: SessionTransfer {
    public func exportArchive(_ reference: String) async throws -> Data {
        guard let codec = SessionArchiveCodecs.installed else { throw SessionArchiveCodecMissing() }
        return try codec.encode(try await sessionDetail(reference))
    }

    /// As the SQLite store: keeps the archive's ids when they are free, so export -> import -> export gives the
    /// same bytes; when they are taken, stores a copy under new ids without attempts (its spend is in the ledger
    /// once already).
    public func importArchive(_ archive: Data) async throws -> ImportedSession {
        guard let codec = SessionArchiveCodecs.installed else { throw SessionArchiveCodecMissing() }
        let plan = try codec.decode(archive)
        return try await evenIfCancelled { [self] in
            try await transaction(doing: "import session \(plan.session.id)") { connection in
                try await importPlan(plan, connection)
            }
        }
    }

    private func importPlan(_ plan: ArchivedSession, _ connection: PostgresConnection) async throws -> ImportedSession {
        var session = plan.session
        var turnIDs: [UUID: UUID] = [:]
        for turn in plan.turns { turnIDs[turn] = turn }
        var taken = try await first("SELECT 1 FROM sessions WHERE id = \(session.id)", connection) != nil
        if !taken, !plan.turns.isEmpty {
            taken = try await first("SELECT 1 FROM turns WHERE id = ANY(\(plan.turns))", connection) != nil
        }
        if taken {
            session.id = UUID()
            for turn in plan.turns { turnIDs[turn] = UUID() }
        }
        let title = Self.shownText(session.title) ?? ""
        try await connection.query("""
            INSERT INTO sessions (id, title, created_at, updated_at, archived, system_prompt, model, tag, role)
            VALUES (\(session.id), \(title), \(Self.millis(session.createdAt)), \(Self.millis(session.updatedAt)),
                    \(session.archived), \(Self.shownText(session.systemPrompt)), \(session.model), \(session.tag), \(session.role))
            """, logger: logger)
        for turn in plan.turns {
            if let id = turnIDs[turn] { try await claimTurn(id, session: session.id, connection) }
        }
        var rows: [Int64] = []
        for (message, parentIndex) in zip(plan.messages, plan.parents) {
            let turn = message.turnID.flatMap { turnIDs[$0] }
            rows.append(try await insertStored(message, session: session.id, parent: parentIndex.map { rows[$0] }, turn: turn,
                                               connection))
        }
        if let head = plan.head {
            try await connection.query("UPDATE sessions SET head_message_id = \(rows[head]) WHERE id = \(session.id)", logger: logger)
        }
        if let after = plan.columnsAfter {
            try await connection.query("UPDATE sessions SET columns_after = \(rows[after]) WHERE id = \(session.id)", logger: logger)
        }
        for (through, compaction) in plan.compactions {
            // A copy gets a turn of its own for the summary too (turn ids are unique across the database).
            let turn = taken ? UUID() : compaction.turn
            try await claimTurn(turn, session: session.id, connection)
            try await connection.query("""
                INSERT INTO compactions (session_id, turn_id, through_message_id, turns, tokens_before, tokens_after, model,
                    provider, input_tokens, output_tokens, cost, created_at, summary)
                VALUES (\(session.id), \(turn), \(rows[through]), \(compaction.turns), \(Int64(compaction.tokensBefore)),
                    \(Int64(compaction.tokensAfter)), \(compaction.model), \(compaction.provider),
                    \(compaction.usage.map { Int64($0.input) }), \(compaction.usage.map { Int64($0.output) }),
                    \(Self.moneyText(compaction.cost))::numeric, \(Self.millis(compaction.createdAt)),
                    \(Self.shownText(compaction.summary) ?? ""))
                """, logger: logger)
        }
        if !taken {
            // Through the ledger's own write, so their costs count in the budgets of their days, session and key.
            for attempt in plan.attempts { try await Self.finish(attempt, connection, logger: logger) }
        }
        return ImportedSession(sessionID: session.id, keptID: !taken, messageCount: rows.count,
                               attemptCount: taken ? 0 : plan.attempts.count)
    }

    /// A message with every field as given (times included): for imports.
    private func insertStored(_ message: StoredMessage, session: UUID, parent: Int64?, turn: UUID?,
                              _ connection: PostgresConnection) async throws -> Int64 {
        let usage = message.usage
        let (searchable, exact) = Self.storedText(message.text)
        let parts = try StoredParts.encode(message.parts)
        guard let row = try await first("""
            INSERT INTO messages (session_id, parent_id, turn_id, role, status, requested_model, resolved_model, provider,
                input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, cost, cost_reported,
                ttft_ms, duration_ms, created_at, updated_at, cache_write_1h_tokens, image_inputs, text, text_exact, parts)
            VALUES (\(session), \(parent), \(turn), \(message.role.rawValue), \(message.status.rawValue),
                \(message.requestedModel), \(message.resolvedModel), \(message.provider), \(usage.map { Int64($0.input) }),
                \(usage.map { Int64($0.output) }), \(usage.map { Int64($0.cacheRead) }), \(usage.map { Int64($0.cacheWrite) }),
                \(usage.map { Int64($0.reasoning) }), \(Self.moneyText(message.cost))::numeric,
                \(Self.moneyText(message.reportedCost))::numeric, \(message.ttftMs),
                \(message.durationMs), \(Self.millis(message.createdAt)), \(Self.millis(message.updatedAt)),
                \(usage.map { Int64($0.cacheWrite1h) }), \(usage.map { Int64($0.images) }), \(searchable), \(exact), \(parts))
            RETURNING id
            """, connection) else {
            throw PostgresStoreError.database(doing: "import a message", message: "no id came back")
        }
        return try row[0].decode(Int64.self)
    }
}
