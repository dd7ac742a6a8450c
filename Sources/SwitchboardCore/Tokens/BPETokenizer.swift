import Foundation

/// A byte-pair-encoding tokenizer like tiktoken's: the text split by the encoding's pattern, each piece
/// merged by rank. Special tokens are not recognised: `<|endoftext|>` in a message is counted as the text it is.
public final class BPETokenizer: Sendable {
    private let ranks: BPERanks
    private let splitter: PreTokenizer

    /// `rankFile` is a `.tiktoken` file's bytes; `pattern` the encoding's pre-tokenisation regex.
    init(rankFile: Data, pattern: String) throws {
        ranks = try BPERanks(parsing: rankFile)
        splitter = try PreTokenizer(pattern: pattern)
    }

    /// How many tokens the rank file holds.
    public var vocabularySize: Int { ranks.count }

    /// The token ids of `text`, as tiktoken's `encode(text, disallowed_special=())` gives them.
    public func encode(_ text: String) -> [Int] {
        var tokens: [Int] = []
        tokens.reserveCapacity(text.utf8.count / 3)
        splitter.forEachPiece(of: text) { piece, length in ranks.encode(piece, length, into: &tokens) }
        return tokens
    }

    public func count(_ text: String) -> Int {
        text.isEmpty ? 0 : encode(text).count
    }
}
