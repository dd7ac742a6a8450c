import Foundation
import SwitchboardCore

/// Reading a request body: the JSON parsed once into `JSONValue` (booleans kept apart from numbers), and typed
/// field readers that fail with a 400 naming the field.
enum WireJSON {
    static func parse(_ bytes: [UInt8]) throws(GatewayError) -> [String: JSONValue] {
        let value: JSONValue
        do { value = try JSONValue(parsing: bytes) } catch {
            throw .badRequest("the request body is not valid JSON", code: "invalid_json")
        }
        guard case .object(let object) = value else { throw .badRequest("the request body must be a JSON object", code: "invalid_json") }
        return object
    }

    static func string(_ value: JSONValue?, _ field: String) throws(GatewayError) -> String? {
        switch value {
        case nil, .null?: return nil
        case .string(let text)?: return text
        default: throw .badRequest("'\(field)' must be a string")
        }
    }

    static func bool(_ value: JSONValue?, _ field: String) throws(GatewayError) -> Bool? {
        switch value {
        case nil, .null?: return nil
        case .bool(let flag)?: return flag
        default: throw .badRequest("'\(field)' must be true or false")
        }
    }

    static func double(_ value: JSONValue?, _ field: String) throws(GatewayError) -> Double? {
        switch value {
        case nil, .null?: return nil
        case .number(let number)?: return number
        default: throw .badRequest("'\(field)' must be a number")
        }
    }

    static func int(_ value: JSONValue?, _ field: String) throws(GatewayError) -> Int? {
        guard let number = try double(value, field) else { return nil }
        guard number.rounded() == number, abs(number) < 1e15 else { throw .badRequest("'\(field)' must be an integer") }
        return Int(number)
    }

    /// A positive integer, as token limits are.
    static func positiveInt(_ value: JSONValue?, _ field: String) throws(GatewayError) -> Int? {
        guard let number = try int(value, field) else { return nil }
        guard number > 0 else { throw .badRequest("'\(field)' must be at least 1") }
        return number
    }

    static func array(_ value: JSONValue?, _ field: String) throws(GatewayError) -> [JSONValue]? {
        switch value {
        case nil, .null?: return nil
        case .array(let items)?: return items
        default: throw .badRequest("'\(field)' must be an array")
        }
    }

    static func object(_ value: JSONValue?, _ field: String) throws(GatewayError) -> [String: JSONValue]? {
        switch value {
        case nil, .null?: return nil
        case .object(let object)?: return object
        default: throw .badRequest("'\(field)' must be an object")
        }
    }

    static func strings(_ value: JSONValue?, _ field: String) throws(GatewayError) -> [String]? {
        guard let items = try array(value, field) else { return nil }
        var out: [String] = []
        for item in items {
            guard case .string(let text) = item else { throw .badRequest("'\(field)' must be an array of strings") }
            out.append(text)
        }
        return out
    }

    /// A decimal from a JSON number or numeric string, exactly as written where it was a string.
    static func decimal(_ value: JSONValue?, _ field: String) throws(GatewayError) -> Decimal? {
        switch value {
        case nil, .null?: return nil
        case .string(let text)?:
            guard let number = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else {
                throw .badRequest("'\(field)' must be a number")
            }
            return number
        case .number(let number)?: return Decimal(string: String(number), locale: Locale(identifier: "en_US_POSIX"))
        default: throw .badRequest("'\(field)' must be a number")
        }
    }

    /// A JSON value back as JSON text (a tool's schema), keys sorted.
    static func text(_ value: JSONValue) throws(GatewayError) -> JSONText {
        do {
            let bytes = try requestJSON(value).bytes()
            return try JSONText(String(decoding: bytes, as: UTF8.self))
        } catch {
            throw .badRequest("a JSON value could not be re-encoded: \(error)")
        }
    }

    static func requestJSON(_ value: JSONValue) -> RequestJSON {
        switch value {
        case .null: .null
        case .bool(let flag): .bool(flag)
        case .number(let number):
            number.rounded() == number && abs(number) < 9e15 ? .int(Int(number)) : .double(number)
        case .string(let text): .string(text)
        case .array(let items): .array(items.map(requestJSON))
        case .object(let object): .object(object.map { (key: $0.key, value: requestJSON($0.value)) })
        }
    }
}
