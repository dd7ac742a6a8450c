import Foundation

/// Subsequence matching for type-to-filter: every query character must appear in order. Matches at the start,
/// after a separator (`/`, `-`, `.`, `:`, `@`) and in unbroken runs score higher.
public enum FuzzyMatch {
    /// Higher is better; nil when `query` is not a subsequence of `candidate`. Case-insensitive.
    public static func score(_ query: String, _ candidate: String) -> Int? {
        let needle = Array(query.lowercased().utf8).filter { $0 != UInt8(ascii: " ") }
        guard !needle.isEmpty else { return 0 }
        let hay = Array(candidate.lowercased().utf8)
        if let substring = substringScore(needle, hay) { return substring }
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
        return score * 10 - min(hay.count, 99)
    }

    /// The query as one piece of the candidate: always above any scattered match; best at the start, then at a
    /// segment start; shorter candidates win ties.
    static func substringScore(_ needle: [UInt8], _ hay: [UInt8]) -> Int? {
        guard needle.count <= hay.count else { return nil }
        var best: Int?
        for start in 0...(hay.count - needle.count) where hay[start..<(start + needle.count)].elementsEqual(needle) {
            let placement = start == 0 ? 300 : separators.contains(hay[start - 1]) ? 200 : 0
            best = max(best ?? 0, placement)
            if placement == 300 { break }
        }
        return best.map { 10_000 + $0 - min(hay.count, 99) }
    }

    static let separators: Set<UInt8> = Set("/-.:@_ ".utf8)
}
