import Foundation
import GRDB
import SwitchboardCore

extension SQLiteStore {
    /// Ranking looks at this many of the most recent matches at most. The index keeps no positions (see
    /// `StoreSchema.createSearch`), so bm25 re-reads each candidate: 500 of them take about 8 ms, whatever the word.
    public static let searchCandidateLimit = 500

    /// Full-text search over every message, best match first (bm25 among the most recent matching messages), with
    /// a highlighted snippet each. Words are ANDed; `"a phrase"` and words like `gpt-4o` match adjacent tokens;
    /// `word*` a prefix; CJK text matches as written.
    public func search(_ query: String, limit: Int = 20) throws -> [SearchHit] {
        let terms = SearchQuery.terms(query)
        guard !terms.isEmpty, limit > 0 else { return [] }
        try SearchQuery.checkSize(terms: terms.count, tokens: 0)
        return try connections.searchRead { db in try Self.search(terms, limit: limit, db) }
    }

    static func search(_ terms: [SearchQuery.Term], limit: Int, _ db: Database) throws -> [SearchHit] {
        do {
            let tokenizer = try db.makeTokenizer(SearchTokenizer.tokenizerDescriptor())
            var seen = Set<SearchQuery.Tokenized>()
            let tokenized = try terms.map { term in
                SearchQuery.Tokenized(tokens: try tokenizer.tokenize(query: term.text).map(\.token), prefix: term.prefix)
            }.filter { !$0.tokens.isEmpty && seen.insert($0).inserted }
            try SearchQuery.checkSize(terms: tokenized.count, tokens: tokenized.reduce(0) { $0 + $1.tokens.count })
            guard let expression = SearchQuery.expression(tokenized) else { return [] }
            let phrases = tokenized.filter(\.isPhrase).map(\.tokens)
            let scanner = PhraseScanner(phrases: phrases)
            let floor = try Int64.fetchOne(db, sql: """
                SELECT rowid FROM message_search WHERE message_search MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?
                """, arguments: [expression, Self.searchCandidateLimit - 1]) ?? 0
            var found: [(id: Int64, rank: Double, snippet: String?)] = []
            if phrases.isEmpty {
                // One query: SQLite computes snippets only for the rows that survive ORDER BY ... LIMIT.
                for row in try Row.fetchAll(db, sql: """
                    SELECT rowid, bm25(message_search) AS rank, \(Self.snippetSQL) AS snippet FROM message_search
                    WHERE message_search MATCH ? AND rowid >= ? ORDER BY rank LIMIT ?
                    """, arguments: [expression, floor, limit]) {
                    found.append((try row.decode(forColumn: "rowid"), try row.decode(forColumn: "rank"),
                                  try ExactText.decodeIfPresent(row, "snippet")))
                }
            } else {
                let ranked = try Row.fetchCursor(db, sql: """
                    SELECT rowid, bm25(message_search) AS rank FROM message_search
                    WHERE message_search MATCH ? AND rowid >= ? ORDER BY rank
                    """, arguments: [expression, floor])
                let fetchText = try db.cachedStatement(sql: "SELECT CAST(text AS BLOB) FROM messages WHERE id = ?")
                while found.count < limit, let row = try ranked.next() {
                    let id: Int64 = try row.decode(forColumn: "rowid")
                    let text = try Data.fetchOne(fetchText, arguments: [id]).map { String(decoding: $0, as: UTF8.self) } ?? ""
                    if scanner.matches(text, tokenizer: tokenizer) { found.append((id, try row.decode(forColumn: "rank"), nil)) }
                }
                let snippets = try Self.snippets(db, ids: found.map(\.id), expression: expression)
                found = found.map { ($0.id, $0.rank, snippets[$0.id]) }
            }
            return try Self.hits(db, found)
        }
    }

    /// As a BLOB: the text around a match may hold a NUL, and GRDB reads TEXT only up to the first one.
    private static let snippetSQL = "CAST(snippet(message_search, 0, char(57344), char(57345), '…', 16) AS BLOB)"

    private static func snippets(_ db: Database, ids: [Int64], expression: String) throws -> [Int64: String] {
        guard !ids.isEmpty else { return [:] }
        var result: [Int64: String] = [:]
        // The range lets FTS5 walk its lists once; `+rowid` keeps the IN list from becoming 20 separate seeks,
        // each of which re-reads the long lists of common words (12 ms for 20 snippets, against under 1).
        for row in try Row.fetchAll(db, sql: """
            SELECT rowid, \(snippetSQL) AS snippet FROM message_search
            WHERE message_search MATCH ? AND rowid BETWEEN ? AND ?
              AND +rowid IN (\(ids.map(String.init).joined(separator: ",")))
            """, arguments: [expression, ids.min() ?? 0, ids.max() ?? 0]) {
            result[try row.decode(forColumn: "rowid")] = try ExactText.decodeIfPresent(row, "snippet")
        }
        return result
    }

    /// Adds each message's session, role, model and time, keeping the ranked order.
    private static func hits(_ db: Database, _ found: [(id: Int64, rank: Double, snippet: String?)]) throws -> [SearchHit] {
        guard !found.isEmpty else { return [] }
        var rows: [Int64: Row] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT m.id, m.role, m.resolved_model, m.created_at, s.uuid, CAST(s.title AS BLOB) AS title
            FROM messages m JOIN sessions s ON s.id = m.session_id
            WHERE m.id IN (\(found.map { String($0.id) }.joined(separator: ",")))
            """) {
            rows[try row.decode(forColumn: "id")] = row
        }
        return try found.compactMap { entry in
            guard let row = rows[entry.id] else { return nil }
            let roleText: String = try row.decode(forColumn: "role")
            return SearchHit(sessionID: try RowDecoding.uuid(row, "uuid"), sessionTitle: try ExactText.decode(row, "title"),
                             messageID: MessageID(rawValue: entry.id), role: Role(rawValue: roleText) ?? .user,
                             model: try row.decode(forColumn: "resolved_model"),
                             createdAt: StoredTime.date(try row.decode(forColumn: "created_at")),
                             snippet: runs(entry.snippet ?? ""), rank: entry.rank)
        }
    }

    /// Splits snippet() output at the private-use marks it put around matches (`SearchHit.runs`).
    static func runs(_ marked: String) -> [SearchHit.Run] { SearchHit.runs(marked: marked) }
}
