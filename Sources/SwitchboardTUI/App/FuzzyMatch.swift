import Foundation

/// Subsequence matching for type-to-filter: every query character must appear in order. Matches at the start,
/// after a separator (`/`, `-`, `.`, `:`, `@`) and in unbroken runs score higher.
public enum FuzzyMatch {
    /// Higher is better; nil when `query` is not a subsequence of `candidate`. Case-insensitive.
    public static func score(_ query: String, _ candidate: String) -> Int? {
        let needle = Array(query.lowercased().utf8).filter { $0 != UInt8(ascii: " ") }
        guard !needle.isEmpty else { return 0 }
        let hay = Array(candidate.lowercased().utf8)
        var score = 0
        var position = 0
        var previousMatch = -2
        for byte in needle {
            guard let found = hay[position...].firstIndex(of: byte) else { return nil }
            var points = 1
            if found == 0 { points += 8 } else if separators.contains(hay[found - 1]) { points += 6 }
            if found == previousMatch + 1 { points += 5 }
            score += points
            previousMatch = found
            position = found + 1
        }
        // A whole-word substring beats a scattered match; shorter candidates win ties.
        if let range = candidate.lowercased().range(of: String(decoding: needle, as: UTF8.self)) {
            score += 20
            if range.lowerBound == candidate.startIndex { score += 10 }
        }
        return score * 100 - min(hay.count, 99)
    }

    static let separators: Set<UInt8> = Set("/-.:@_ ".utf8)
}
