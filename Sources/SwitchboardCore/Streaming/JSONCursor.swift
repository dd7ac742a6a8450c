import Foundation

/// A strict, allocation-light reader for the few fields a streaming decoder needs from each chunk's JSON.
///
/// Foundation's `JSONDecoder` builds a whole value tree per chunk, which cost more than everything else the
/// engine does per token. This cursor walks the bytes once, reads only the members a decoder asks for and
/// skips the rest. It is a fast path, not a second JSON decoder: whenever the input is anything but plain
/// (invalid JSON, an escaped key, a number that is not a small integer, a lone surrogate, nesting deeper than
/// Foundation allows, a value of an unexpected type) it throws `Unreadable` and the caller decodes the same
/// bytes with Foundation, which then decides. So a chunk either reads exactly as Foundation would read it, or
/// Foundation reads it.
struct JSONCursor {
    /// The input is not one this fast path vouches for; decode it with Foundation instead.
    struct Unreadable: Error {}

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private var depth = 0

    /// Foundation refuses deeper nesting; refusing it here too keeps the two paths in agreement.
    private static let maxDepth = 512

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Reads `text` as one JSON object: `member` is called for each key and must consume that key's value
    /// (with a read or `skip()`). Nothing but whitespace may follow the object.
    static func readObject(_ text: String, _ member: (inout JSONCursor, JSONKey) throws -> Void) throws {
        var text = text
        try text.withUTF8 { buffer in
            var cursor = JSONCursor(buffer)
            cursor.skipWhitespace()
            try cursor.object(member)
            cursor.skipWhitespace()
            guard cursor.index == buffer.count else { throw Unreadable() }
        }
    }

    // MARK: - Containers

    /// An object: `member` is called once per key and must consume its value.
    mutating func object(_ member: (inout JSONCursor, JSONKey) throws -> Void) throws {
        try open(.openBrace)
        defer { depth -= 1 }
        skipWhitespace()
        if peek() == .closeBrace { index += 1; return }
        while true {
            let key = try plainKey()
            skipWhitespace()
            try expect(.colon)
            skipWhitespace()
            try member(&self, key)
            skipWhitespace()
            let byte = try next()
            if byte == .closeBrace { return }
            guard byte == .comma else { throw Unreadable() }
            skipWhitespace()
        }
    }

    /// An object, or nil for `null`.
    mutating func optionalObject(_ member: (inout JSONCursor, JSONKey) throws -> Void) throws -> Bool {
        if try null() { return false }
        try object(member)
        return true
    }

    /// An array: `element` is called once per element and must consume it.
    mutating func array(_ element: (inout JSONCursor) throws -> Void) throws {
        try open(.openBracket)
        defer { depth -= 1 }
        skipWhitespace()
        if peek() == .closeBracket { index += 1; return }
        while true {
            try element(&self)
            skipWhitespace()
            let byte = try next()
            if byte == .closeBracket { return }
            guard byte == .comma else { throw Unreadable() }
            skipWhitespace()
        }
    }

    // MARK: - Scalars

    /// Consumes `null` and returns true, or returns false and consumes nothing.
    mutating func null() throws -> Bool {
        guard peek() == UInt8(ascii: "n") else { return false }
        try literal("null")
        return true
    }

    mutating func optionalString() throws -> String? {
        try null() ? nil : string()
    }

    /// A string, or the entry of `known` with the same text: values a stream repeats (event types, the
    /// object kind, the model) then cost no allocation, and compare with the decoder's literals by identity.
    mutating func optionalString(among known: [String]) throws -> String? {
        if try null() { return nil }
        let start = index
        if let raw = try plainString() {
            for candidate in known where candidate.utf8.count == raw.count {
                if candidate.utf8.withContiguousStorageIfAvailable({ raw.sameBytes(as: $0) }) == true {
                    return candidate
                }
            }
            return String(decoding: raw, as: UTF8.self)
        }
        index = start
        return try string()
    }

    /// A string, or `previous` itself when the text is the same (a stream repeats its model in every chunk).
    mutating func optionalString(reusing previous: String?) throws -> String? {
        guard let previous else { return try optionalString() }
        if try null() { return nil }
        let start = index
        if let raw = try plainString() {
            if previous.utf8.count == raw.count,
               previous.utf8.withContiguousStorageIfAvailable({ raw.sameBytes(as: $0) }) == true {
                return previous
            }
            return String(decoding: raw, as: UTF8.self)
        }
        index = start
        return try string()
    }

    /// A string without escapes, consumed, as its bytes; nil (at an unspecified index) when it has escapes.
    private mutating func plainString() throws -> UnsafeBufferPointer<UInt8>? {
        try expect(.quote)
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == .quote {
                index += 1
                return UnsafeBufferPointer(rebasing: bytes[start..<index - 1])
            }
            if byte == .backslash { return nil }
            guard byte >= 0x20 else { throw Unreadable() }
            index += 1
        }
        throw Unreadable()
    }

    mutating func optionalBool() throws -> Bool? {
        if try null() { return nil }
        switch peek() {
        case UInt8(ascii: "t"): try literal("true"); return true
        case UInt8(ascii: "f"): try literal("false"); return false
        default: throw Unreadable()
        }
    }

    /// An integer written as plain digits (no fraction or exponent) that fits in `Int`; anything else is
    /// left to Foundation.
    mutating func optionalInt() throws -> Int? {
        if try null() { return nil }
        let start = index
        let negative = peek() == .minus
        if negative { index += 1 }
        var value = 0
        var digits = 0
        while let byte = peek(), byte >= .digit0, byte <= .digit9 {
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(Int(byte - .digit0))
            guard !overflow1, !overflow2 else { throw Unreadable() }
            value = sum
            digits += 1
            index += 1
        }
        // A leading zero, a fraction or an exponent: not this path's business.
        guard digits > 0, !(digits > 1 && bytes[negative ? start + 1 : start] == .digit0) else { throw Unreadable() }
        if let byte = peek(), byte == .dot || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
            throw Unreadable()
        }
        return negative ? -value : value
    }

    /// A string. Unescaped runs are copied as they are; escapes are decoded, surrogate pairs joined.
    mutating func string() throws -> String {
        try expect(.quote)
        let start = index
        // The common case: no escape, so the bytes between the quotes are the string.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == .quote {
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                index += 1
                return text
            }
            if byte == .backslash { break }
            guard byte >= 0x20 else { throw Unreadable() }
            index += 1
        }
        // Escaped text (thinking, tool arguments): plain runs are copied whole, escapes decoded between them.
        var scalars: [UInt8] = []
        // Room for the run so far and some more; not the rest of the input, which may hold many strings.
        scalars.reserveCapacity(index - start + 64)
        var runStart = start
        while index < bytes.count {
            let byte = bytes[index]
            if byte == .quote {
                scalars.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                index += 1
                return String(decoding: scalars, as: UTF8.self)
            }
            if byte == .backslash {
                scalars.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                index += 1
                try escape(into: &scalars)
                runStart = index
                continue
            }
            guard byte >= 0x20 else { throw Unreadable() }
            index += 1
        }
        throw Unreadable()
    }

    /// Consumes any value, checking that it is well-formed JSON.
    mutating func skip() throws {
        switch peek() {
        case .openBrace?: try object { cursor, _ in try cursor.skip() }
        case .openBracket?: try array { cursor in try cursor.skip() }
        case .quote?: try skipString()
        case UInt8(ascii: "t")?: try literal("true")
        case UInt8(ascii: "f")?: try literal("false")
        case UInt8(ascii: "n")?: try literal("null")
        default: try skipNumber()
        }
    }

    // MARK: - Pieces

    private mutating func plainKey() throws -> JSONKey {
        try expect(.quote)
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == .quote {
                let key = JSONKey(bytes: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                index += 1
                return key
            }
            // An escaped key is legal but never sent by providers; Foundation can compare it.
            guard byte != .backslash, byte >= 0x20 else { throw Unreadable() }
            index += 1
        }
        throw Unreadable()
    }

    private mutating func skipString() throws {
        try expect(.quote)
        var scratch: [UInt8] = []
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if byte == .quote { return }
            if byte == .backslash {
                // Only `\u` escapes need decoding to be checked (surrogates); the scratch is never allocated else.
                if let escaped = peek(), escaped != UInt8(ascii: "u") {
                    switch escaped {
                    case .quote, .backslash, .slash, UInt8(ascii: "b"), UInt8(ascii: "f"), UInt8(ascii: "n"),
                         UInt8(ascii: "r"), UInt8(ascii: "t"):
                        index += 1
                        continue
                    default:
                        throw Unreadable()
                    }
                }
                try escape(into: &scratch)
                scratch.removeAll(keepingCapacity: true)
            } else {
                guard byte >= 0x20 else { throw Unreadable() }
            }
        }
        throw Unreadable()
    }

    /// The JSON number grammar: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    private mutating func skipNumber() throws {
        if peek() == .minus { index += 1 }
        guard let first = peek(), first >= .digit0, first <= .digit9 else { throw Unreadable() }
        index += 1
        if first != .digit0 { skipDigits() }
        if peek() == .dot {
            index += 1
            guard skipDigits() > 0 else { throw Unreadable() }
        }
        if let byte = peek(), byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
            index += 1
            if let sign = peek(), sign == .plus || sign == .minus { index += 1 }
            guard skipDigits() > 0 else { throw Unreadable() }
        }
    }

    @discardableResult
    private mutating func skipDigits() -> Int {
        var count = 0
        while let byte = peek(), byte >= .digit0, byte <= .digit9 {
            index += 1
            count += 1
        }
        return count
    }

    /// After a backslash: appends the escaped character's UTF-8.
    private mutating func escape(into out: inout [UInt8]) throws {
        let byte = try next()
        switch byte {
        case .quote, .backslash, .slash: out.append(byte)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"):
            var code = UInt32(try hex4())
            if (0xD800...0xDBFF).contains(code) {
                // A high surrogate must be followed by an escaped low one; a lone one is Foundation's call.
                guard try next() == .backslash, try next() == UInt8(ascii: "u") else { throw Unreadable() }
                let low = UInt32(try hex4())
                guard (0xDC00...0xDFFF).contains(low) else { throw Unreadable() }
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(code) {
                throw Unreadable()
            }
            guard let scalar = Unicode.Scalar(code) else { throw Unreadable() }
            UTF8.encode(scalar) { out.append($0) }
        default:
            throw Unreadable()
        }
    }

    private mutating func hex4() throws -> UInt16 {
        var value: UInt16 = 0
        for _ in 0..<4 {
            let byte = try next()
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - .digit0
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw Unreadable()
            }
            value = value << 4 | UInt16(digit)
        }
        return value
    }

    private mutating func literal(_ word: StaticString) throws {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw Unreadable() }
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: count)
        guard UnsafeBufferPointer(rebasing: bytes[index..<index + count]).sameBytes(as: expected) else {
            throw Unreadable()
        }
        index += count
    }

    private mutating func open(_ byte: UInt8) throws {
        try expect(byte)
        depth += 1
        guard depth <= Self.maxDepth else { throw Unreadable() }
    }

    @inline(__always)
    private mutating func expect(_ byte: UInt8) throws {
        guard try next() == byte else { throw Unreadable() }
    }

    @inline(__always)
    private mutating func next() throws -> UInt8 {
        guard index < bytes.count else { throw Unreadable() }
        defer { index += 1 }
        return bytes[index]
    }

    /// The next byte, not consumed.
    func peekByte() -> UInt8? { peek() }

    @inline(__always)
    private func peek() -> UInt8? {
        index < bytes.count ? bytes[index] : nil
    }

    @inline(__always)
    fileprivate mutating func skipWhitespace() {
        while let byte = peek(), byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { index += 1 }
    }
}

private extension UInt8 {
    static let quote = UInt8(ascii: "\"")
    static let backslash = UInt8(ascii: "\\")
    static let slash = UInt8(ascii: "/")
    static let colon = UInt8(ascii: ":")
    static let comma = UInt8(ascii: ",")
    static let openBrace = UInt8(ascii: "{")
    static let closeBrace = UInt8(ascii: "}")
    static let openBracket = UInt8(ascii: "[")
    static let closeBracket = UInt8(ascii: "]")
    static let minus = UInt8(ascii: "-")
    static let plus = UInt8(ascii: "+")
    static let dot = UInt8(ascii: ".")
    static let digit0 = UInt8(ascii: "0")
    static let digit9 = UInt8(ascii: "9")
}
