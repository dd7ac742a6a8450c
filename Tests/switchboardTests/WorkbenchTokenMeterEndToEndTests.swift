import Foundation
import XCTest

/// The built `switchboard` finds its bundled tokenizers from any working directory (they sit beside the binary),
/// and a binary moved away from them still runs, counting with the estimate and saying so with `~`.
final class WorkbenchTokenMeterEndToEndTests: XCTestCase {
    private var root: URL!
    private var socket = ""
    private var tmuxPath = ""
    private let session = "meter"

    private static var binary: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/switchboard")
    }

    override func setUpWithError() throws {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        guard let tmux = (path.split(separator: ":").map { "\($0)/tmux" } + ["/usr/bin/tmux"])
            .first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            if ProcessInfo.processInfo.environment["CI"] != nil { XCTFail("tmux is required in CI (apt-get install tmux)") }
            throw XCTSkip("tmux is not installed")
        }
        tmuxPath = tmux
        root = FileManager.default.temporaryDirectory.appendingPathComponent("sb-meter-\(UUID().uuidString.prefix(8))")
        for folder in ["home", "config", "data", "elsewhere"] {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        socket = "sb-meter-\(getpid())-\(UUID().uuidString.prefix(6))"
    }

    override func tearDownWithError() throws {
        guard let root else { return }
        _ = try? SpawnedCommand.run(tmuxPath, ["-L", socket, "kill-server"], scratch: root)
        try? FileManager.default.removeItem(at: root)
    }

    /// o200k_base with OpenAI's framing: 3 + 3 + 1 ("user") + 11 text tokens, as tiktoken counts them.
    func testTheBuiltBinaryCountsExactlyFromAnotherDirectory() throws {
        let binary = Self.binary
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: binary.path), "build the package first")
        let screen = try meter(binary)
        XCTAssertTrue(screen.contains("Context    18/128K"), screen)
    }

    /// Bundle.module would trap here; the workbench shows the estimate instead.
    func testABinaryWithoutItsTokenizersShowsTheEstimate() throws {
        let moved = root.appendingPathComponent("elsewhere/switchboard")
        do { try FileManager.default.linkItem(at: Self.binary, to: moved) } catch {
            try FileManager.default.copyItem(at: Self.binary, to: moved)
        }
        let screen = try meter(moved)
        XCTAssertTrue(screen.contains("Context    ~"), screen)
    }

    /// Opens the workbench on `openai/gpt-4o` in a folder away from the build, types a prompt (nothing is sent)
    /// and returns the screen once the meter shows it.
    private func meter(_ binary: URL) throws -> String {
        let environment = [
            "HOME=\(root.appendingPathComponent("home").path)",
            "XDG_CONFIG_HOME=\(root.appendingPathComponent("config").path)",
            "XDG_DATA_HOME=\(root.appendingPathComponent("data").path)",
            "XDG_STATE_HOME=\(root.appendingPathComponent("home").path)",
            "LANG=C.UTF-8", "LC_ALL=C.UTF-8", "TERM=tmux-256color", "OPENAI_API_KEY=sk-never-sent",
        ]
        let database = root.appendingPathComponent("meter.sqlite").path
        let command = "env -i PATH=/usr/bin:/bin " + environment.joined(separator: " ")
            + " '\(binary.path)' --model openai/gpt-4o --db '\(database)'; sleep 60"
        try tmux(["-f", "/dev/null", "new-session", "-d", "-s", session, "-x", "120", "-y", "40",
                  "-c", root.appendingPathComponent("elsewhere").path, command])
        try waitForScreen("the first frame") { $0.contains("Type a message") }
        try tmux(["send-keys", "-t", session, "-l", "Hello there, how many tokens is this prompt exactly?"])
        var last = ""
        try waitForScreen("the meter to count the draft") { screen in
            last = screen
            return screen.range(of: #"Context +~?(1[0-9]|2[0-9])/128K"#, options: .regularExpression) != nil
        }
        return last
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
