import Foundation
import GRDB
import SwitchboardCore

extension SQLiteStore {
    /// Ranking looks at this many of the most recent matches at most, so a search for a very common word costs
    /// the same as a rare one (bm25 over 96,000 matches took 350 ms; over 5,000, about 15).
    public static let searchCandidateLimit = 5000

    /// Full-text search over every message, best match first (bm25), with a highlighted snippet each. Words are
    /// ANDed; `"a phrase"` matches adjacent words; `word*` a prefix; CJK text matches as written.
    public func search(_ query: String, limit: Int = 20) throws -> [SearchHit] {
        guard let expression = SearchQuery.expression(query) else { return [] }
        return try pool.read { db in
            let floor = try Int64.fetchOne(db, sql: """
                SELECT rowid FROM message_search WHERE message_search MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?
                """, arguments: [expression, Self.searchCandidateLimit - 1]) ?? 0
            let ranked = try Row.fetchAll(db, sql: """
                SELECT rowid, bm25(message_search) AS rank FROM message_search
                WHERE message_search MATCH ? AND rowid >= ? ORDER BY rank LIMIT ?
                """, arguments: [expression, floor, limit])
            return try ranked.map { row in
                let id: Int64 = try row.decode(forColumn: "rowid")
                return try Self.hit(db, id: id, rank: try row.decode(forColumn: "rank"), expression: expression)
            }
        }
    }

    private static let openMark = "\u{E000}"
    private static let closeMark = "\u{E001}"

    private static func hit(_ db: Database, id: Int64, rank: Double, expression: String) throws -> SearchHit {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT snippet(message_search, 0, char(57344), char(57345), '…', 16) AS snippet,
                   m.role, m.resolved_model, m.created_at, s.uuid, s.title
            FROM message_search JOIN messages m ON m.id = message_search.rowid JOIN sessions s ON s.id = m.session_id
            WHERE message_search MATCH ? AND message_search.rowid = ?
            """, arguments: [expression, id]) else {
            throw StoreError.messageNotFound(id: id)
        }
        let roleText: String = try row.decode(forColumn: "role")
        return SearchHit(sessionID: try RowDecoding.uuid(row, "uuid"), sessionTitle: try row.decode(forColumn: "title"),
                         messageID: MessageID(rawValue: id), role: Role(rawValue: roleText) ?? .user,
                         model: try row.decode(forColumn: "resolved_model"),
                         createdAt: StoredTime.date(try row.decode(forColumn: "created_at")),
                         snippet: runs(try row.decode(forColumn: "snippet")), rank: rank)
    }

    /// Splits snippet() output at the private-use marks it was asked to put around matches.
    static func runs(_ marked: String) -> [SearchHit.Run] {
        var runs: [SearchHit.Run] = []
        var highlighted = false
        var current = ""
        for character in marked {
            let mark = String(character)
            if mark == openMark || mark == closeMark {
                if !current.isEmpty { runs.append(.init(text: current, highlighted: highlighted)) }
                current = ""
                highlighted = mark == openMark
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { runs.append(.init(text: current, highlighted: highlighted)) }
        return runs
    }
}
