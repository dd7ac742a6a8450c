import SwitchboardCore
import XCTest
@testable import SwitchboardConfig

/// Role files read like config.toml: every field checked, errors with file, line and key.
final class RoleFileTests: XCTestCase {
    func testEveryFieldIsRead() throws {
        let role = try RoleFile.parse("""
            description = "Terse SQL help"
            system = "You write SQL."
            model = "fast"
            temperature = 0.3
            reasoning = "high"
            """, name: "sql", file: "/r/sql.toml")
        XCTAssertEqual(role, RoleDefinition(name: "sql", description: "Terse SQL help", systemPrompt: "You write SQL.",
                                            model: "fast", temperature: 0.3, reasoning: .effort(.high),
                                            source: .file("/r/sql.toml")))
    }

    func testAWholeNumberTemperatureAndReasoningOffAreAccepted() throws {
        let role = try RoleFile.parse("temperature = 1\nreasoning = \"off\"\n", name: "warm", file: "w.toml")
        XCTAssertEqual(role.temperature, 1)
        XCTAssertEqual(role.reasoning, .off)
        XCTAssertNil(role.systemPrompt)
    }

    func testAnUnknownKeyIsRefusedWithTheClosestKnownOneAndItsLine() {
        XCTAssertThrowsError(try RoleFile.parse("system = \"x\"\ntemprature = 0.2\n", name: "r", file: "r.toml")) { error in
            XCTAssertEqual("\(error)", "r.toml:2: unknown key 'temprature' (did you mean 'temperature'?)")
        }
    }

    func testValuesAreCheckedWithFileLineAndKey() {
        let cases: [(String, String)] = [
            ("system = \"x\"\ntemperature = 2.5\n", "r.toml:2: temperature: must be a number from 0 to 2, e.g. 0.2"),
            ("system = \"x\"\n\nreasoning = \"max\"\n", "r.toml:3: reasoning: must be one of off, low, medium, high"),
            ("system = 3\n", "r.toml:1: system: must be a string"),
            ("system = \"  \"\n", "r.toml:1: system: must not be empty"),
            ("model = \"openai/\"\n", "r.toml:1: model: \(ModelRefError.emptyModel("openai/"))"),
            ("description = \"only words\"\n",
             "r.toml: system: a role sets at least one of system, model, temperature, reasoning"),
        ]
        for (text, expected) in cases {
            XCTAssertThrowsError(try RoleFile.parse(text, name: "r", file: "r.toml"), text) { error in
                XCTAssertEqual("\(error)", expected)
            }
        }
    }

    func testASyntaxErrorNamesTheFileAndLine() {
        XCTAssertThrowsError(try RoleFile.parse("system = \"x\"\nmodel = \n", name: "r", file: "r.toml")) { error in
            guard case .syntax(let file, let line, _, _) = error as? ConfigurationError else { return XCTFail("\(error)") }
            XCTAssertEqual(file, "r.toml")
            XCTAssertEqual(line, 2)
        }
    }

    func testAFileWhoseNameCannotBeTypedIsRefused() throws {
        let directory = try TemporaryRoles()
        let url = try directory.write("my role", "system = \"x\"\n")
        XCTAssertThrowsError(try RoleFile.load(url)) { error in
            XCTAssertTrue("\(error)".contains("'my role' cannot be a role name"), "\(error)")
        }
    }
}

/// A roles directory of one's own for a test.
struct TemporaryRoles {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("roles-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> URL {
        let file = url.appendingPathComponent(name + ".toml")
        try Data(text.utf8).write(to: file)
        return file
    }
}
