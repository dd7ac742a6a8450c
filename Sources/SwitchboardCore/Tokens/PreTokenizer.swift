import Foundation

/// Splits text into the pieces BPE merges within, by an encoding's pattern. The patterns are tiktoken's
/// (`tiktoken_ext/openai_public.py`, MIT licence), with one change: `\s` is spelled `\p{White_Space}`, because
/// ICU's `\s` leaves out U+000B and U+0085 where tiktoken's regex engine (Rust) counts every White_Space character.
struct PreTokenizer: @unchecked Sendable {
    // @unchecked: NSRegularExpression is immutable once built and documented as safe to share between threads.
    private let expression: NSRegularExpression

    init(pattern: String) throws {
        expression = try NSRegularExpression(pattern: pattern)
    }

    /// Calls `body` with the UTF-8 bytes of each piece, in order.
    func forEachPiece(of text: String, _ body: (UnsafePointer<UInt8>, Int) -> Void) {
        var bytes = Array(text.utf8)
        bytes.append(0)  // a valid base address for empty text
        let utf16 = text.utf16, utf8 = text.utf8
        var cursor = utf16.startIndex, cursorOffset = 0
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            for match in expression.matches(in: text, range: NSRange(location: 0, length: utf16.count)) {
                let range = match.range
                guard range.length > 0 else { continue }
                // Matches come in order: walk the UTF-16 view forward from the last one (linear overall).
                let start = utf16.index(cursor, offsetBy: range.location - cursorOffset)
                let end = utf16.index(start, offsetBy: range.length)
                cursor = end
                cursorOffset = range.location + range.length
                let from = utf8.distance(from: utf8.startIndex, to: start)
                let to = utf8.distance(from: utf8.startIndex, to: end)
                body(base + from, to - from)
            }
        }
    }

    /// cl100k_base: GPT-4, GPT-3.5, text-embedding-3.
    static let cl100kPattern = #"'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\p{White_Space}\p{L}\p{N}]++[\r\n]*+|\p{White_Space}++$|\p{White_Space}*[\r\n]|\p{White_Space}+(?!\P{White_Space})|\p{White_Space}"#

    /// o200k_base: GPT-4o, GPT-4.1, GPT-5, the o-series. Cased words split where the case changes (`HTTPServer`).
    static let o200kPattern = [
        #"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?"#,
        #"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?"#,
        #"\p{N}{1,3}"#,
        #" ?[^\p{White_Space}\p{L}\p{N}]+[\r\n/]*"#,
        #"\p{White_Space}*[\r\n]+"#,
        #"\p{White_Space}+(?!\P{White_Space})"#,
        #"\p{White_Space}+"#,
    ].joined(separator: "|")
}
