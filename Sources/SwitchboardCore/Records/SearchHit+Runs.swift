import Foundation

extension SearchHit {
    /// The private-use characters a store's snippet function puts around each match.
    public static let openMark: Character = "\u{E000}"
    public static let closeMark: Character = "\u{E001}"

    /// Splits a snippet marked with `openMark`/`closeMark` into runs. Matches that touch (the characters of a CJK
    /// word, each its own token) become one run. It walks unicode scalars (each mark is one), not characters:
    /// cutting every snippet into graphemes was a measurable part of a search.
    public static func runs(marked: String) -> [Run] {
        let open = openMark.unicodeScalars.first
        let close = closeMark.unicodeScalars.first
        let scalars = marked.unicodeScalars
        var runs: [Run] = []
        func add(_ text: Substring.UnicodeScalarView, highlighted: Bool) {
            guard !text.isEmpty else { return }
            if let last = runs.last, last.highlighted == highlighted {
                runs[runs.count - 1].text.unicodeScalars.append(contentsOf: text)
            } else {
                runs.append(Run(text: String(text), highlighted: highlighted))
            }
        }
        var highlighted = false
        var start = scalars.startIndex
        var index = start
        while index < scalars.endIndex {
            let scalar = scalars[index]
            if scalar == open || scalar == close {
                add(scalars[start..<index], highlighted: highlighted)
                highlighted = scalar == open
                start = scalars.index(after: index)
            }
            index = scalars.index(after: index)
        }
        add(scalars[start..<scalars.endIndex], highlighted: highlighted)
        return runs
    }
}
