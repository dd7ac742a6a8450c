import SwitchboardCore

/// The FTS5 side of a search query: the size check as this store's error, and the MATCH expression.
extension SearchQuery {
    /// Throws `StoreError.invalidQuery` when there are more terms or tokens than the index should be asked for.
    static func checkSize(terms: Int, tokens: Int) throws {
        if let problem = sizeProblem(terms: terms, tokens: tokens) { throw StoreError.invalidQuery(detail: problem) }
    }

    /// Every token as a quoted string (so `OR`, `NOT`, `:` and quotes are just text), all ANDed; a prefix term's
    /// last token ends in `*`. Nil when there is nothing to search for.
    static func expression(_ terms: [Tokenized]) -> String? {
        var parts: [String] = []
        for term in terms {
            for (index, token) in term.tokens.enumerated() {
                let quoted = "\"" + token.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                parts.append(term.prefix && index == term.tokens.count - 1 ? quoted + "*" : quoted)
            }
        }
        return parts.isEmpty ? nil : parts.joined(separator: " ")
    }
}
