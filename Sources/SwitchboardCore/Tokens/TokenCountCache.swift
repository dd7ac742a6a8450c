import Foundation

/// Token counts remembered by text and encoding, so a meter redrawn every frame tokenises each message once.
/// Keyed by the UTF-8 bytes, not by `String` equality, which treats canonically equivalent texts as equal while
/// BPE counts their bytes. Bounded: past `limit` texts or `byteLimit` bytes of them it starts over (a draft typed
/// key by key adds one text each time, and a long pasted draft would otherwise be kept once per keystroke). The
/// limits hold a session of tens of thousands of messages: starting over on every count of a larger one would
/// tokenise all of it each time.
public final class TokenCountCache: @unchecked Sendable {
    // @unchecked: every stored property is read and written under `lock`.
    private let lock = NSLock()
    private var counts: [Key: Int] = [:]
    private var bytes = 0
    private var computed = 0
    private let limit: Int
    private let byteLimit: Int

    public init(limit: Int = 1 << 16, byteLimit: Int = 32 << 20) {
        self.limit = limit
        self.byteLimit = byteLimit
    }

    /// How many counts were computed rather than found: a test's measure of whether the cache is used.
    public var misses: Int { lock.withLock { computed } }

    func count(_ text: String, encoding: TokenEncoding, compute: (String) -> Int) -> Int {
        let key = Key(encoding: encoding, text: text)
        if let known = lock.withLock({ counts[key] }) { return known }
        let tokens = compute(text)
        lock.withLock {
            if counts.count >= limit || bytes + text.utf8.count > byteLimit {
                counts.removeAll(keepingCapacity: true)
                bytes = 0
            }
            if counts.updateValue(tokens, forKey: key) == nil { bytes += text.utf8.count }
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
