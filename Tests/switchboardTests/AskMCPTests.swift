import Foundation
import SwitchboardCore
import SwitchboardTestSupport
import XCTest

/// `ask --mcp NAME --allow-tools TOOL`: the real binary runs the tool loop against the loopback provider fixture
/// (which calls the time tool, then answers once the tool's result is in the request) and the real
/// `mcp-server-time` from PyPI, on each of the three protocols.
final class AskMCPTests: XCTestCase {
    private var fixture: ProviderFixture!
    private var cli: CLIRunner!

    override func setUp() async throws {
        fixture = try await ProviderFixture.start()
        cli = try CLIRunner(extraEnvironment: [
            "OPENAI_API_KEY": "sk-fixture-0001", "OPENAI_BASE_URL": fixture.openAIBaseURL.absoluteString,
            "ANTHROPIC_API_KEY": "sk-ant-fixture-0001", "ANTHROPIC_BASE_URL": fixture.anthropicBaseURL.absoluteString,
            "GEMINI_API_KEY": "AIzaFixtureKey0000000000001", "GEMINI_BASE_URL": fixture.geminiBaseURL.absoluteString,
        ])
        try cli.writeConfig("""
            [mcp.time]
            command = "mcp-server-time"
            args = ["--local-timezone", "UTC"]

            [mcp.other]
            command = "no-such-mcp-server-here"
            enabled = false
            """)
        var call = FixtureAnswer(chunks: [""], finish: .toolCalls)
        call.toolCalls = [FixtureToolCall(id: "call_t1", name: "get_current_time", argumentChunks: [#"{"timezone""#, #": "UTC"}"#])]
        let answer = FixtureAnswer(text: "It is noon in UTC.")
        fixture.update {
            $0.answer = call
            $0.answerAfterToolResult = answer
        }
    }

    override func tearDown() async throws {
        cli?.cleanUp()
        try await fixture?.shutdown()
    }

    private func requireTimeServer() throws {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let found = path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/mcp-server-time") }
        guard !found else { return }
        if ProcessInfo.processInfo.environment["CI"] == "true" { XCTFail("mcp-server-time is not installed (.ci/run installs it)") }
        throw XCTSkip("mcp-server-time is not installed: python3 -m pip install mcp-server-time==2026.10.19")
    }

    func testAnAllowedToolRunsAndTheModelAnswersOnEachProtocol() throws {
        try requireTimeServer()
        for model in ["openai/gpt-4o-mini", "anthropic/claude-haiku-4-5", "google/gemini-2.5-flash"] {
            let before = fixture.recordedRequests().count
            let result = try cli.run(["ask", "--no-store", "-m", model, "--mcp", "time", "--allow-tools", "get_current_time",
                                      "What time is it?"])
            XCTAssertEqual(result.status, 0, "\(model): \(result.stderr)")
            XCTAssertEqual(result.stdout, "It is noon in UTC.\n", model)
            XCTAssertTrue(result.stderr.contains("step 1: get_current_time (time) ran in"), "\(model): \(result.stderr)")
            let requests = fixture.recordedRequests().dropFirst(before)
            XCTAssertEqual(requests.count, 2, model)
            let first = try XCTUnwrap(requests.first?.bodyText)
            XCTAssertTrue(first.contains("get_current_time") && first.contains("convert_time"), "the server's tools are offered: \(model)")
            let second = try XCTUnwrap(requests.last?.bodyText)
            let year = Calendar(identifier: .gregorian).component(.year, from: Date())
            XCTAssertTrue(second.contains("\(year)-"), "the tool's answer goes back: \(model): \(second)")
        }
    }

    func testJSONListsEveryStepWithItsCallAndCost() throws {
        try requireTimeServer()
        let result = try cli.run(["ask", "--no-store", "--json", "-m", "openai/gpt-4o-mini", "--mcp", "time",
                                  "--allow-tools", "get_current_time", "What time is it?"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let object = try jsonObject(result.stdout)
        XCTAssertEqual(object["text"] as? String, "It is noon in UTC.")
        let steps = try XCTUnwrap(object["steps"] as? [[String: Any]], result.stdout)
        XCTAssertEqual(steps.count, 2)
        XCTAssertTrue(steps.allSatisfy { ($0["cost"] as? String).map { Decimal(string: $0) ?? 0 > 0 } ?? false }, "\(steps)")
        let call = try XCTUnwrap((steps[0]["tool_calls"] as? [[String: Any]])?.first)
        XCTAssertEqual(call["name"] as? String, "get_current_time")
        XCTAssertEqual(call["server"] as? String, "time")
        XCTAssertEqual(call["decision"] as? String, "run")
        XCTAssertEqual(call["arguments"] as? [String: String], ["timezone": "UTC"])
        XCTAssertEqual(call["is_error"] as? Bool, false)
        XCTAssertTrue((call["result"] as? String ?? "").contains("UTC"), "\(call)")
        let loop = try XCTUnwrap(object["tool_loop"] as? [String: Any])
        XCTAssertEqual(loop["stop"] as? String, "answered")
        XCTAssertEqual(loop["steps"] as? Int, 2)
        let total = try XCTUnwrap(Decimal(string: loop["cost"] as? String ?? ""))
        let sum = steps.compactMap { Decimal(string: $0["cost"] as? String ?? "") }.reduce(0, +)
        XCTAssertEqual(total, sum)
    }

    func testAToolNotAllowedIsRefusedReportedAndTheRefusalGoesBack() throws {
        try requireTimeServer()
        let result = try cli.run(["ask", "--no-store", "--json", "-m", "openai/gpt-4o-mini", "--mcp", "time",
                                  "--allow-tools", "convert_time", "What time is it?"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("step 1: get_current_time refused: get_current_time is not in --allow-tools"),
                      result.stderr)
        let object = try jsonObject(result.stdout)
        let call = try XCTUnwrap(((object["steps"] as? [[String: Any]])?.first?["tool_calls"] as? [[String: Any]])?.first)
        XCTAssertEqual(call["decision"] as? String, "refused")
        XCTAssertEqual(call["duration_ms"] as? NSNull, NSNull(), "it did not run")
        let second = try XCTUnwrap(fixture.recordedRequests().last?.bodyText)
        XCTAssertTrue(second.contains("refused") && second.contains("not in --allow-tools"), second)
    }

    func testUsageErrorsExitTwoBeforeAnythingIsSent() throws {
        let unknown = try cli.run(["ask", "--no-store", "-m", "openai/gpt-4o-mini", "--mcp", "nope", "hi"])
        XCTAssertEqual(unknown.status, 2, unknown.stderr)
        XCTAssertTrue(unknown.stderr.contains("--mcp nope: no [mcp.nope] in the config; configured: other, time"), unknown.stderr)
        let lonely = try cli.run(["ask", "--no-store", "-m", "openai/gpt-4o-mini", "--allow-tools", "x", "hi"])
        XCTAssertEqual(lonely.status, 2, lonely.stderr)
        XCTAssertTrue(lonely.stderr.contains("--allow-tools needs --mcp"), lonely.stderr)
        XCTAssertEqual(fixture.recordedRequests().count, 0)
    }

    func testAServerThatCannotStartIsReportedAndTheTurnGoesOnWithoutIt() throws {
        let result = try cli.run(["ask", "--no-store", "-m", "openai/gpt-4o-mini", "--mcp", "other", "hi"])
        XCTAssertTrue(result.stderr.contains(#"server "other": could not start no-such-mcp-server-here"#), result.stderr)
        let first = try XCTUnwrap(fixture.recordedRequests().first?.bodyText)
        XCTAssertFalse(first.contains("\"tools\""), "no tools offered: \(first)")
    }

    func testEveryStepIsStoredAndTheSessionContinuesWithTheCallAndResult() throws {
        try requireTimeServer()
        let first = try cli.run(["ask", "-m", "openai/gpt-4o-mini", "--mcp", "time", "--allow-tools", "get_current_time",
                                 "What time is it?"])
        XCTAssertEqual(first.status, 0, first.stderr)
        fixture.update { $0.answer = FixtureAnswer(text: "You're welcome.") }
        // Continued on another protocol without tools: the stored call and result go as Anthropic text (a request
        // without tools cannot carry tool blocks).
        let next = try cli.run(["ask", "--session", "last", "-m", "anthropic/claude-haiku-4-5", "thanks"])
        XCTAssertEqual(next.status, 0, next.stderr)
        let body = try XCTUnwrap(fixture.recordedRequests().last?.bodyText)
        XCTAssertTrue(body.contains(#"[called get_current_time({\"timezone\": \"UTC\"})]"#), body)
        XCTAssertTrue(body.contains("[get_current_time returned: {"), body)
        XCTAssertTrue(body.contains("It is noon in UTC."), body)
        let year = Calendar(identifier: .gregorian).component(.year, from: Date())
        XCTAssertTrue(body.contains("\(year)-"), "the tool's answer was stored: \(body)")
    }
}
