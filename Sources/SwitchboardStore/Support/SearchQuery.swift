import Foundation

/// Turns what a person types into an FTS5 expression that cannot be a syntax error: every word becomes a quoted
/// string (so `gpt-4o`, `OR`, `"` and `:` are just text), `"several words"` stays a phrase, and a trailing `*`
/// asks for a prefix. Words are ANDed. Words with no letter or digit are dropped, since they index nothing.
enum SearchQuery {
    static func expression(_ input: String) -> String? {
        var terms: [String] = []
        var current = ""
        var quoted = false
        var index = input.startIndex
        func flush(prefix: Bool) {
            let term = current.trimmingCharacters(in: .whitespaces)
            current = ""
            guard term.contains(where: { $0.isLetter || $0.isNumber }) else { return }
            let escaped = "\"" + term.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            terms.append(prefix ? escaped + "*" : escaped)
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
        return terms.isEmpty ? nil : terms.joined(separator: " ")
    }
}
