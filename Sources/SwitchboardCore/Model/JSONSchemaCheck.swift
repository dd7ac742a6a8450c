import Foundation

/// Checks a JSON value against a JSON Schema, for the keywords structured output uses in practice:
/// `type` (a name or a list; `integer` is a number with no fraction), `properties`, `required`,
/// `additionalProperties` (false, or a schema for the other keys), `items` (one schema for every element),
/// `enum`, `const`, `minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum` (numbers), `minLength`,
/// `maxLength` (strings, in characters), `minItems`, `maxItems` (arrays), and `anyOf` / `oneOf` / `allOf`.
/// Other keywords (`$ref`, `pattern`, `format`…) are not checked: a reply is never refused for them.
public enum JSONSchemaCheck {
    /// One place a value breaks its schema: `path` is `$` for the root, `$.name`, `$.items[2]`.
    public struct Violation: Sendable, Hashable, CustomStringConvertible {
        public var path: String
        public var message: String
        public var description: String { "\(path): \(message)" }
    }

    /// Every violation found (empty when `value` matches), in document order.
    public static func violations(of value: JSONValue, against schema: JSONValue) -> [Violation] {
        var found: [Violation] = []
        check(value, schema, path: "$", into: &found)
        return found
    }

    private static func check(_ value: JSONValue, _ schema: JSONValue, path: String, into found: inout [Violation]) {
        // `true` and `{}` accept anything; `false` accepts nothing.
        guard case .object(let rules) = schema else {
            if case .bool(false) = schema { found.append(Violation(path: path, message: "no value is allowed here")) }
            return
        }
        func fail(_ message: String) { found.append(Violation(path: path, message: message)) }

        if let type = rules["type"] {
            let allowed: [String] = switch type {
            case .string(let name): [name]
            case .array(let names): names.compactMap { if case .string(let name) = $0 { name } else { nil } }
            default: []
            }
            let actual = value.schemaType
            let matches = allowed.contains(actual) || (actual == "integer" && allowed.contains("number"))
            if !allowed.isEmpty, !matches {
                fail("expected \(allowed.joined(separator: " or ")), got \(actual)")
                return
            }
        }
        // JSONValue equality is JSON's: numbers by value (1 equals 1.0), objects regardless of key order.
        if let options = rules["enum"], case .array(let values) = options, !values.contains(where: { $0 == value }) {
            fail("not one of the allowed values \(render(options))")
        }
        if let constant = rules["const"], constant != value {
            fail("must be \(render(constant))")
        }
        checkCombinations(value, rules, path: path, into: &found)

        switch value {
        case .number(let number):
            checkNumber(number, rules, fail: fail)
        case .string(let string):
            let length = string.count
            if let min = integer(rules["minLength"]), length < min { fail("shorter than \(min) characters") }
            if let max = integer(rules["maxLength"]), length > max { fail("longer than \(max) characters") }
        case .array(let elements):
            if let min = integer(rules["minItems"]), elements.count < min { fail("fewer than \(min) items") }
            if let max = integer(rules["maxItems"]), elements.count > max { fail("more than \(max) items") }
            if let items = rules["items"] {
                for (index, element) in elements.enumerated() {
                    check(element, items, path: "\(path)[\(index)]", into: &found)
                }
            }
        case .object(let members):
            checkObject(members, rules, path: path, into: &found)
        case .null, .bool:
            break
        }
    }

    private static func checkObject(_ members: [String: JSONValue], _ rules: [String: JSONValue], path: String,
                                    into found: inout [Violation]) {
        func fail(_ message: String) { found.append(Violation(path: path, message: message)) }
        if case .array(let required) = rules["required"] {
            for case .string(let name) in required where members[name] == nil {
                fail("missing required property \"\(name)\"")
            }
        }
        var properties: [String: JSONValue] = [:]
        if case .object(let declared) = rules["properties"] { properties = declared }
        for name in members.keys.sorted() {
            guard let member = members[name] else { continue }
            let memberPath = path + "." + name
            if let propertySchema = properties[name] {
                check(member, propertySchema, path: memberPath, into: &found)
            } else if let additional = rules["additionalProperties"] {
                if case .bool(false) = additional {
                    fail("property \"\(name)\" is not allowed")
                } else {
                    check(member, additional, path: memberPath, into: &found)
                }
            }
        }
    }

    private static func checkNumber(_ number: Double, _ rules: [String: JSONValue], fail: (String) -> Void) {
        if let min = double(rules["minimum"]), number < min { fail("less than the minimum \(format(min))") }
        if let max = double(rules["maximum"]), number > max { fail("greater than the maximum \(format(max))") }
        if let min = double(rules["exclusiveMinimum"]), number <= min { fail("not greater than \(format(min))") }
        if let max = double(rules["exclusiveMaximum"]), number >= max { fail("not less than \(format(max))") }
    }

    private static func checkCombinations(_ value: JSONValue, _ rules: [String: JSONValue], path: String,
                                          into found: inout [Violation]) {
        func fail(_ message: String) { found.append(Violation(path: path, message: message)) }
        func matches(_ schema: JSONValue) -> Bool { violations(of: value, against: schema, path: path).isEmpty }
        if case .array(let all) = rules["allOf"] {
            for schema in all { check(value, schema, path: path, into: &found) }
        }
        if case .array(let any) = rules["anyOf"], !any.contains(where: matches) {
            fail("matches none of the anyOf schemas")
        }
        if case .array(let one) = rules["oneOf"] {
            let count = one.filter(matches).count
            if count != 1 { fail("matches \(count) of the oneOf schemas, not exactly one") }
        }
    }

    private static func violations(of value: JSONValue, against schema: JSONValue, path: String) -> [Violation] {
        var found: [Violation] = []
        check(value, schema, path: path, into: &found)
        return found
    }

    private static func double(_ value: JSONValue?) -> Double? {
        if case .number(let number) = value { number } else { nil }
    }

    private static func integer(_ value: JSONValue?) -> Int? {
        guard let number = double(value), number.isFinite, number >= 0, number <= Double(Int32.max) else { return nil }
        return Int(number)
    }

    private static func format(_ number: Double) -> String {
        number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number)
    }

    private static func render(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool(let bool): String(bool)
        case .number(let number): format(number)
        case .string(let string): "\"\(string)\""
        case .array(let values): "[" + values.map(render).joined(separator: ", ") + "]"
        case .object: "{…}"
        }
    }
}
