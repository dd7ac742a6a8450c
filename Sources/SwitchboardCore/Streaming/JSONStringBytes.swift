/// The bytes a JSON string cannot hold as they are: the quote, the backslash and controls below 0x20. Reading
/// (`JSONCursor`) and writing (`RequestJSON`) both look for the next one, eight bytes at a time: strings are most
/// of what streams and request bodies carry, and the byte-by-byte walk was the largest cost of each.
enum JSONStringBytes {
    static let quote = UInt8(ascii: "\"")
    static let backslash = UInt8(ascii: "\\")

    /// The index of the first quote, backslash or control byte at or after `start`, or `bytes.count`.
    @inline(__always)
    static func firstSpecial(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard let base = bytes.baseAddress else { return start }
        let count = bytes.count
        var position = start
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        while position + 8 <= count {
            let word = UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self)
            let quotes = word ^ (ones &* UInt64(quote))
            let backslashes = word ^ (ones &* UInt64(backslash))
            // A zero byte in either, or a byte below 0x20 (bytes ≥ 0x80 never match). The lowest flagged byte is a
            // true match (a borrow only flags bytes above one), so the index is exact.
            let found = (((quotes &- ones) & ~quotes) | ((backslashes &- ones) & ~backslashes)
                | ((word &- ones &* 0x20) & ~word)) & highs
            if found != 0 { return position + found.trailingZeroBitCount / 8 }
            position += 8
        }
        while position < count {
            let byte = base[position]
            if byte == quote || byte == backslash || byte < 0x20 { return position }
            position += 1
        }
        return count
    }
}
