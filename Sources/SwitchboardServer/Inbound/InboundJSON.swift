import Foundation
import SwitchboardCore

/// A client's request body as parsed JSON, read member by member with the path of each value, so a wrong field
/// deep in a content block is named in the 400 the client gets (`'messages.2.content.0.type' must be a string`),
/// as the providers name it. The reading itself is `WireJSON`'s (shared with Chat Completions); this adds the
/// path, which the Anthropic and Responses bodies need: their blocks sit in items in messages.
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
        InboundJSON(.object(try WireJSON.parse(body)))
    }

    /// The member `key`; nil when it is absent or `null` (clients send `null` for "not set").
    subscript(key: String) -> InboundJSON? {
        guard case .object(let members) = value, let member = members[key] else { return nil }
        if case .null = member { return nil }
        return InboundJSON(member, path: path.isEmpty ? key : path + "." + key)
    }

    var isString: Bool { if case .string = value { true } else { false } }

    private var name: String { path.isEmpty ? "body" : path }

    func string() throws(GatewayError) -> String {
        try present(WireJSON.string(value, name), "a string")
    }

    func bool() throws(GatewayError) -> Bool {
        try present(WireJSON.bool(value, name), "true or false")
    }

    func double() throws(GatewayError) -> Double {
        try present(WireJSON.double(value, name), "a number")
    }

    func int() throws(GatewayError) -> Int {
        try present(WireJSON.int(value, name), "an integer")
    }

    func array() throws(GatewayError) -> [InboundJSON] {
        try present(WireJSON.array(value, name), "an array").enumerated().map { InboundJSON($1, path: "\(path).\($0)") }
    }

    func strings() throws(GatewayError) -> [String] {
        try present(WireJSON.strings(value, name), "an array of strings")
    }

    /// The value written back as JSON text (keys sorted): a tool's schema, a call's arguments.
    func jsonText() throws(GatewayError) -> JSONText {
        try WireJSON.text(value)
    }

    func required(_ key: String) throws(GatewayError) -> InboundJSON {
        guard let member = self[key] else { throw .badRequest("\(path.isEmpty ? key : path + "." + key): Field required") }
        return member
    }

    /// A `null` where a value must be (an array item): refused like a value of the wrong type.
    private func present<T>(_ read: T?, _ expected: String) throws(GatewayError) -> T {
        guard let read else { throw .badRequest("'\(name)' must be \(expected)") }
        return read
    }
}
