import Foundation

extension SearchHit {
    /// The private-use characters a store's snippet function puts around each match.
    public static let openMark: Character = "\u{E000}"
    public static let closeMark: Character = "\u{E001}"

    /// Splits a snippet marked with `openMark`/`closeMark` into runs. Matches that touch (the characters of a CJK
    /// word, each its own token) become one run.
    public static func runs(marked: String) -> [Run] {
        var runs: [Run] = []
        var highlighted = false
        var current = ""
        func flush() {
            guard !current.isEmpty else { return }
            if let last = runs.last, last.highlighted == highlighted {
                runs[runs.count - 1].text += current
            } else {
                runs.append(.init(text: current, highlighted: highlighted))
            }
            current = ""
        }
        for character in marked {
            if character == openMark || character == closeMark {
                flush()
                highlighted = character == openMark
            } else {
                current.append(character)
            }
        }
        flush()
        return runs
    }
}
