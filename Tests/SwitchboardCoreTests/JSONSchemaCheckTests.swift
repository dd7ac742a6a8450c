import XCTest
@testable import SwitchboardCore

/// The JSON Schema keywords `ask --schema` checks a reply against, each shown to pass and to fail.
final class JSONSchemaCheckTests: XCTestCase {
    private func problems(_ value: String, _ schema: String) throws -> [String] {
        JSONSchemaCheck.violations(of: try JSONValue(parsing: value), against: try JSONValue(parsing: schema)).map(\.description)
    }

    func testTypesIncludingIntegerAndLists() throws {
        XCTAssertEqual(try problems("3", #"{"type": "integer"}"#), [])
        XCTAssertEqual(try problems("3.0", #"{"type": "integer"}"#), [], "a number with no fraction is an integer")
        XCTAssertEqual(try problems("3.5", #"{"type": "integer"}"#), ["$: expected integer, got number"])
        XCTAssertEqual(try problems("3", #"{"type": "number"}"#), [])
        XCTAssertEqual(try problems("true", #"{"type": "number"}"#), ["$: expected number, got boolean"])
        XCTAssertEqual(try problems("1", #"{"type": "boolean"}"#), ["$: expected boolean, got integer"])
        XCTAssertEqual(try problems("null", #"{"type": ["string", "null"]}"#), [])
        XCTAssertEqual(try problems("[]", #"{"type": ["string", "null"]}"#), ["$: expected string or null, got array"])
    }

    func testObjectsRequiredPropertiesAndAdditionalProperties() throws {
        let schema = #"""
            {"type": "object", "properties": {"name": {"type": "string"}, "tags": {"type": "array", "items": {"type": "string"}}},
             "required": ["name", "age"], "additionalProperties": false}
            """#
        XCTAssertEqual(try problems(#"{"name": "Ada", "age": 1}"#, #"{"required": ["name"]}"#), [])
        XCTAssertEqual(try problems(#"{"name": 5, "tags": ["a", 2], "x": 1}"#, schema), [
            #"$: missing required property "age""#,
            "$.name: expected string, got integer",
            "$.tags[1]: expected string, got integer",
            #"$: property "x" is not allowed"#,
        ])
        XCTAssertEqual(try problems(#"{"a": 1, "b": "x"}"#, #"{"additionalProperties": {"type": "integer"}}"#),
                       ["$.b: expected integer, got string"])
    }

    func testEnumAndConst() throws {
        XCTAssertEqual(try problems(#""red""#, #"{"enum": ["red", "green"]}"#), [])
        XCTAssertEqual(try problems(#""blue""#, #"{"enum": ["red", "green"]}"#), [#"$: not one of the allowed values ["red", "green"]"#])
        XCTAssertEqual(try problems("1.0", #"{"const": 1}"#), [], "numbers compare by value")
        XCTAssertEqual(try problems(#"{"b": 2, "a": 1}"#, #"{"const": {"a": 1, "b": 2}}"#), [], "key order does not matter")
        XCTAssertEqual(try problems("2", #"{"const": 1}"#), ["$: must be 1"])
    }

    func testNumberStringAndArrayBounds() throws {
        let number = #"{"minimum": 0, "maximum": 10, "exclusiveMaximum": 10}"#
        XCTAssertEqual(try problems("0", number), [])
        XCTAssertEqual(try problems("-1", number), ["$: less than the minimum 0"])
        XCTAssertEqual(try problems("10", number), ["$: not less than 10"])
        XCTAssertEqual(try problems("11", number), ["$: greater than the maximum 10", "$: not less than 10"])
        XCTAssertEqual(try problems("0", #"{"exclusiveMinimum": 0}"#), ["$: not greater than 0"])
        XCTAssertEqual(try problems(#""数据""#, #"{"minLength": 2, "maxLength": 2}"#), [], "length in characters")
        XCTAssertEqual(try problems(#""a""#, #"{"minLength": 2}"#), ["$: shorter than 2 characters"])
        XCTAssertEqual(try problems(#""abc""#, #"{"maxLength": 2}"#), ["$: longer than 2 characters"])
        XCTAssertEqual(try problems("[1]", #"{"minItems": 2}"#), ["$: fewer than 2 items"])
        XCTAssertEqual(try problems("[1, 2, 3]", #"{"maxItems": 2}"#), ["$: more than 2 items"])
    }

    func testCombinationsAndBooleanSchemas() throws {
        XCTAssertEqual(try problems("1", #"{"anyOf": [{"type": "string"}, {"type": "integer"}]}"#), [])
        XCTAssertEqual(try problems("true", #"{"anyOf": [{"type": "string"}, {"type": "integer"}]}"#),
                       ["$: matches none of the anyOf schemas"])
        XCTAssertEqual(try problems("1", #"{"oneOf": [{"type": "number"}, {"type": "integer"}]}"#),
                       ["$: matches 2 of the oneOf schemas, not exactly one"])
        XCTAssertEqual(try problems("-1", #"{"allOf": [{"type": "integer"}, {"minimum": 0}]}"#), ["$: less than the minimum 0"])
        XCTAssertEqual(try problems(#"{"a": 1}"#, #"{"properties": {"a": false}}"#), ["$.a: no value is allowed here"])
        XCTAssertEqual(try problems("1", "true"), [])
    }

    func testUncheckedKeywordsNeverRefuseAReply() throws {
        XCTAssertEqual(try problems(#""x""#, ##"{"type": "string", "pattern": "^[0-9]+$", "format": "email", "$ref": "#/x"}"##), [])
    }
}
