import Foundation
import SwitchboardCore
import SwitchboardTestSupport
import XCTest

/// `ask --role`, `switchboard roles` and `key_cmd`: the real binary against the loopback OpenAI fixture, checked by
/// the requests it recorded and the session it stored.
final class AskRoleTests: XCTestCase {
    private var fixture: ProviderFixture!
    private var cli: CLIRunner!

    override func setUp() async throws {
        fixture = try await ProviderFixture.start()
        cli = try CLIRunner(extraEnvironment: ["OPENAI_BASE_URL": fixture.openAIBaseURL.absoluteString])
        try writeRole("sqlhelp", """
            description = "SQL only"
            system = "You answer in SQL."
            model = "openai/gpt-4o-mini"
            temperature = 0.1
            reasoning = "low"
            """)
    }

    override func tearDown() async throws {
        cli?.cleanUp()
        try await fixture?.shutdown()
    }

    private var configDirectory: URL { cli.home.appendingPathComponent("config/switchboard") }

    private func writeRole(_ name: String, _ text: String) throws {
        let roles = configDirectory.appendingPathComponent("roles")
        try FileManager.default.createDirectory(at: roles, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: roles.appendingPathComponent(name + ".toml"))
    }

    private func writeConfig(_ text: String) throws {
        try FileManager.default.createDirectory(at: configDirectory, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: configDirectory.appendingPathComponent("config.toml"))
    }

    private func lastBody() throws -> [String: Any] {
        try XCTUnwrap(fixture.recordedRequests().last?.jsonBody(), "no request reached the fixture")
    }

    private func withKey() { cli.environment["OPENAI_API_KEY"] = "sk-fixture-0001" }

    func testARoleSendsItsPromptModelTemperatureAndReasoningAndIsStored() throws {
        withKey()
        let result = try cli.run(["ask", "--role", "sqlhelp", "count the users"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let body = try lastBody()
        XCTAssertEqual(body["model"] as? String, "gpt-4o-mini")
        XCTAssertEqual(body["temperature"] as? Double, 0.1)
        XCTAssertEqual(body["reasoning_effort"] as? String, "low")
        let messages = try XCTUnwrap(body["messages"] as? [[String: Any]])
        XCTAssertEqual(messages.first?["role"] as? String, "system")
        XCTAssertEqual(messages.first?["content"] as? String, "You answer in SQL.")

        let shown = try cli.run(["history", "show", "last", "--json"])
        XCTAssertEqual(shown.status, 0, shown.stderr)
        let session = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(session["role"] as? String, "sqlhelp", shown.stdout)
        XCTAssertEqual(session["system_prompt"] as? String, "You answer in SQL.")
        let text = try cli.run(["history", "show", "last"])
        XCTAssertTrue(text.stdout.contains("role sqlhelp"), text.stdout)

        // The next turn of the session sends the role's prompt again.
        let next = try cli.run(["ask", "--session", "last", "and the admins?"])
        XCTAssertEqual(next.status, 0, next.stderr)
        let again = try XCTUnwrap(try lastBody()["messages"] as? [[String: Any]])
        XCTAssertEqual(again.first?["content"] as? String, "You answer in SQL.")
        XCTAssertEqual(again.count, 4, "system, first prompt, its answer, the new prompt")
    }

    func testOptionsGivenExplicitlyWinOverTheRole() throws {
        withKey()
        let result = try cli.run(["ask", "--no-store", "--role", "sqlhelp", "-m", "openai/gpt-4o", "--temperature", "0.9",
                                  "--reasoning", "high", "--system", "mine", "hi"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let body = try lastBody()
        XCTAssertEqual(body["model"] as? String, "gpt-4o")
        XCTAssertEqual(body["temperature"] as? Double, 0.9)
        XCTAssertEqual(body["reasoning_effort"] as? String, "high")
        XCTAssertEqual((body["messages"] as? [[String: Any]])?.first?["content"] as? String, "mine")
    }

    func testAnUnknownRoleExitsTwoWithCloseMatchesAndSendsNothing() throws {
        withKey()
        let result = try cli.run(["ask", "--role", "sqlhlep", "hi"])
        XCTAssertEqual(result.status, 2)
        XCTAssertEqual(result.stderr, "switchboard: unknown role 'sqlhlep'. Did you mean: sqlhelp? `switchboard roles` lists every role.\n")
        XCTAssertTrue(fixture.recordedRequests().isEmpty)
        let list = try cli.run(["history", "list"])
        XCTAssertFalse(list.stdout.contains("hi"), "nothing was stored: \(list.stdout)")
    }

    func testABrokenRoleFileIsNamedWithItsLineAndKey() throws {
        try writeRole("broken", "system = \"x\"\ntemperatur = 1\n")
        let result = try cli.run(["ask", "--no-store", "--role", "broken", "hi"])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.hasSuffix("roles/broken.toml:2: unknown key 'temperatur' (did you mean 'temperature'?)\n"),
                      result.stderr)

        let roles = try cli.run(["roles"])
        XCTAssertEqual(roles.status, 2, "a broken file is reported")
        XCTAssertTrue(roles.stdout.contains("sqlhelp"), roles.stdout)
        XCTAssertTrue(roles.stderr.contains("broken.toml:2"), roles.stderr)
    }

    func testRolesListsBundledAndFileRolesWithTheirSource() throws {
        let result = try cli.run(["roles"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines.first?.hasPrefix("ROLE") ?? false, result.stdout)
        XCTAssertTrue(lines.contains { $0.hasPrefix("coder ") && $0.contains("bundled") }, result.stdout)
        XCTAssertTrue(lines.contains { $0.hasPrefix("sqlhelp ") && $0.contains("roles/sqlhelp.toml") && $0.contains("openai/gpt-4o-mini") },
                      result.stdout)
    }

    func testKeyCmdGivesTheKeyWhenNoVariableIsSet() throws {
        try writeConfig("""
            [providers.openai]
            key_cmd = "echo sk-from-key-cmd-000000001"
            """)
        let result = try cli.run(["ask", "--no-store", "-m", "openai/gpt-4o-mini", "hi"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(fixture.recordedRequests().last?.headers["Authorization"], "Bearer sk-from-key-cmd-000000001")
    }

    func testAFailingKeyCmdNamesTheProviderAndWhatItPrinted() throws {
        try writeConfig("""
            [providers.openai]
            key_cmd = "echo 'Error: openai is not in the password store.' >&2; exit 1"
            """)
        let result = try cli.run(["ask", "--no-store", "-m", "openai/gpt-4o-mini", "hi"])
        XCTAssertEqual(result.status, 3, result.stderr)
        XCTAssertTrue(result.stderr.contains("the key_cmd of [providers.openai] exited with status 1; it printed on stderr: "
                                             + "Error: openai is not in the password store."), result.stderr)
        XCTAssertTrue(fixture.recordedRequests().isEmpty)
    }

    func testKeyCmdDoesNotRunForCommandsThatSendNothing() throws {
        let marker = cli.home.appendingPathComponent("ran")
        try writeConfig("""
            [providers.openai]
            key_cmd = "touch '\(marker.path)'; echo sk-unused-000000000001"
            """)
        XCTAssertEqual(try cli.run(["history", "list"]).status, 0)
        XCTAssertEqual(try cli.run(["models", "--search", "gpt-4o-mini"]).status, 0)
        XCTAssertEqual(try cli.run(["route", "-m", "openai/gpt-4o-mini", "hi"]).status, 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: marker.path), "the command runs only when a request is sent")
    }
}
