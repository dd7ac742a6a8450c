import Foundation

/// How a person names a session on the command line: `last`, a full id, or the first characters of one.
public enum SessionReference {
    case last
    case id(String)

    /// Lowercased and trimmed; `last` is a word, everything else an id or prefix.
    public init(_ text: String) {
        let cleaned = text.trimmingCharacters(in: .whitespaces).lowercased()
        self = cleaned == "last" ? .last : .id(cleaned)
    }

    /// Only hex digits and dashes can be part of an id, so nothing else needs escaping in a LIKE pattern.
    public static func isPlausibleID(_ text: String) -> Bool {
        !text.isEmpty && text.allSatisfy { $0.isHexDigit || $0 == "-" }
    }

    /// The ids nearest to a mistyped reference: edit distance to the same-length start of each id, nearest first,
    /// then in the given order (most recent first). At most `limit`.
    public static func closest(to reference: String, among ids: [String], limit: Int = 3) -> [String] {
        let target = reference.lowercased()
        let scored = ids.enumerated().map { index, id -> (Int, Int, String) in
            let head = String(id.lowercased().prefix(max(target.count, 1)))
            return (EditDistance.between(target, head), index, id)
        }
        return scored.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.prefix(limit).map(\.2)
    }
}
