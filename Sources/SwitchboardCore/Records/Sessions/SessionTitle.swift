import Foundation

/// A session's title from its first prompt: the first non-empty line, trimmed, cut at a word near 60 characters.
public enum SessionTitle {
    public static let limit = 60

    public static func from(prompt: String) -> String {
        let line = prompt.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .first { !$0.isEmpty } ?? ""
        let cleaned = String(line.map { $0.isWhitespace ? " " : $0 })
        guard !cleaned.isEmpty else { return "Untitled" }
        guard cleaned.count > limit else { return cleaned }
        let head = cleaned.prefix(limit)
        if cleaned[head.endIndex] == " " { return head.trimmingCharacters(in: .whitespaces) + "…" }
        // Cut at the last space when it keeps most of the text, else mid-word.
        if let space = head.lastIndex(of: " "), head.distance(from: head.startIndex, to: space) >= limit / 2 {
            return head[..<space].trimmingCharacters(in: .whitespaces) + "…"
        }
        return String(head) + "…"
    }
}
