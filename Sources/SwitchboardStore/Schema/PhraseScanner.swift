import GRDB

/// Checks that phrases occur as consecutive tokens of a text, tokenizing it with the index's own tokenizer. The
/// index keeps no positions, so this is how `"write ahead log"`, `gpt-4o` and CJK words match exactly. Streams
/// the tokens without building strings: each is hashed and compared with the phrases' hashes.
struct PhraseScanner {
    private let phrases: [[UInt64]]
    private let longest: Int

    init(phrases: [[String]]) {
        self.phrases = phrases.map { $0.map { Self.hash(Array($0.utf8)[...]) } }
        longest = phrases.map(\.count).max() ?? 0
    }

    /// True when every phrase occurs in `text`.
    func matches(_ text: String, tokenizer: any FTS5Tokenizer) -> Bool {
        guard !phrases.isEmpty else { return true }
        var state = State(phrases: phrases, longest: longest)
        var text = text
        let code = text.withUTF8 { buffer -> CInt in
            guard let base = buffer.baseAddress else { return ResultCode.SQLITE_OK.rawValue }
            return withUnsafeMutablePointer(to: &state) { pointer in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { text in
                    tokenizer.tokenize(context: UnsafeMutableRawPointer(pointer), tokenization: .document, pText: text,
                                       nText: CInt(buffer.count)) { raw, _, token, length, _, _ in
                        guard let raw, let token else { return ResultCode.SQLITE_OK.rawValue }
                        let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(token).assumingMemoryBound(to: UInt8.self),
                                                        count: Int(length))
                        raw.assumingMemoryBound(to: State.self).pointee.accept(PhraseScanner.hash(bytes))
                        return ResultCode.SQLITE_OK.rawValue
                    }
                }
            }
        }
        return code == ResultCode.SQLITE_OK.rawValue && state.found.allSatisfy { $0 }
    }

    /// FNV-1a, 64 bits: two different tokens colliding in one phrase check is far below any practical concern.
    static func hash<Bytes: Collection>(_ bytes: Bytes) -> UInt64 where Bytes.Element == UInt8 {
        var value: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes {
            value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return value
    }

    /// The last few token hashes, and which phrases have been seen.
    private struct State {
        let phrases: [[UInt64]]
        var recent: [UInt64]
        var count = 0
        var found: [Bool]

        init(phrases: [[UInt64]], longest: Int) {
            self.phrases = phrases
            recent = [UInt64](repeating: 0, count: max(longest, 1))
            found = [Bool](repeating: false, count: phrases.count)
        }

        mutating func accept(_ hash: UInt64) {
            recent[count % recent.count] = hash
            count += 1
            for (index, phrase) in phrases.enumerated() where !found[index] && phrase.count <= count {
                var matched = true
                for (offset, expected) in phrase.enumerated() {
                    let position = count - phrase.count + offset
                    if recent[position % recent.count] != expected {
                        matched = false
                        break
                    }
                }
                if matched { found[index] = true }
            }
        }
    }
}
