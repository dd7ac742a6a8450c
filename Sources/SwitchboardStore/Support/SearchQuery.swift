import Foundation

/// What a person typed, cut into terms: words, `"quoted phrases"`, and `word*` prefixes. Terms with no letter or
/// digit are dropped, since they index nothing. The store tokenizes each term with the index's own tokenizer and
/// builds the MATCH expression with `expression(_:)`.
enum SearchQuery {
    /// Every term and token is another list for the index to walk and intersect: 2,000 of them took 13 s over
    /// 100,000 messages. Repeats are dropped; beyond these counts the search is refused with a clear message.
    static let maximumTerms = 32
    static let maximumTokens = 64

    struct Term: Hashable {
        var text: String
        var prefix: Bool
    }

    /// A term after tokenizing: a phrase when it produced several tokens (`gpt-4o`, `"write ahead"`, `数据库`).
    struct Tokenized: Hashable {
        var tokens: [String]
        var prefix: Bool

        /// Several tokens that must appear next to each other, checked after the index narrowed the candidates.
        var isPhrase: Bool { tokens.count > 1 && !prefix }
    }

    static func terms(_ input: String) -> [Term] {
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

    /// Every token as a quoted string (so `OR`, `NOT`, `:` and quotes are just text), all ANDed; a prefix term's
    /// last token ends in `*`. Nil when there is nothing to search for.
    /// Throws `StoreError.invalidQuery` when there are more terms or tokens than the index should be asked for.
    static func checkSize(terms: Int, tokens: Int) throws {
        if terms > maximumTerms {
            throw StoreError.invalidQuery(detail: "\(terms) different terms; search for at most \(maximumTerms)")
        }
        if tokens > maximumTokens {
            throw StoreError.invalidQuery(detail: "\(tokens) words in the query; search for at most \(maximumTokens)")
        }
    }

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
