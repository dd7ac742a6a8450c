import Foundation

extension ModelCatalog {
    /// The ids closest to `text`, best first, for "did you mean" after a failed lookup. Ids that start with or
    /// contain the text rank first (shorter first), then ids within a small edit distance; the text is compared
    /// with whole ids and, when it names no vendor, with the part after the vendor.
    public func suggestions(for text: String, limit: Int = 3) -> [String] {
        let query = Array(CanonicalModelID.normalized(text).utf8)
        guard !query.isEmpty, limit > 0 else { return [] }
        let withVendor = query.contains(UInt8(ascii: "/"))
        var scored: [(score: Double, id: String)] = []
        for (position, key) in storage.searchKeys.enumerated() {
            var best = Self.score(query, key[...])
            if !withVendor, let slash = key.firstIndex(of: UInt8(ascii: "/")),
               let partScore = Self.score(query, key[(slash + 1)...]) {
                best = min(best ?? partScore, partScore)
            }
            if let best { scored.append((best, storage.models[position].id)) }
        }
        scored.sort { $0.score != $1.score ? $0.score < $1.score : $0.id < $1.id }
        return scored.prefix(limit).map(\.id)
    }

    /// Lower is closer; nil when `candidate` is too far from `query` to be worth suggesting.
    static func score(_ query: [UInt8], _ candidate: ArraySlice<UInt8>) -> Double? {
        let extra = Double(abs(candidate.count - query.count)) * 0.01
        if candidate.elementsEqual(query) { return 0 }
        if candidate.starts(with: query) { return 0.5 + extra }
        if contains(candidate, query) { return 1 + extra }
        let limit = max(2, query.count / 3)
        guard abs(candidate.count - query.count) <= limit,
              let distance = editDistance(query, candidate, limit: limit) else { return nil }
        return Double(distance) + extra
    }

    static func contains(_ haystack: ArraySlice<UInt8>, _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        var start = haystack.startIndex
        while start + needle.count <= haystack.endIndex {
            if haystack[start..<(start + needle.count)].elementsEqual(needle) { return true }
            start += 1
        }
        return false
    }

    /// Levenshtein distance, or nil as soon as it must exceed `limit`.
    static func editDistance(_ a: [UInt8], _ b: ArraySlice<UInt8>, limit: Int) -> Int? {
        let b = Array(b)
        guard !a.isEmpty, !b.isEmpty else {
            let distance = max(a.count, b.count)
            return distance <= limit ? distance : nil
        }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var rowMinimum = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
                rowMinimum = min(rowMinimum, current[j])
            }
            if rowMinimum > limit { return nil }
            swap(&previous, &current)
        }
        return previous[b.count] <= limit ? previous[b.count] : nil
    }
}
