/// Finds the first byte of interest eight bytes at a time, the way SSE line ends and JSON string ends are
/// searched: streams are mostly long runs of ordinary bytes, and walking them one by one was the largest cost of
/// both the SSE parser and the JSON cursor.
enum ByteScan {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    /// The high bit of every byte of `word` equal to `byte`. Exact for the lowest such byte: a borrow can only
    /// flag bytes above a true match.
    @inline(__always)
    static func equal(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        let difference = word ^ (ones &* UInt64(byte))
        return (difference &- ones) & ~difference & highs
    }

    /// The high bit of every byte of `word` below `bound` (at most 0x80), exact for the lowest as above.
    @inline(__always)
    static func below(_ word: UInt64, _ bound: UInt8) -> UInt64 {
        (word &- ones &* UInt64(bound)) & ~word & highs
    }

    /// The index of the first byte at or after `start` that `matches`, or `bytes.count`. `flags` marks the
    /// matching bytes of a little-endian word (built from `equal` and `below`), and must agree with `matches`.
    @inline(__always)
    static func first(in bytes: UnsafeBufferPointer<UInt8>, from start: Int, flags: (UInt64) -> UInt64,
                      matches: (UInt8) -> Bool) -> Int {
        guard let base = bytes.baseAddress else { return start }
        let count = bytes.count
        var position = start
        while position + 8 <= count {
            let found = flags(UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self))
            if found != 0 { return position + found.trailingZeroBitCount / 8 }
            position += 8
        }
        while position < count {
            if matches(base[position]) { return position }
            position += 1
        }
        return count
    }
}
