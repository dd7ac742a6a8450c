import Foundation

/// An object key as it appears in the input (keys with escapes never get this far).
struct JSONKey {
    let bytes: UnsafeBufferPointer<UInt8>

    /// The key as a string (only for keys a decoder keeps, such as a call's argument names).
    var text: String { String(decoding: bytes, as: UTF8.self) }

    @inline(__always)
    static func == (key: JSONKey, name: StaticString) -> Bool {
        key.bytes.equals(name)
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// Whether these bytes spell `name`. Length and first byte settle nearly every mismatch without a call to
    /// memcmp.
    @inline(__always)
    func equals(_ name: StaticString) -> Bool {
        let count = name.utf8CodeUnitCount
        guard self.count == count, count > 0, let first = baseAddress else { return self.count == count }
        guard first.pointee == name.utf8Start.pointee else { return false }
        return memcmp(first, name.utf8Start, count) == 0
    }

    /// One `memcmp` rather than the generic element-by-element walk, which profiles showed in every key match.
    @inline(__always)
    func sameBytes(as other: UnsafeBufferPointer<UInt8>) -> Bool {
        guard count == other.count else { return false }
        guard count > 0, let mine = baseAddress, let theirs = other.baseAddress else { return true }
        return memcmp(mine, theirs, count) == 0
    }
}

/// Which of a decoder's fields a chunk has set, so a key sent twice goes to Foundation (whose choice between
/// the two the fast path does not guess).
struct JSONSeenKeys {
    private var bits: UInt64 = 0

    mutating func mark(_ field: Int) throws {
        let bit: UInt64 = 1 << UInt64(field)
        guard bits & bit == 0 else { throw JSONCursor.Unreadable() }
        bits |= bit
    }
}
