import Foundation
import SwitchboardTestSupport
import XCTest

/// The built workbench in tmux with `mcp-server-time` configured and the loopback provider fixture, which calls
/// the time tool and answers once the tool's result is in the request: the call is shown and asked about, `y`
/// runs it, the answer arrives and its header carries the steps and their cost.
final class WorkbenchToolsEndToEndTests: XCTestCase {
    private var root: URL!
    private var socket = ""
    private var tmuxPath = ""
    private var fixture: ProviderFixture!
    private let session = "tools"

    private static var binary: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/switchboard")
    }

    /// The server's timezone argument, to find its process: no other test starts it with this one.
    private static let marker = "Pacific/Chatham"

    private static var searchPath: String { ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin" }

    private static func onPath(_ name: String) -> String? {
        (searchPath.split(separator: ":").map { "\($0)/\(name)" } + ["/usr/bin/\(name)"])
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    override func setUp() async throws {
        guard let tmux = Self.onPath("tmux") else {
            if ProcessInfo.processInfo.environment["CI"] != nil { XCTFail("tmux is required in CI (apt-get install tmux)") }
            throw XCTSkip("tmux is not installed")
        }
        guard Self.onPath("mcp-server-time") != nil else {
            if ProcessInfo.processInfo.environment["CI"] == "true" { XCTFail("mcp-server-time is not installed (.ci/run installs it)") }
            throw XCTSkip("mcp-server-time is not installed: python3 -m pip install mcp-server-time==2026.10.19")
        }
        tmuxPath = tmux
        root = FileManager.default.temporaryDirectory.appendingPathComponent("sb-tools-\(UUID().uuidString.prefix(8))")
        for folder in ["home", "config/switchboard", "data"] {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        try """
            [mcp.time]
            command = "mcp-server-time"
            args = ["--local-timezone", "\(Self.marker)"]
            """.write(to: root.appendingPathComponent("config/switchboard/config.toml"), atomically: true, encoding: .utf8)
        socket = "sb-tools-\(getpid())-\(UUID().uuidString.prefix(6))"
        fixture = try await ProviderFixture.start()
        var call = FixtureAnswer(chunks: [""], finish: .toolCalls)
        call.toolCalls = [FixtureToolCall(id: "call_t1", name: "get_current_time", argumentChunks: [#"{"timezone": "UTC"}"#])]
        let answer = FixtureAnswer(text: "It is noon in UTC.")
        fixture.update {
            $0.answer = call
            $0.answerAfterToolResult = answer
        }
    }

    /// The stubborn server's pid, killed at the end if the workbench left it running.
    private var stubbornPID: Int32?

    override func tearDown() async throws {
        if let pid = stubbornPID, kill(pid, 0) == 0 { kill(pid, SIGKILL) }
        if let root {
            _ = try? SpawnedCommand.run(tmuxPath, ["-L", socket, "kill-server"], scratch: root)
            try? FileManager.default.removeItem(at: root)
        }
        try await fixture?.shutdown()
    }

    func testATimeQuestionAsksForTheToolRunsItOnYAndAnswersWithTheStepsCost() throws {
        try askForTheTime()
        try tmux(["send-keys", "-t", session, "y"])
        var last = ""
        try waitForScreen("the answer with the steps' cost") { screen in
            last = screen
            return screen.contains("It is noon in UTC.") && screen.range(of: #"2 tool steps · \$0\.\d+"#, options: .regularExpression) != nil
        }
        XCTAssertTrue(last.contains("⚙ get_current_time · time · done"), last)
        XCTAssertFalse(last.contains("⚙ called get_current_time"), "the call shows once: \(last)")
        XCTAssertTrue(last.contains("↳ {"), "the result shows folded under the call: \(last)")
        let second = try XCTUnwrap(fixture.recordedRequests().last?.bodyText)
        let year = Calendar(identifier: .gregorian).component(.year, from: Date())
        XCTAssertTrue(second.contains("\(year)-"), "the tool's answer went back: \(second)")
        // The server runs until the workbench quits, and not after. (mcp-server-time also ends when its stdin
        // closes, so this checks what the person sees; `testAServerThatOutlivesItsStdinIsStoppedOnQuit` checks the
        // workbench's own stop.)
        XCTAssertTrue(try serverRunning(), "the server was started")
        try tmux(["send-keys", "-t", session, "C-d"])
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline, try serverRunning() { Thread.sleep(forTimeInterval: 0.1) }
        XCTAssertFalse(try serverRunning(), "the server is stopped when the workbench quits")

        // Reopened after the quit, the session shows the call, its folded result and the steps' cost again.
        try tmux(["kill-session", "-t", session])
        try open(resume: "last")
        var reopened = ""
        try waitForScreen("the reopened session") { screen in
            reopened = screen
            return screen.contains("It is noon in UTC.") && screen.contains("⚙ get_current_time · time · done")
        }
        XCTAssertNotNil(reopened.range(of: #"2 tool steps · \$0\.\d+"#, options: .regularExpression), reopened)
        XCTAssertTrue(reopened.contains("↳ {"), "the result shows folded under the call: \(reopened)")
        XCTAssertFalse(reopened.contains("⚙ called get_current_time"), "the call shows once: \(reopened)")
    }

    /// A server that keeps running when its stdin closes is stopped by the workbench itself when it quits (it
    /// gets SIGTERM): nothing else would end it.
    func testAServerThatOutlivesItsStdinIsStoppedOnQuit() throws {
        guard let python = Self.onPath("python3") else { throw XCTSkip("python3 is not installed") }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/stubborn_mcp_server.py").path
        let pidFile = root.appendingPathComponent("stubborn.pid").path
        let termFile = root.appendingPathComponent("stubborn.terminated").path
        try """
            [mcp.stubborn]
            command = "\(python)"
            args = ["\(script)"]
            env = { STUBBORN_PID_FILE = "\(pidFile)", STUBBORN_TERM_FILE = "\(termFile)" }
            """.write(to: root.appendingPathComponent("config/switchboard/config.toml"), atomically: true, encoding: .utf8)
        fixture.update {
            $0.answer = FixtureAnswer(text: "Hello there.")
            $0.answerAfterToolResult = nil
        }
        try open()
        try tmux(["send-keys", "-t", session, "-l", "hi"])
        try tmux(["send-keys", "-t", session, "Enter"])
        try waitForScreen("the answer") { $0.contains("Hello there.") }
        let pid = try XCTUnwrap(Int32((try? String(contentsOfFile: pidFile, encoding: .utf8)) ?? ""), "the server started")
        stubbornPID = pid
        XCTAssertEqual(kill(pid, 0), 0, "the server runs while the workbench is open")
        try tmux(["send-keys", "-t", session, "C-d"])
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline, kill(pid, 0) == 0 { Thread.sleep(forTimeInterval: 0.1) }
        XCTAssertNotEqual(kill(pid, 0), 0, "the server is stopped when the workbench quits")
        XCTAssertEqual(try? String(contentsOfFile: termFile, encoding: .utf8), "terminated", "it was told to stop (SIGTERM)")
    }

    private func serverRunning() throws -> Bool {
        guard let pgrep = Self.onPath("pgrep") else { throw XCTSkip("pgrep is not installed") }
        return try SpawnedCommand.run(pgrep, ["-f", "mcp-server-time --local-timezone \(Self.marker)"], scratch: root).status == 0
    }

    func testNRefusesTheCallAndTheRefusalGoesBackToTheModel() throws {
        try askForTheTime()
        try tmux(["send-keys", "-t", session, "n"])
        try waitForScreen("the answer after the refusal") {
            $0.contains("⚙ get_current_time · time · refused") && $0.contains("It is noon in UTC.")
        }
        let second = try XCTUnwrap(fixture.recordedRequests().last?.bodyText)
        XCTAssertTrue(second.contains("refused"), "the refusal went back: \(second)")
    }

    func testEscStopsTheLoopWhileTheCallWaits() throws {
        try askForTheTime()
        try tmux(["send-keys", "-t", session, "Escape"])
        try waitForScreen("the stopped loop") {
            $0.contains("refused: the turn was stopped") && $0.contains("stopped: the calls and answers so far are kept")
        }
        Thread.sleep(forTimeInterval: 0.3)
        XCTAssertEqual(fixture.recordedRequests().count, 1, "no step after the stop")
    }

    /// Opens the workbench, asks what time it is, and waits for the call's approval prompt.
    private func askForTheTime() throws {
        try open()
        try tmux(["send-keys", "-t", session, "-l", "What time is it?"])
        try tmux(["send-keys", "-t", session, "Enter"])
        try waitForScreen("the approval prompt") {
            $0.contains("y run once · a always for get_current_time · n refuse") && $0.contains("waiting for approval")
        }
        XCTAssertEqual(fixture.recordedRequests().count, 1, "nothing more is sent before the answer")
    }

    /// Opens the workbench on the test's database (resuming `resume` when given) and waits for its first frame.
    private func open(resume: String? = nil) throws {
        let environment = [
            "HOME=\(root.appendingPathComponent("home").path)",
            "XDG_CONFIG_HOME=\(root.appendingPathComponent("config").path)",
            "XDG_DATA_HOME=\(root.appendingPathComponent("data").path)",
            "LANG=C.UTF-8", "LC_ALL=C.UTF-8", "TERM=tmux-256color",
            "OPENAI_API_KEY=sk-fixture-0001", "OPENAI_BASE_URL=\(fixture.openAIBaseURL.absoluteString)",
        ]
        let database = root.appendingPathComponent("tools.sqlite").path
        let command = "env -i PATH='\(Self.searchPath)' " + environment.joined(separator: " ")
            + " '\(Self.binary.path)' --model openai/gpt-4o-mini --db '\(database)'"
            + (resume.map { " --session \($0)" } ?? "") + "; sleep 60"
        try tmux(["-f", "/dev/null", "new-session", "-d", "-s", session, "-x", "200", "-y", "45", command])
        try waitForScreen("the first frame") { $0.contains("Type a message") }
    }

    @discardableResult
    private func tmux(_ arguments: [String]) throws -> String {
        let result = try SpawnedCommand.run(tmuxPath, ["-L", socket] + arguments, scratch: root)
        guard result.status == 0 else { throw Failure(message: "tmux \(arguments.joined(separator: " ")): \(result.output)") }
        return result.output
    }

    private func waitForScreen(_ what: String, timeout: TimeInterval = 30, _ condition: (String) -> Bool) throws {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try tmux(["capture-pane", "-p", "-t", session])
            if condition(last) { return }
            Thread.sleep(forTimeInterval: 0.05)
        }
        XCTFail("timed out waiting for \(what); the screen was:\n\(last)")
        throw Failure(message: "timed out waiting for \(what)")
    }

    private struct Failure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
