import XCTest
import SwitchboardCore
@testable import SwitchboardConfig

/// `[mcp.NAME]` tool servers and `[tools]` limits: read as written, refused with the key when wrong.
final class MCPConfigTests: XCTestCase {
    func testAStdioServerIsRead() throws {
        let text = """
            [mcp.time]
            command = "uvx"
            args = ["mcp-server-time", "--local-timezone", "UTC"]
            env = { TZ = "UTC" }
            """
        let server = try XCTUnwrap(try ConfigLoader.parse(text, file: "c.toml").mcpServers["time"])
        XCTAssertEqual(server.transport, .stdio(command: "uvx", arguments: ["mcp-server-time", "--local-timezone", "UTC"],
                                                environment: ["TZ": "UTC"]))
        XCTAssertTrue(server.enabled)
    }

    func testAnHTTPServerIsReadAndCanBeDisabled() throws {
        let text = "[mcp.remote]\nurl = \"https://example.com/mcp\"\nenabled = false\n"
        let server = try XCTUnwrap(try ConfigLoader.parse(text, file: "c.toml").mcpServers["remote"])
        XCTAssertEqual(server.transport, .http(try XCTUnwrap(URL(string: "https://example.com/mcp"))))
        XCTAssertFalse(server.enabled)
    }

    func testToolLimitsHaveDefaultsAndAreRead() throws {
        let none = try ConfigLoader.parse("", file: "c.toml").tools
        XCTAssertEqual(none, ToolSettings(maxSteps: 8, maxTurnUSD: nil))
        let set = try ConfigLoader.parse("[tools]\nmax_steps = 3\nmax_turn_usd = 0.25\n", file: "c.toml").tools
        XCTAssertEqual(set, ToolSettings(maxSteps: 3, maxTurnUSD: Decimal(string: "0.25")))
    }

    func testWrongServersAreRefusedNamingTheKey() {
        let cases: [(String, String, String)] = [
            ("[mcp.a]\nargs = [\"x\"]\n", "mcp.a", "needs command"),
            ("[mcp.a]\ncommand = \"x\"\nurl = \"http://h\"\n", "mcp.a", "not both"),
            ("[mcp.a]\nurl = \"ftp://h\"\n", "mcp.a.url", "http://"),
            ("[mcp.a]\ncommand = \"x\"\nargs = [1]\n", "mcp.a.args", "array of strings"),
            ("[mcp.a]\ncommand = \"x\"\nenv = { A = 1 }\n", "mcp.a.env.A", "must be a string"),
            ("[mcp.a]\ncommand = \"x\"\ncwd = \"/\"\n", "mcp.a.cwd", "unknown key"),
            ("[tools]\nmax_turn_usd = 0\n", "tools.max_turn_usd", "positive"),
            ("[tools]\nmax_steps = 0\n", "tools.max_steps", "above 0"),
        ]
        for (text, key, words) in cases {
            XCTAssertThrowsError(try ConfigLoader.parse(text, file: "c.toml"), text) { error in
                let description = "\(error)"
                XCTAssertTrue(description.contains(key), "\(text): \(description)")
                XCTAssertTrue(description.contains(words), "\(text): \(description)")
            }
        }
    }
}
