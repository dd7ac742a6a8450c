import Foundation

/// JSON Schema rewritten into the OpenAPI subset Gemini's `parameters` and `responseSchema` accept.
///
/// Gemini answers 400 INVALID_ARGUMENT for any key it does not know, so the schema keeps only: `type`, `format`,
/// `title`, `description`, `nullable`, `enum`, `items`, `properties`, `required`, `anyOf`, `propertyOrdering`,
/// `minItems`, `maxItems`, `minProperties`, `maxProperties`, `minLength`, `maxLength`, `pattern`, `minimum`,
/// `maximum`. What else JSON Schema says is rewritten where Gemini has an equivalent and dropped where it has not:
/// - `$ref` to `#/$defs/…` or `#/definitions/…` is inlined (a recursive one, past 16 levels, becomes `{}`);
/// - `type: ["string", "null"]` becomes `type: "string", nullable: true`; several types become `anyOf`;
/// - `const` becomes a one-value `enum`; `oneOf` becomes `anyOf`; an `allOf` of one schema is merged in;
/// - `enum` is kept only when every value is a string (Gemini's enums are strings);
/// - `format` is kept only where Gemini knows it (`enum`, `date-time`, `int32`, `int64`, `float`, `double`);
/// - `required` keeps only names in `properties`; an empty `properties` is left out;
/// - dropped: `additionalProperties`, `$schema`, `$id`, `$defs`, `definitions`, `$comment`, `default`,
///   `examples`, `exclusiveMinimum`, `exclusiveMaximum`, `multipleOf`, `patternProperties`, `uniqueItems`,
///   `allOf` of several schemas, `not`, `if`/`then`/`else` and anything else not listed above.
enum GeminiSchema {
    private static let kept: Set<String> = [
        "type", "format", "title", "description", "nullable", "enum", "items", "properties", "required", "anyOf",
        "propertyOrdering", "minItems", "maxItems", "minProperties", "maxProperties", "minLength", "maxLength",
        "pattern", "minimum", "maximum",
    ]
    private static let knownFormats: Set<String> = ["enum", "date-time", "int32", "int64", "float", "double"]
    private static let maxRefDepth = 16

    /// The rewritten schema, or nil when `schema` is not a JSON object.
    static func rewrite(_ schema: JSONText) -> [String: Any]? {
        guard let root = schema.object as? [String: Any] else { return nil }
        let definitions = (root["$defs"] as? [String: Any] ?? [:])
            .merging(root["definitions"] as? [String: Any] ?? [:]) { first, _ in first }
        return rewrite(root, definitions: definitions, depth: 0)
    }

    /// True when a rewritten parameter schema declares no properties (`{}`, or an object without any): Gemini
    /// rejects an OBJECT schema with empty properties, so a tool without parameters is declared without them.
    static func isEmptyObject(_ schema: [String: Any]) -> Bool {
        let type = schema["type"] as? String
        return (type == nil || type == "object") && schema["properties"] == nil && schema["anyOf"] == nil
    }

    private static func rewrite(_ schema: [String: Any], definitions: [String: Any], depth: Int) -> [String: Any] {
        var schema = schema
        if let reference = schema["$ref"] as? String {
            schema.removeValue(forKey: "$ref")
            if depth < maxRefDepth, let target = resolve(reference, in: definitions) {
                // Siblings of $ref (a description) win over the target's.
                schema = target.merging(schema) { _, sibling in sibling }
            }
        }
        if let all = schema["allOf"] as? [[String: Any]], all.count == 1 {
            schema.removeValue(forKey: "allOf")
            schema = all[0].merging(schema) { _, own in own }
            if schema["$ref"] != nil { return rewrite(schema, definitions: definitions, depth: depth + 1) }
        }
        if schema["anyOf"] == nil, let one = schema["oneOf"] { schema["anyOf"] = one }
        if schema["enum"] == nil, let constant = schema["const"] as? String { schema["enum"] = [constant] }
        if let types = schema["type"] as? [String] {
            let real = types.filter { $0 != "null" }
            if real.count < types.count { schema["nullable"] = true }
            if real.count == 1 {
                schema["type"] = real[0]
            } else {
                schema.removeValue(forKey: "type")
                if !real.isEmpty, schema["anyOf"] == nil { schema["anyOf"] = real.map { ["type": $0] } }
            }
        }

        var out: [String: Any] = [:]
        for (key, value) in schema where kept.contains(key) {
            switch key {
            case "properties":
                guard let properties = value as? [String: Any] else { continue }
                var rewritten: [String: Any] = [:]
                for (name, property) in properties {
                    guard let property = property as? [String: Any] else { continue }
                    rewritten[name] = rewrite(property, definitions: definitions, depth: depth + 1)
                }
                if !rewritten.isEmpty { out[key] = rewritten }
            case "items":
                if let items = value as? [String: Any] { out[key] = rewrite(items, definitions: definitions, depth: depth + 1) }
            case "anyOf":
                let options = (value as? [Any] ?? []).compactMap { $0 as? [String: Any] }
                if !options.isEmpty { out[key] = options.map { rewrite($0, definitions: definitions, depth: depth + 1) } }
            case "enum":
                if let values = value as? [Any], !values.isEmpty, values.allSatisfy({ $0 is String }) { out[key] = values }
            case "format":
                if let format = value as? String, knownFormats.contains(format) { out[key] = format }
            default:
                out[key] = value
            }
        }
        if let required = out["required"] as? [String] {
            let names = (out["properties"] as? [String: Any]).map { Set($0.keys) } ?? []
            let known = required.filter(names.contains)
            if known.isEmpty { out.removeValue(forKey: "required") } else { out["required"] = known }
        }
        return out
    }

    private static func resolve(_ reference: String, in definitions: [String: Any]) -> [String: Any]? {
        for prefix in ["#/$defs/", "#/definitions/"] where reference.hasPrefix(prefix) {
            return definitions[String(reference.dropFirst(prefix.count))] as? [String: Any]
        }
        return nil
    }
}
