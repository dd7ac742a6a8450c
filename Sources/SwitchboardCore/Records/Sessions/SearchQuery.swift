import Foundation

/// What a person typed, cut into terms: words, `"quoted phrases"`, and `word*` prefixes. Terms with no letter or
/// digit are dropped, since they index nothing. The store tokenizes each term with the index's own tokenizer and
/// builds its own expression (SQLite: an FTS5 MATCH; PostgreSQL: a tsquery).
public enum SearchQuery {
    /// Every term and token is another list for the index to walk and intersect: 2,000 of them took 13 s over
    /// 100,000 messages. Repeats are dropped; beyond these counts the search is refused with a clear message.
    public static let maximumTerms = 32
    public static let maximumTokens = 64

    public struct Term: Hashable, Sendable {
        public var text: String
        public var prefix: Bool

        public init(text: String, prefix: Bool) {
            self.text = text
            self.prefix = prefix
        }
    }

    /// A term after tokenizing: a phrase when it produced several tokens (`gpt-4o`, `"write ahead"`, `数据库`).
    public struct Tokenized: Hashable, Sendable {
        public var tokens: [String]
        public var prefix: Bool

        public init(tokens: [String], prefix: Bool) {
            self.tokens = tokens
            self.prefix = prefix
        }

        /// Several tokens that must appear next to each other, checked after the index narrowed the candidates.
        public var isPhrase: Bool { tokens.count > 1 && !prefix }
    }

    public static func terms(_ input: String) -> [Term] {
        var terms: [Term] = []
        var current = ""
        var quoted = false
        var index = input.startIndex
        func flush(prefix: Bool) {
            let text = current.trimmingCharacters(in: .whitespaces)
            current = ""
            guard text.contains(where: { $0.isLetter || $0.isNumber }) else { return }
            terms.append(Term(text: text, prefix: prefix))
        }
        while index < input.endIndex {
            let character = input[index]
            let next = input.index(after: index)
            if character == "\"" {
                if quoted {
                    let prefix = next < input.endIndex && input[next] == "*"
                    flush(prefix: prefix)
                    quoted = false
                    index = prefix ? input.index(after: next) : next
                    continue
                }
                flush(prefix: false)
                quoted = true
            } else if !quoted, character.isWhitespace {
                flush(prefix: false)
            } else if !quoted, character == "*", next == input.endIndex || input[next].isWhitespace {
                flush(prefix: true)
            } else {
                current.append(character)
            }
            index = next
        }
        flush(prefix: false)
        var seen = Set<Term>()
        return terms.filter { seen.insert($0).inserted }
    }

    /// Why a query is refused: more different terms or tokens than the index should be asked for; nil when it
    /// is not. Each store throws it as its own error ("invalid search: ...").
    public static func sizeProblem(terms: Int, tokens: Int) -> String? {
        if terms > maximumTerms { return "\(terms) different terms; search for at most \(maximumTerms)" }
        if tokens > maximumTokens { return "\(tokens) words in the query; search for at most \(maximumTokens)" }
        return nil
    }
}
