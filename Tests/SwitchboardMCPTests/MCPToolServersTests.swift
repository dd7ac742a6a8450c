import Foundation
import SwitchboardCore
@testable import SwitchboardMCP
import XCTest

/// The MCP client against a small stdio test server (Fixtures/test_mcp_server.py, standard library only) and the
/// real `mcp-server-time` from PyPI: lazy start, tools with schemas, calls, errors that name the server, a crash
/// mid-call, and stopping.
final class MCPToolServersTests: XCTestCase {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/test_mcp_server.py").path

    private func testServer(_ name: String = "test", env: [String: String] = [:]) -> MCPServerSettings {
        MCPServerSettings(name: name, transport: .stdio(command: "python3", arguments: [Self.script], environment: env))
    }

    private func alive(_ pid: Int32) -> Bool {
        // A zombie counts as gone: the watcher thread reaps it.
        kill(pid, 0) == 0
    }

    func testServersStartOnFirstUseListToolsWithSchemasAndStopOnShutdown() async throws {
        let servers = MCPToolServers([testServer(env: ["TEST_MCP_GREETING": "hi "])])
        let before = await servers.processIDs()
        XCTAssertEqual(before, [:], "nothing starts before the tools are wanted")
        let listing = await servers.tools()
        XCTAssertEqual(listing.problems, [])
        XCTAssertEqual(listing.tools.map(\.name), ["echo", "add", "fail", "crash", "slow"])
        XCTAssertEqual(Set(listing.tools.map(\.server)), ["test"])
        let add = try XCTUnwrap(listing.tools.first { $0.name == "add" })
        XCTAssertTrue(add.definition.parameters.text.contains(#""required":["a","b"]"#), add.definition.parameters.text)
        XCTAssertEqual(add.definition.description, "Adds two integers.")

        let echoed = try await servers.call("echo", arguments: ["text": .string("there")])
        XCTAssertEqual(echoed, ToolOutput(text: "hi there"), "env reaches the server")
        let sum = try await servers.call("add", arguments: ["a": .number(2), "b": .number(3)])
        XCTAssertEqual(sum, ToolOutput(text: "5"), "whole numbers go as integers")

        let ids = await servers.processIDs()
        let pid = try XCTUnwrap(ids["test"])
        XCTAssertTrue(alive(pid))
        await servers.shutdown()
        XCTAssertFalse(alive(pid), "stopped on shutdown")
    }

    func testAToolThatReportsAnErrorGivesAnErrorOutput() async throws {
        let servers = MCPToolServers([testServer()])
        defer { Task { await servers.shutdown() } }
        _ = await servers.tools()
        let output = try await servers.call("fail", arguments: [:])
        XCTAssertTrue(output.isError)
        XCTAssertEqual(output.content, [.text("this tool always fails")])
    }

    func testAServerThatFailsToStartIsNamedAndTheOthersStillServe() async throws {
        let servers = MCPToolServers([testServer("broken", env: ["TEST_MCP_FAIL_START": "1"]), testServer("good"),
                                      MCPServerSettings(name: "missing", transport: .stdio(command: "no-such-mcp-server-here",
                                                                                           arguments: [], environment: [:]))])
        defer { Task { await servers.shutdown() } }
        let listing = await servers.tools()
        XCTAssertEqual(Set(listing.tools.map(\.server)), ["good"])
        XCTAssertEqual(listing.problems.count, 2, "\(listing.problems)")
        let broken = try XCTUnwrap(listing.problems.first { $0.contains(#"server "broken""#) })
        XCTAssertTrue(broken.contains("exited with status 2") && broken.contains("refusing to start"), broken)
        let missing = try XCTUnwrap(listing.problems.first { $0.contains(#"server "missing""#) })
        XCTAssertTrue(missing.contains("could not start no-such-mcp-server-here"), missing)
        let echoed = try await servers.call("echo", arguments: ["text": .string("still here")])
        XCTAssertEqual(echoed, ToolOutput(text: "still here"))
    }

    func testACrashMidCallIsAnErrorNamingTheServerAndTheNextUseStartsItAgain() async throws {
        let servers = MCPToolServers([testServer("flaky")])
        defer { Task { await servers.shutdown() } }
        _ = await servers.tools()
        let firstIDs = await servers.processIDs()
        let first = try XCTUnwrap(firstIDs["flaky"])
        do {
            _ = try await servers.call("crash", arguments: [:])
            XCTFail("a crash is an error")
        } catch let error as ToolCallError {
            XCTAssertEqual(error.server, "flaky")
            let text = "\(error)"
            XCTAssertTrue(text.contains("exited with status 3 during the call"), text)
            XCTAssertTrue(text.contains("crashing on purpose"), text)
        }
        let echoed = try await servers.call("echo", arguments: ["text": .string("back")])
        XCTAssertEqual(echoed, ToolOutput(text: "back"))
        let secondIDs = await servers.processIDs()
        let second = try XCTUnwrap(secondIDs["flaky"])
        XCTAssertNotEqual(first, second, "a new process")
    }

    func testCancellingACallEndsTheWaitAtOnce() async throws {
        let servers = MCPToolServers([testServer()])
        defer { Task { await servers.shutdown() } }
        _ = await servers.tools()
        let started = ContinuousClock.now
        let call = Task { try await servers.call("slow", arguments: ["seconds": .number(30)]) }
        try await Task.sleep(for: .milliseconds(200))
        call.cancel()
        do {
            _ = try await call.value
            XCTFail("cancelled")
        } catch {
            XCTAssertTrue(error is CancellationError, "\(error)")
        }
        XCTAssertLessThan(ContinuousClock.now - started, .seconds(10))
    }

    func testADisabledServerIsNeverStarted() async {
        var settings = testServer("off")
        settings.enabled = false
        let servers = MCPToolServers([settings])
        let listing = await servers.tools()
        XCTAssertEqual(listing.tools.count, 0)
        let names = await servers.serverNames
        XCTAssertEqual(names, [])
    }

    /// The real server from PyPI (`mcp-server-time`, pinned in .ci/run). Under CI a missing server fails.
    func testTheRealTimeServerFromPyPIAnswers() async throws {
        let path = ProcessInfo.processInfo.environment["PATH"]
        guard ServerProcess.find("mcp-server-time", path: path) != nil else {
            if ProcessInfo.processInfo.environment["CI"] == "true" { return XCTFail("mcp-server-time is not installed (.ci/run installs it)") }
            throw XCTSkip("mcp-server-time is not installed: python3 -m pip install mcp-server-time==2026.10.19")
        }
        let servers = MCPToolServers([MCPServerSettings(name: "time", transport: .stdio(
            command: "mcp-server-time", arguments: ["--local-timezone", "UTC"], environment: [:]))])
        defer { Task { await servers.shutdown() } }
        let listing = await servers.tools()
        XCTAssertEqual(listing.problems, [])
        XCTAssertTrue(listing.tools.map(\.name).contains("get_current_time"), "\(listing.tools.map(\.name))")
        let output = try await servers.call("get_current_time", arguments: ["timezone": .string("UTC")])
        XCTAssertFalse(output.isError, "\(output)")
        guard case .text(let text)? = output.content.first else { return XCTFail("\(output)") }
        XCTAssertTrue(text.contains(#""timezone": "UTC""#) || text.contains(#""timezone":"UTC""#), text)
        let year = Calendar(identifier: .gregorian).component(.year, from: Date())
        XCTAssertTrue(text.contains("\(year)-"), text)
    }
}
