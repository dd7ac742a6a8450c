import Foundation
import SwitchboardCore
@testable import SwitchboardMCP
import XCTest

/// A streamable HTTP server (`url = "http://…/mcp"`), here the `mcp` package's own (Fixtures/http_mcp_server.py):
/// tools listed and called over HTTP, and a URL nobody answers is an error naming the server.
final class MCPHTTPServerTests: XCTestCase {
    private var process: Process?
    private var port = 0

    // Started on the main thread: a process spawned from a pool thread inherits its blocked signals.
    override func setUpWithError() throws {
        guard (try? runQuiet("python3", ["-c", "import mcp.server.mcpserver"])) == 0 else {
            if ProcessInfo.processInfo.environment["CI"] == "true" {
                XCTFail("the mcp package is not installed (.ci/run installs it)")
                return
            }
            throw XCTSkip("the mcp package is not installed: python3 -m pip install mcp==2.3.0")
        }
        port = Int.random(in: 20_000...45_000)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/http_mcp_server.py")
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        server.arguments = ["python3", script.path, String(port)]
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        process = server
        // Ready when the port accepts a connection.
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, !accepts(port) { Thread.sleep(forTimeInterval: 0.1) }
        guard accepts(port) else { throw XCTSkip("the HTTP test server did not start on port \(port)") }
    }

    override func tearDown() {
        process?.terminate()
        process?.waitUntilExit()
    }

    func testToolsAreListedAndCalledOverStreamableHTTP() async throws {
        guard process != nil else { return }
        let url = try XCTUnwrap(URL(string: "http://127.0.0.1:\(port)/mcp"))
        let servers = MCPToolServers([MCPServerSettings(name: "remote", transport: .http(url))], startTimeout: .seconds(20))
        let listing = await servers.tools()
        XCTAssertEqual(listing.problems, [])
        XCTAssertEqual(listing.tools.map(\.name), ["shout"])
        XCTAssertEqual(listing.tools.first?.server, "remote")
        let output = try await servers.call("shout", arguments: ["text": .string("quiet please")])
        XCTAssertEqual(output.content, [.text("QUIET PLEASE")])
        await servers.shutdown()
    }

    func testAURLNobodyAnswersIsAnErrorNamingTheServer() async throws {
        guard process != nil else { return }
        let url = try XCTUnwrap(URL(string: "http://127.0.0.1:1/mcp"))
        let servers = MCPToolServers([MCPServerSettings(name: "gone", transport: .http(url))], startTimeout: .seconds(10))
        let listing = await servers.tools()
        XCTAssertEqual(listing.tools.count, 0)
        let problem = try XCTUnwrap(listing.problems.first)
        XCTAssertTrue(problem.hasPrefix(#"server "gone": "#), problem)
        XCTAssertTrue(problem.contains("127.0.0.1:1"), problem)
    }

    private func accepts(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }

    private func runQuiet(_ command: String, _ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [command] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
