import Foundation

extension JSONValue {
    /// Parses one JSON document (any value at the top) from its bytes. Plain input is read by `JSONCursor` in one
    /// pass; anything it does not vouch for (an escaped or repeated key, a lone surrogate, invalid JSON) is decoded
    /// by Foundation, which decides. `serve` reads every request body this way: Foundation's generic decoding of
    /// `JSONValue` cost more than the rest of reading a short request.
    public init(parsing bytes: [UInt8]) throws {
        if let value = bytes.withUnsafeBufferPointer({ try? JSONCursor.readValue($0) }) {
            self = value
            return
        }
        do {
            self = try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
        } catch {
            throw Invalid(description: "not valid JSON")
        }
    }
}

extension JSONCursor {
    /// Any value, as `JSONValue`.
    mutating func value() throws -> JSONValue {
        switch peekByte() {
        case UInt8(ascii: "{")?:
            var object: [String: JSONValue] = [:]
            try self.object { cursor, key in
                let name = key.text
                // Which of two equal keys counts is Foundation's call.
                guard object[name] == nil else { throw Unreadable() }
                object[name] = try cursor.value()
            }
            return .object(object)
        case UInt8(ascii: "[")?:
            var items: [JSONValue] = []
            try array { cursor in items.append(try cursor.value()) }
            return .array(items)
        case UInt8(ascii: "\"")?:
            return .string(try string())
        case UInt8(ascii: "n")?:
            _ = try null()
            return .null
        case UInt8(ascii: "t")?, UInt8(ascii: "f")?:
            guard let flag = try optionalBool() else { throw Unreadable() }
            return .bool(flag)
        default:
            return .number(try number())
        }
    }
}
