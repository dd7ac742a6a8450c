import Foundation

/// Token counts remembered by text and encoding, so a meter redrawn every frame tokenises each message once.
/// Keyed by the UTF-8 bytes, not by `String` equality, which treats canonically equivalent texts as equal while
/// BPE counts their bytes. Bounded: past `limit` texts it starts over (a draft typed key by key adds one each time).
public final class TokenCountCache: @unchecked Sendable {
    // @unchecked: every stored property is read and written under `lock`.
    private let lock = NSLock()
    private var counts: [Key: Int] = [:]
    private var computed = 0
    private let limit: Int

    public init(limit: Int = 8192) {
        self.limit = limit
    }

    /// How many counts were computed rather than found: a test's measure of whether the cache is used.
    public var misses: Int { lock.withLock { computed } }

    func count(_ text: String, encoding: TokenEncoding, compute: (String) -> Int) -> Int {
        let key = Key(encoding: encoding, text: text)
        if let known = lock.withLock({ counts[key] }) { return known }
        let tokens = compute(text)
        lock.withLock {
            if counts.count >= limit { counts.removeAll(keepingCapacity: true) }
            counts[key] = tokens
            computed += 1
        }
        return tokens
    }

    private struct Key: Hashable {
        var encoding: TokenEncoding
        var text: String

        static func == (lhs: Key, rhs: Key) -> Bool {
            lhs.encoding == rhs.encoding && lhs.text.utf8.elementsEqual(rhs.text.utf8)
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(encoding)
            var text = self.text
            text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        }
    }
}
