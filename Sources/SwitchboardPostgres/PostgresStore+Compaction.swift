import Foundation
import PostgresNIO
import SwitchboardCore

/// Summaries of older turns: stored beside the messages they stand for, applied where those are on the path.
extension PostgresStore {
    public func recordCompaction(_ compaction: SessionCompaction, session: UUID) async throws {
        let summary = Self.shownText(compaction.summary) ?? ""
        let (input, output) = (compaction.usage.map { Int64($0.input) }, compaction.usage.map { Int64($0.output) })
        let cost = Self.moneyText(compaction.cost)
        let created = Self.millis(compaction.createdAt)
        try await writing("store the summary") { connection in
            guard try await self.first("SELECT 1 FROM sessions WHERE id = \(session)", connection) != nil else {
                throw SessionStoreError.sessionNotFound(reference: session.uuidString.lowercased(), suggestions: [])
            }
            // The summary's turn may exist already (the ledger recorded its attempts first): it joins the session.
            try await self.claimTurn(compaction.turn, session: session, connection)
            guard let through = try await self.message(inTurn: compaction.throughTurn, roles: ["assistant"], connection) else {
                throw SessionStoreError.turnNotOpened(turn: compaction.throughTurn)
            }
            try await connection.query("""
                INSERT INTO compactions (session_id, turn_id, through_message_id, turns, tokens_before, tokens_after, model,
                    provider, input_tokens, output_tokens, cost, created_at, summary)
                VALUES (\(session), \(compaction.turn), \(through.rawValue), \(compaction.turns),
                    \(Int64(compaction.tokensBefore)), \(Int64(compaction.tokensAfter)), \(compaction.model),
                    \(compaction.provider), \(input), \(output), \(cost)::numeric, \(created), \(summary))
                """, logger: self.logger)
        }
    }

    /// Every summary of the session, oldest first, with the message each ends with.
    func compactions(_ session: UUID, _ connection: PostgresConnection) async throws
        -> [(through: MessageID, compaction: SessionCompaction)] {
        try await rows("""
            SELECT c.through_message_id, c.turns, c.tokens_before, c.tokens_after, c.model, c.provider, c.input_tokens,
                c.output_tokens, c.cost::text, c.created_at, c.summary, c.turn_id, m.turn_id
            FROM compactions c JOIN messages m ON m.id = c.through_message_id
            WHERE c.session_id = \(session) ORDER BY c.id
            """, connection).map { row in
            let input = try row[6].decode(Int64?.self)
            let output = try row[7].decode(Int64?.self)
            let compaction = SessionCompaction(
                turn: try row[11].decode(UUID.self), throughTurn: try row[12].decode(UUID.self),
                summary: try row[10].decode(String.self), turns: try Self.int(row[1]),
                tokensBefore: try Self.int(row[2]), tokensAfter: try Self.int(row[3]),
                model: try row[4].decode(String?.self), provider: try row[5].decode(String?.self),
                usage: input.map { Usage(input: Int($0), output: Int(output ?? 0)) }, cost: try Self.money(row[8]),
                createdAt: MillisecondTime.date(try row[9].decode(Int64.self)))
            return (MessageID(rawValue: try row[0].decode(Int64.self)), compaction)
        }
    }
}
