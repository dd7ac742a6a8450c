import Foundation

/// A JSON document kept as its text: a tool's parameter schema, a response schema. Validated once when made,
/// then sent as written, so a schema reaches the provider byte for byte as the caller gave it.
/// `object` parses it for the adapters that must rewrite a schema (Gemini's OpenAPI subset).
public struct JSONText: Sendable, Hashable, Codable, CustomStringConvertible {
    public let text: String

    public struct Invalid: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Throws `Invalid` unless `text` is one JSON value.
    public init(_ text: String) throws {
        do {
            _ = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
        } catch {
            throw Invalid(description: "not valid JSON: \(error.localizedDescription)")
        }
        self.text = text
    }

    /// Serialises a `JSONSerialization` value (sorted keys, so the text is deterministic).
    public init(object: Any) throws {
        guard JSONSerialization.isValidJSONObject(object) || object is String || object is NSNumber || object is NSNull else {
            throw Invalid(description: "not a JSON value")
        }
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .fragmentsAllowed, .withoutEscapingSlashes])
        self.text = String(decoding: data, as: UTF8.self)
    }

    /// The parsed value (`[String: Any]`, `[Any]`, `String`, `NSNumber`, `NSNull`). Valid by construction;
    /// a decoded `JSONText` whose text was edited by hand yields nil.
    public var object: Any? {
        try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
    }

    public var description: String { text }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            try self.init(text)
        } catch let error as Invalid {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}
