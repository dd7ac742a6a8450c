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
        try text.withUTF8 { try readObject($0, member) }
    }

    /// Reads `bytes` as one JSON object (see the `String` form).
    static func readObject(_ bytes: UnsafeBufferPointer<UInt8>,
                           _ member: (inout JSONCursor, JSONKey) throws -> Void) throws {
        var cursor = JSONCursor(bytes)
        cursor.skipWhitespace()
        try cursor.object(member)
        cursor.skipWhitespace()
        guard cursor.index == bytes.count else { throw Unreadable() }
    }

    /// Reads `bytes` as one JSON document of any kind (`JSONValue(parsing:)`).
    static func readValue(_ bytes: UnsafeBufferPointer<UInt8>) throws -> JSONValue {
        var cursor = JSONCursor(bytes)
        cursor.skipWhitespace()
        let value = try cursor.value()
        cursor.skipWhitespace()
        guard cursor.index == bytes.count else { throw Unreadable() }
        return value
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

    /// A string's bytes read by `name` (after decoding, when it has escapes), or nil for `null`: the names a
    /// stream repeats (event and delta types) become enum cases without a `String` being made.
    mutating func optionalName<Name>(_ name: (UnsafeBufferPointer<UInt8>) -> Name) throws -> Name? {
        if try null() { return nil }
        let start = index
        if let raw = try plainString() { return name(raw) }
        index = start
        var text = try string()
        return text.withUTF8(name)
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
        index = nextSpecialByte(from: index)
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

    /// A number as `Double`, rounded correctly from its text (as Foundation's is); one too large for a finite
    /// `Double` is left to Foundation.
    mutating func number() throws -> Double {
        let start = index
        try skipNumber()
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else { throw Unreadable() }
        return value
    }

    /// A string. Unescaped runs are copied as they are; escapes are decoded, surrogate pairs joined.
    mutating func string() throws -> String {
        try expect(.quote)
        let start = index
        index = nextSpecialByte(from: index)
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
        // Escaped text (thinking, tool arguments): the closing quote is found first, so the text is written once,
        // straight into the string's storage (decoding only shrinks it), plain runs whole and escapes between them.
        let end = try closingQuote(from: index)
        let text = try String(unsafeUninitializedCapacity: end - start) { out in
            guard let target = out.baseAddress, let source = bytes.baseAddress else { return 0 }
            var written = 0
            var runStart = start
            while true {
                // Before `end` the only special bytes left are backslashes (`closingQuote` checked the rest).
                index = min(nextSpecialByte(from: index), end)
                (target + written).initialize(from: source + runStart, count: index - runStart)
                written += index - runStart
                if index == end { return written }
                index += 1
                UTF8.encode(try escapedScalar()) { byte in
                    target[written] = byte
                    written += 1
                }
                runStart = index
            }
        }
        index = end + 1
        return text
    }

    /// The index of the quote that ends the string whose text starts at `start`; escapes are stepped over (and
    /// checked when decoded), a control byte or the end of input is not this path's business.
    private func closingQuote(from start: Int) throws -> Int {
        var position = start
        while true {
            position = nextSpecialByte(from: position)
            guard position < bytes.count else { throw Unreadable() }
            switch bytes[position] {
            case .quote: return position
            case .backslash: position += 2
            default: throw Unreadable()
            }
        }
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
        index = nextSpecialByte(from: index)
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
        while index < bytes.count {
            index = nextSpecialByte(from: index)
            guard index < bytes.count else { break }
            let byte = bytes[index]
            index += 1
            if byte == .quote { return }
            if byte == .backslash {
                _ = try escapedScalar()  // Decoded only to be checked (surrogates above all).
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

    /// After a backslash: the escaped character, consumed.
    private mutating func escapedScalar() throws -> Unicode.Scalar {
        let byte = try next()
        switch byte {
        case .quote, .backslash, .slash: return Unicode.Scalar(byte)
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
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
            return scalar
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

    @inline(__always)
    private func nextSpecialByte(from start: Int) -> Int {
        JSONStringBytes.firstSpecial(in: bytes, from: start)
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
