/// Byte-pair merging of one pre-tokenised piece, as tiktoken does it: start from single bytes and merge the
/// adjacent pair whose joined bytes have the lowest rank (the leftmost one on a tie) until no pair is a token.
extension BPERanks {
    /// Appends the piece's tokens to `tokens`.
    func encode(_ piece: UnsafePointer<UInt8>, _ length: Int, into tokens: inout [Int]) {
        guard length > 0 else { return }
        if let whole = rank(of: piece, length) {
            tokens.append(whole)
            return
        }
        let boundaries = length < BPERanks.longPiece ? mergeByScanning(piece, length) : mergeWithHeap(piece, length)
        for index in 0..<(boundaries.count - 1) {
            let start = boundaries[index]
            // Every single byte is a token, so a part with no rank cannot happen with a real rank file; a
            // malformed one loses that part rather than trapping.
            if let rank = rank(of: piece + start, boundaries[index + 1] - start) { tokens.append(rank) }
        }
    }

    /// Pieces this long merge through a heap: a run of 10,000 spaces would take 10,000 scans of 10,000 parts.
    static let longPiece = 128

    /// The parts' start offsets after merging, and the piece's length last. Quadratic, and fastest for the short
    /// pieces that nearly all text is made of.
    func mergeByScanning(_ piece: UnsafePointer<UInt8>, _ length: Int) -> [Int] {
        // parts[i] starts at `starts[i]`; `pairRanks[i]` is the rank of parts i and i + 1 joined.
        var starts = Array(0...length)
        var pairRanks = [Int](repeating: Int.max, count: length + 1)
        for index in 0..<(length - 1) { pairRanks[index] = rank(of: piece + index, 2) ?? Int.max }
        func joinedRank(_ index: Int) -> Int {
            // Parts index and index + 1 after the pending merge: from starts[index] to starts[index + 3].
            guard index + 3 < starts.count else { return Int.max }
            return rank(of: piece + starts[index], starts[index + 3] - starts[index]) ?? Int.max
        }
        while true {
            var best = Int.max, at = -1
            for index in 0..<(pairRanks.count - 1) where pairRanks[index] < best {
                best = pairRanks[index]
                at = index
            }
            guard at >= 0 else { break }
            if at > 0 { pairRanks[at - 1] = joinedRank(at - 1) }
            pairRanks[at] = joinedRank(at)
            starts.remove(at: at + 1)
            pairRanks.remove(at: at + 1)
        }
        return starts
    }

    /// The same merges in O(n log n): parts in a linked list, candidate pairs in a min-heap ordered by rank and
    /// then by start offset (leftmost first, as the scan picks), stale entries skipped when popped.
    func mergeWithHeap(_ piece: UnsafePointer<UInt8>, _ length: Int) -> [Int] {
        // Part p starts at offset p and ends where next[p] starts; a merged-away part is dead.
        var next = Array(1...length)
        var previous = Array(-1..<(length - 1))
        var alive = [Bool](repeating: true, count: length)
        var heap = PairHeap()
        func pushPair(_ start: Int) {
            let second = next[start]
            guard second < length else { return }
            let end = next[second]
            if let rank = rank(of: piece + start, end - start) { heap.push(PairHeap.Entry(rank: rank, start: start, end: end)) }
        }
        for start in 0..<(length - 1) { pushPair(start) }
        while let entry = heap.pop() {
            // Stale: the left part was merged away, or either part changed size since this pair was pushed.
            guard alive[entry.start], next[entry.start] < length, next[next[entry.start]] == entry.end else { continue }
            let second = next[entry.start]
            alive[second] = false
            next[entry.start] = entry.end
            if entry.end < length { previous[entry.end] = entry.start }
            if previous[entry.start] >= 0 { pushPair(previous[entry.start]) }
            pushPair(entry.start)
        }
        var boundaries: [Int] = []
        var part = 0
        while part < length {
            boundaries.append(part)
            part = next[part]
        }
        boundaries.append(length)
        return boundaries
    }
}

/// A binary min-heap of candidate merges.
struct PairHeap {
    struct Entry {
        var rank: Int
        var start: Int
        var end: Int

        func precedes(_ other: Entry) -> Bool { rank != other.rank ? rank < other.rank : start < other.start }
    }

    private var entries: [Entry] = []

    mutating func push(_ entry: Entry) {
        entries.append(entry)
        var child = entries.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard entries[child].precedes(entries[parent]) else { break }
            entries.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> Entry? {
        guard let first = entries.first else { return nil }
        let last = entries.removeLast()
        if !entries.isEmpty {
            entries[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1, right = left + 1
                var smallest = parent
                if left < entries.count, entries[left].precedes(entries[smallest]) { smallest = left }
                if right < entries.count, entries[right].precedes(entries[smallest]) { smallest = right }
                guard smallest != parent else { break }
                entries.swapAt(parent, smallest)
                parent = smallest
            }
        }
        return first
    }
}
