import Foundation
import XCTest
@testable import switchboard
import SwitchboardCore

/// `--tools` files: OpenAI's wrapped form and the bare form read the same; each malformed entry is named.
final class AskToolsTests: XCTestCase {
    private func parse(_ json: String) throws -> [ToolDefinition] {
        try AskTools.parse(Data(json.utf8), source: "tools.json")
    }

    private func failure(_ json: String) -> String {
        do {
            _ = try parse(json)
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    func testBothFormsGiveTheSameDefinition() throws {
        let wrapped = try parse(#"[{"type": "function", "function": {"name": "f", "description": "d", "parameters": {"type": "object"}}}]"#)
        let bare = try parse(#"[{"name": "f", "description": "d", "parameters": {"type": "object"}}]"#)
        XCTAssertEqual(wrapped, bare)
        XCTAssertEqual(wrapped.first?.parameters.text, #"{"type":"object"}"#)
        XCTAssertEqual(try parse("[]"), [])
    }

    func testEachMalformedEntryIsNamed() {
        XCTAssertEqual(failure("{"), "--tools tools.json: not valid JSON")
        XCTAssertEqual(failure(#"{"name": "f"}"#), "--tools tools.json: expected a JSON array of tool definitions")
        XCTAssertEqual(failure(#"[{"name": "f"}, 3]"#), "--tools tools.json: entry 2: expected an object")
        XCTAssertEqual(failure(#"[{"type": "retrieval"}]"#), #"--tools tools.json: entry 1: "type" must be "function""#)
        XCTAssertEqual(failure(#"[{"type": "function", "name": "f"}]"#),
                       #"--tools tools.json: entry 1: "function" must be an object with the tool's name, description and parameters"#)
        XCTAssertEqual(failure(#"[{"description": "d"}]"#), #"--tools tools.json: entry 1: missing "name" (a string)"#)
        XCTAssertEqual(failure(#"[{"name": "get weather"}]"#),
                       #"--tools tools.json: entry 1 ("get weather"): the name must be 1-64 letters, digits, _ or -"#)
        XCTAssertEqual(failure(#"[{"name": "f", "description": 1}]"#), #"--tools tools.json: entry 1 ("f"): "description" must be a string"#)
        XCTAssertEqual(failure(#"[{"name": "f", "parameters": []}]"#),
                       #"--tools tools.json: entry 1 ("f"): "parameters" must be a JSON Schema object"#)
        XCTAssertEqual(failure(#"[{"name": "f"}, {"name": "f"}]"#), #"--tools tools.json: entry 2 ("f"): the name is used twice"#)
    }

    func testTheSchemaNameComesFromTheFileName() {
        XCTAssertEqual(AskSchema.name(fromFile: "/tmp/person.schema.json"), "person_schema")
        XCTAssertEqual(AskSchema.name(fromFile: "reply-v2.json"), "reply-v2")
        XCTAssertEqual(AskSchema.name(fromFile: "données.json"), "donn_es")
        XCTAssertEqual(AskSchema.name(fromFile: "数据.json"), "answer")
    }
}
