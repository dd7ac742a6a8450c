/// The bytes a JSON string cannot hold as they are: the quote, the backslash and controls below 0x20. Reading
/// (`JSONCursor`) and writing (`RequestJSON`) both look for the next one.
enum JSONStringBytes {
    static let quote = UInt8(ascii: "\"")
    static let backslash = UInt8(ascii: "\\")

    /// The index of the first quote, backslash or control byte at or after `start`, or `bytes.count`.
    @inline(__always)
    static func firstSpecial(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        ByteScan.first(in: bytes, from: start,
                       flags: { ByteScan.equal($0, quote) | ByteScan.equal($0, backslash) | ByteScan.below($0, 0x20) },
                       matches: { $0 == quote || $0 == backslash || $0 < 0x20 })
    }
}
