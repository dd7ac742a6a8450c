import Foundation

/// A JSON value that keeps its keys in the order written, so fixture bodies list fields the way providers do.
/// Literals make encoders read like the wire: `["type": "ping"]`.
public indirect enum FixtureJSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    /// A number written as is (`0.000412`), so decimal costs keep their digits.
    case number(String)
    case string(String)
    case array([FixtureJSON])
    case object([Member])

    public struct Member: Sendable, Equatable {
        public var key: String
        public var value: FixtureJSON
        public init(_ key: String, _ value: FixtureJSON) {
            self.key = key
            self.value = value
        }
    }

    public static func decimal(_ value: Decimal) -> FixtureJSON { .number("\(value)") }

    /// Compact text, like OpenAI and Anthropic send: no spaces.
    public var compact: String {
        var out = ""
        write(to: &out, keySeparator: ":", indent: nil, level: 0)
        return out
    }

    /// Text with a space after each colon, the way Google's servers write SSE payloads.
    public var spaced: String {
        var out = ""
        write(to: &out, keySeparator: ": ", indent: nil, level: 0)
        return out
    }

    /// Indented text, the way OpenAI and Google write error bodies.
    public func pretty(indent: Int) -> String {
        var out = ""
        write(to: &out, keySeparator: ": ", indent: indent, level: 0)
        return out + "\n"
    }

    private func write(to out: inout String, keySeparator: String, indent: Int?, level: Int) {
        func newline(_ depth: Int) {
            guard let indent else { return }
            out += "\n" + String(repeating: " ", count: indent * depth)
        }
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .int(let value): out += String(value)
        case .number(let text): out += text
        case .string(let text): FixtureJSON.writeString(text, to: &out)
        case .array(let values):
            out += "["
            for (index, value) in values.enumerated() {
                if index > 0 { out += "," }
                newline(level + 1)
                value.write(to: &out, keySeparator: keySeparator, indent: indent, level: level + 1)
            }
            if !values.isEmpty { newline(level) }
            out += "]"
        case .object(let members):
            out += "{"
            for (index, member) in members.enumerated() {
                if index > 0 { out += "," }
                newline(level + 1)
                FixtureJSON.writeString(member.key, to: &out)
                out += keySeparator
                member.value.write(to: &out, keySeparator: keySeparator, indent: indent, level: level + 1)
            }
            if !members.isEmpty { newline(level) }
            out += "}"
        }
    }

    private static func writeString(_ text: String, to out: inout String) {
        out += "\""
        // Most strings need no escape: appended whole, they cost the server a copy instead of a walk scalar by
        // scalar (which made the loopback server, sharing the client's two cores, the busiest thing measured).
        if !text.utf8.contains(where: { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 }) {
            out += text
            out += "\""
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}

extension FixtureJSON: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByNilLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(nilLiteral: ()) { self = .null }
    public init(arrayLiteral elements: FixtureJSON...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, FixtureJSON)...) {
        self = .object(elements.map { Member($0.0, $0.1) })
    }
}

extension FixtureJSON {
    /// `.string` for a value, `.null` for nil.
    public static func optional(_ text: String?) -> FixtureJSON { text.map { .string($0) } ?? .null }

    /// Appends members to an object; other values are returned unchanged.
    public func adding(_ extra: [Member]) -> FixtureJSON {
        guard case .object(let members) = self else { return self }
        return .object(members + extra)
    }
}
