import Foundation

/// Splits one line of code into tokens by a `SyntaxGrammar`: one pass over the line's UTF-8 bytes, no regular
/// expressions. What a line leaves open (a block comment, a multi-line string) is carried to the next line, so a
/// streaming code block is lexed line by line, each line once.
enum SyntaxHighlighter {
    struct Token: Equatable {
        var text: String
        var kind: SyntaxKind
    }

    static func tokens<S: StringProtocol>(of line: S, grammar: SyntaxGrammar, carry: inout SyntaxCarry) -> [Token] {
        var lexer = Lexer(bytes: Array(line.utf8), grammar: grammar)
        lexer.run(carry: &carry)
        return lexer.tokens
    }

    private struct Lexer {
        let bytes: [UInt8]
        let grammar: SyntaxGrammar
        var tokens: [Token] = []
        /// Where the pending plain text starts.
        var plainStart = 0
        var index = 0

        init(bytes: [UInt8], grammar: SyntaxGrammar) {
            self.bytes = bytes
            self.grammar = grammar
        }

        mutating func run(carry: inout SyntaxCarry) {
            switch carry {
            case .none: break
            case .comment(let close):
                carry = scanComment(close: close) ? .none : carry
            case .string(let close, let escapes):
                carry = scanString(close: close, escapes: escapes) ? .none : carry
            }
            while index < bytes.count {
                if let next = step() { carry = next; break }
            }
            flushPlain(upTo: bytes.count)
        }

        /// Lexes one token at `index`; returns what stays open at the end of the line, if this token does not close.
        private mutating func step() -> SyntaxCarry? {
            let byte = bytes[index]
            for marker in grammar.lineComments where matches(marker, at: index) {
                if marker == [UInt8(ascii: "#")], grammar.hashCommentNeedsSpace, index > 0, !isSpace(bytes[index - 1]) { continue }
                flushPlain(upTo: index)
                emit(.comment, from: index, to: bytes.count)
                index = bytes.count
                return nil
            }
            for comment in grammar.blockComments where matches(comment.open, at: index) {
                flushPlain(upTo: index)
                let start = index
                index += comment.open.count
                let closed = scanComment(close: comment.close, from: start)
                return closed ? nil : .comment(close: comment.close)
            }
            for delimiter in grammar.strings where matches(delimiter.open, at: index) {
                flushPlain(upTo: index)
                let start = index
                index += delimiter.open.count
                let closed = scanString(close: delimiter.close, escapes: delimiter.escapes, from: start)
                return closed || !delimiter.multiline ? nil : .string(close: delimiter.close, escapes: delimiter.escapes)
            }
            if grammar.charLiterals, byte == UInt8(ascii: "'"), let end = charLiteralEnd(at: index) {
                flushPlain(upTo: index)
                emit(.string, from: index, to: end)
                index = end
                return nil
            }
            if isDigit(byte), index == 0 || !isWordByte(bytes[index - 1]) {
                flushPlain(upTo: index)
                let start = index
                scanNumber()
                emit(.number, from: start, to: index)
                return nil
            }
            if isWordStart(byte) {
                let start = index
                index += 1
                while index < bytes.count, isWordByte(bytes[index]) { index += 1 }
                if isKeyword(start, index) {
                    flushPlain(upTo: start)
                    emit(.keyword, from: start, to: index)
                }
                return nil
            }
            if grammar.directivePrefixes.contains(byte), index + 1 < bytes.count, isWordStart(bytes[index + 1]) {
                flushPlain(upTo: index)
                let start = index
                index += 1
                while index < bytes.count, isWordByte(bytes[index]) { index += 1 }
                emit(.keyword, from: start, to: index)
                return nil
            }
            index += 1
            return nil
        }

        /// From `index` (or a token starting at `from`): true when `close` ends the comment on this line.
        private mutating func scanComment(close: [UInt8], from start: Int? = nil) -> Bool {
            let begin = start ?? index
            while index < bytes.count {
                if matches(close, at: index) {
                    index += close.count
                    emit(.comment, from: begin, to: index)
                    plainStart = index
                    return true
                }
                index += 1
            }
            emit(.comment, from: begin, to: bytes.count)
            plainStart = bytes.count
            return false
        }

        private mutating func scanString(close: [UInt8], escapes: Bool, from start: Int? = nil) -> Bool {
            let begin = start ?? index
            while index < bytes.count {
                if escapes, bytes[index] == UInt8(ascii: "\\") {
                    index += 2
                    continue
                }
                if matches(close, at: index) {
                    index += close.count
                    emit(.string, from: begin, to: index)
                    plainStart = index
                    return true
                }
                index += 1
            }
            index = bytes.count
            emit(.string, from: begin, to: bytes.count)
            plainStart = bytes.count
            return false
        }

        /// `'a'`, `'\n'`, `'\u{1F600}'`: the index after the closing quote, or nil (a Rust lifetime, a stray quote).
        private func charLiteralEnd(at start: Int) -> Int? {
            var probe = start + 1
            guard probe < bytes.count else { return nil }
            if bytes[probe] == UInt8(ascii: "\\") {
                probe += 2
                while probe < bytes.count, probe - start < 12, bytes[probe] != UInt8(ascii: "'") { probe += 1 }
            } else {
                // One character: an ASCII byte or a whole UTF-8 sequence.
                probe += 1
                while probe < bytes.count, bytes[probe] & 0xC0 == 0x80 { probe += 1 }
            }
            guard probe < bytes.count, bytes[probe] == UInt8(ascii: "'") else { return nil }
            return probe + 1
        }

        /// Digits, letters and `_` (hex, suffixes, separators), a `.` followed by a digit, an exponent's sign.
        private mutating func scanNumber() {
            let isHex = bytes[index] == UInt8(ascii: "0") && index + 1 < bytes.count && (bytes[index + 1] | 0x20) == UInt8(ascii: "x")
            while index < bytes.count {
                let byte = bytes[index]
                if isWordByte(byte) && byte != UInt8(ascii: "$") {
                    index += 1
                } else if byte == UInt8(ascii: "."), index + 1 < bytes.count, isDigit(bytes[index + 1]) {
                    index += 1
                } else if !isHex, byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-"), index > 0,
                          bytes[index - 1] | 0x20 == UInt8(ascii: "e"), index + 1 < bytes.count, isDigit(bytes[index + 1]) {
                    index += 1
                } else {
                    break
                }
            }
        }

        private func isKeyword(_ start: Int, _ end: Int) -> Bool {
            guard end - start <= 24 else { return false }
            let word = String(decoding: bytes[start..<end], as: UTF8.self)
            return grammar.keywords.contains(grammar.caseInsensitive ? word.lowercased() : word)
        }

        private func matches(_ marker: [UInt8], at position: Int) -> Bool {
            guard !marker.isEmpty, position + marker.count <= bytes.count else { return false }
            for offset in 0..<marker.count where bytes[position + offset] != marker[offset] { return false }
            return true
        }

        private func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
        private func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

        private func isWordStart(_ byte: UInt8) -> Bool {
            (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A || byte == UInt8(ascii: "_") || grammar.wordExtras.contains(byte)
        }

        private func isWordByte(_ byte: UInt8) -> Bool { isWordStart(byte) || isDigit(byte) }

        private mutating func flushPlain(upTo end: Int) {
            if end > plainStart { emit(.plain, from: plainStart, to: end) }
            plainStart = end
        }

        private mutating func emit(_ kind: SyntaxKind, from start: Int, to end: Int) {
            guard end > start else { return }
            let end = min(end, bytes.count)
            let text = String(decoding: bytes[start..<end], as: UTF8.self)
            if let last = tokens.last, last.kind == kind {
                tokens[tokens.count - 1].text += text
            } else {
                tokens.append(Token(text: text, kind: kind))
            }
            plainStart = end
        }
    }
}
