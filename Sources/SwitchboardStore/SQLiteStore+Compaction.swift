import Foundation
import GRDB
import SwitchboardCore

/// Summaries of older turns: stored beside the messages they stand for, applied where those are on the path.
extension SQLiteStore {
    public func recordCompaction(_ compaction: SessionCompaction, session: UUID) async throws {
        do {
            try await connections.write { db in try Self.insert(compaction, session: session, db) }
        } catch {
            throw writeFailure(error)
        }
    }

    static func insert(_ compaction: SessionCompaction, session: UUID, _ db: Database) throws {
        let sessionRow = try sessionKey(session, db)
        // The summary's turn may exist already (the ledger recorded its attempts first): it joins the session.
        let turnRow = try turnKey(compaction.turn, session: sessionRow, db)
        guard let through = try message(inTurn: compaction.throughTurn, role: .assistant, db) else {
            throw StoreError.turnNotOpened(turn: compaction.throughTurn)
        }
        try insertRow(compaction, session: sessionRow, turn: turnRow, through: through.rawValue, db)
    }

    /// One row as given (an import brings its own message and turn rows).
    static func insertRow(_ compaction: SessionCompaction, session: Int64, turn: Int64, through: Int64,
                          _ db: Database) throws {
        try db.execute(sql: """
            INSERT INTO compactions (session_id, turn_id, through_message_id, turns, tokens_before, tokens_after, model,
                provider, input_tokens, output_tokens, cost, created_at, summary)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS TEXT))
            """, arguments: [session, turn, through, compaction.turns, compaction.tokensBefore,
                             compaction.tokensAfter, compaction.model, compaction.provider, compaction.usage?.input,
                             compaction.usage?.output, compaction.cost?.decimalString,
                             StoredTime.millis(compaction.createdAt), ExactText.bind(compaction.summary)])
    }

    /// Every summary of the session, oldest first, with the message each ends with.
    static func fetchCompactions(_ db: Database, session: UUID) throws -> [(through: MessageID, compaction: SessionCompaction)] {
        let key = try sessionKey(session, db)
        let rows = try Row.fetchAll(db, sql: """
            SELECT c.through_message_id, c.turns, c.tokens_before, c.tokens_after, c.model, c.provider, c.input_tokens,
                c.output_tokens, c.cost, c.created_at, CAST(c.summary AS BLOB) AS summary, t.uuid AS turn, mt.uuid AS through_turn
            FROM compactions c JOIN turns t ON t.id = c.turn_id
            JOIN messages m ON m.id = c.through_message_id JOIN turns mt ON mt.id = m.turn_id
            WHERE c.session_id = ? ORDER BY c.id
            """, arguments: [key])
        return try rows.map { row in
            let input: Int? = try row.decode(forColumn: "input_tokens")
            let output: Int? = try row.decode(forColumn: "output_tokens")
            let compaction = SessionCompaction(
                turn: try RowDecoding.uuid(row, "turn"), throughTurn: try RowDecoding.uuid(row, "through_turn"),
                summary: try ExactText.decode(row, "summary"), turns: try row.decode(forColumn: "turns"),
                tokensBefore: try row.decode(forColumn: "tokens_before"), tokensAfter: try row.decode(forColumn: "tokens_after"),
                model: try row.decode(forColumn: "model"), provider: try row.decode(forColumn: "provider"),
                usage: input.map { Usage(input: $0, output: output ?? 0) }, cost: try RowDecoding.money(row, "cost"),
                createdAt: StoredTime.date(try row.decode(forColumn: "created_at")))
            return (MessageID(rawValue: try row.decode(forColumn: "through_message_id")), compaction)
        }
    }

    /// The latest summary whose last message is on `branch`; nil when none applies.
    static func fetchCompaction(_ db: Database, session: UUID, branch: [StoredMessage]) throws -> SessionCompaction? {
        SessionCompaction.latest(try fetchCompactions(db, session: session), on: branch)
    }
}
