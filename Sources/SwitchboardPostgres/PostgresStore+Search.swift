import Foundation
import PostgresNIO
import SwitchboardCore

/// Full-text search over every message: the query's words cut as the search column cuts text (`SearchScript`),
/// all ANDed; `"a phrase"` and words like `gpt-4o` match adjacent words; `word*` a prefix. The most recent 500
/// matches are ranked (ts_rank), as the SQLite store ranks its most recent matches, so a common word costs the
/// same however old the history.
extension PostgresStore {
    public static let searchCandidateLimit = 500

    public func searchMessages(_ query: String, limit: Int) async throws -> [SearchHit] {
        guard let tsquery = try Self.tsquery(query), limit > 0 else { return [] }
        return try await reading("search") { connection in try await self.search(tsquery, limit: limit, connection) }
    }

    /// Search hits grouped by session, best first, each with its best snippet and its full summary.
    public func searchSessions(_ query: String, limit: Int) async throws -> [SessionSummary] {
        guard let tsquery = try Self.tsquery(query), limit > 0 else { return [] }
        return try await reading("search") { connection in
            var order: [UUID] = []
            var snippets: [UUID: String] = [:]
            for hit in try await self.search(tsquery, limit: limit * 3, connection) where snippets[hit.sessionID] == nil {
                order.append(hit.sessionID)
                snippets[hit.sessionID] = hit.markedSnippet(open: "«", close: "»")
            }
            let chosen = Array(order.prefix(limit))
            guard !chosen.isEmpty else { return [] }
            let summaries = try await self.summaries(limit: chosen.count, only: chosen, connection)
            let byID = Dictionary(summaries.map { ($0.session.id, $0) }, uniquingKeysWith: { first, _ in first })
            return chosen.compactMap { id in
                guard var row = byID[id] else { return nil }
                row.snippet = snippets[id]
                return row
            }
        }
    }

    /// The query as tsquery text: each term's words quoted (so `OR`, `!`, `:` and quotes are only text), a
    /// term's words adjacent (`<->`), a prefix term's last word `:*`, the terms ANDed. Nil when nothing is left to
    /// search for; throws when the query has more terms or words than the index should be asked for.
    static func tsquery(_ query: String) throws -> String? {
        let terms = SearchQuery.terms(query)
        if let problem = SearchQuery.sizeProblem(terms: terms.count, tokens: 0) {
            throw SessionStoreError.invalidQuery(detail: problem)
        }
        var seen = Set<SearchQuery.Tokenized>()
        let tokenized = terms.map { SearchQuery.Tokenized(tokens: SearchScript.words($0.text), prefix: $0.prefix) }
            .filter { !$0.tokens.isEmpty && seen.insert($0).inserted }
        if let problem = SearchQuery.sizeProblem(terms: tokenized.count,
                                                 tokens: tokenized.reduce(0) { $0 + $1.tokens.count }) {
            throw SessionStoreError.invalidQuery(detail: problem)
        }
        guard !tokenized.isEmpty else { return nil }
        return tokenized.map { term in
            term.tokens.enumerated().map { index, word in
                let quoted = "'" + word.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "''") + "'"
                return term.prefix && index == term.tokens.count - 1 ? quoted + ":*" : quoted
            }.joined(separator: " <-> ")
        }.map { "(" + $0 + ")" }.joined(separator: " & ")
    }

    /// ts_headline marks matches with the private-use characters `SearchHit.runs` splits at.
    private static let headlineOptions = "StartSel=\(SearchHit.openMark), StopSel=\(SearchHit.closeMark), MaxWords=16, "
        + "MinWords=6, ShortWord=0, MaxFragments=1, FragmentDelimiter=\" … \""

    func search(_ tsquery: String, limit: Int, _ connection: PostgresConnection) async throws -> [SearchHit] {
        let candidates = Self.searchCandidateLimit
        let options = Self.headlineOptions
        return try await rows("""
            WITH q AS (SELECT to_tsquery('simple', \(tsquery)) AS q),
            recent AS (SELECT m.id FROM messages m, q WHERE m.search @@ q.q ORDER BY m.id DESC LIMIT \(candidates)),
            ranked AS (
                SELECT m.id, ts_rank(m.search, q.q) AS rank FROM recent JOIN messages m ON m.id = recent.id, q
                ORDER BY rank DESC, m.id DESC LIMIT \(limit))
            SELECT m.id, ranked.rank::float8, m.role, m.resolved_model, m.created_at, s.id, s.title,
                   ts_headline('simple', m.text, q.q, \(options))
            FROM ranked JOIN messages m ON m.id = ranked.id JOIN sessions s ON s.id = m.session_id, q
            ORDER BY ranked.rank DESC, m.id DESC
            """, connection).map { row in
            SearchHit(sessionID: try row[5].decode(UUID.self), sessionTitle: try row[6].decode(String.self),
                      messageID: MessageID(rawValue: try row[0].decode(Int64.self)),
                      role: Role(rawValue: try row[2].decode(String.self)) ?? .user,
                      model: try row[3].decode(String?.self),
                      createdAt: MillisecondTime.date(try row[4].decode(Int64.self)),
                      snippet: SearchHit.runs(marked: try row[7].decode(String.self)),
                      rank: -(try row[1].decode(Double.self)))
        }
    }
}
