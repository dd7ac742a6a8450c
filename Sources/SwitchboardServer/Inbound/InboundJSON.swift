import Foundation
import SwitchboardCore

/// A client's request body as parsed JSON, read member by member with the path of each value, so a wrong field
/// deep in a content block is named in the 400 the client gets (`messages.2.content.0.type: expected a string`),
/// as the providers name it. (`WireJSON` reads flat top-level fields; the Anthropic and Responses bodies nest
/// blocks in items in messages, where the path is what tells the client which one is wrong.)
struct InboundJSON: Sendable {
    let value: JSONValue
    /// Where this value sits in the body (`messages.0.content`); empty for the body itself.
    let path: String

    init(_ value: JSONValue, path: String = "") {
        self.value = value
        self.path = path
    }

    /// Parses a body that must be one JSON object.
    static func object(from body: [UInt8]) throws(GatewayError) -> InboundJSON {
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: Data(body))
        } catch {
            throw GatewayError.badRequest("the request body is not valid JSON")
        }
        guard case .object = value else { throw GatewayError.badRequest("the request body must be a JSON object") }
        return InboundJSON(value)
    }

    /// The member `key`; nil when it is absent or `null` (clients send `null` for "not set").
    subscript(key: String) -> InboundJSON? {
        guard case .object(let members) = value, let member = members[key] else { return nil }
        if case .null = member { return nil }
        return InboundJSON(member, path: path.isEmpty ? key : path + "." + key)
    }

    var isObject: Bool { if case .object = value { true } else { false } }
    var isString: Bool { if case .string = value { true } else { false } }

    func string() throws(GatewayError) -> String {
        guard case .string(let text) = value else { throw mismatch("a string") }
        return text
    }

    func bool() throws(GatewayError) -> Bool {
        guard case .bool(let flag) = value else { throw mismatch("a boolean") }
        return flag
    }

    func double() throws(GatewayError) -> Double {
        guard case .number(let number) = value else { throw mismatch("a number") }
        return number
    }

    func int() throws(GatewayError) -> Int {
        guard case .number(let number) = value, number.rounded() == number, abs(number) < 1e15 else {
            throw mismatch("an integer")
        }
        return Int(number)
    }

    func array() throws(GatewayError) -> [InboundJSON] {
        guard case .array(let items) = value else { throw mismatch("an array") }
        return items.enumerated().map { InboundJSON($1, path: "\(path).\($0)") }
    }

    func strings() throws(GatewayError) -> [String] {
        var out: [String] = []
        for item in try array() { out.append(try item.string()) }
        return out
    }

    /// The value written back as JSON text (keys sorted): a tool's schema, a call's arguments.
    func jsonText() throws(GatewayError) -> JSONText {
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return try JSONText(String(decoding: try encoder.encode(value), as: UTF8.self))
        } catch {
            throw GatewayError.badRequest("\(path): cannot be written back as JSON")
        }
    }

    func required(_ key: String) throws(GatewayError) -> InboundJSON {
        guard let member = self[key] else { throw GatewayError.badRequest("\(path.isEmpty ? key : path + "." + key): Field required") }
        return member
    }

    func mismatch(_ expected: String) -> GatewayError {
        GatewayError.badRequest("\(path.isEmpty ? "body" : path): expected \(expected)")
    }
}
