import Foundation
import XCTest

/// Clicks, `y` and `/compact` in a real terminal: tmux runs the built `switchboard` on the demo models. tmux's
/// `send-keys -M` only forwards a mouse event tmux itself received, so the clicks are written into the pane as
/// the bytes a terminal sends for them (X10 encoding, `ESC [ M b x y`: what `kmous` says for tmux-256color), and
/// ncurses decodes them as it would a real click. tmux keeps what the program copies with OSC 52 as a paste
/// buffer (`set-clipboard on`), so the copy is read back with `show-buffer`.
final class WorkbenchMouseEndToEndTests: XCTestCase {
    private var root: URL!
    private let socket = "sb-mouse-\(getpid())-\(UUID().uuidString.prefix(6))"
    private let session = "workbench"
    private var tmuxPath = ""

    private static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    override func setUpWithError() throws {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        guard let tmux = (path.split(separator: ":").map { "\($0)/tmux" } + ["/usr/bin/tmux"])
            .first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            if ProcessInfo.processInfo.environment["CI"] != nil { XCTFail("tmux is required in CI (apt-get install tmux)") }
            throw XCTSkip("tmux is not installed")
        }
        tmuxPath = tmux
        root = FileManager.default.temporaryDirectory.appendingPathComponent("sb-mouse-\(UUID().uuidString.prefix(8))")
        for folder in ["home", "config", "data"] {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
    }

    override func tearDownWithError() throws {
        guard let root else { return }
        _ = try? run(tmuxPath, ["-L", socket, "kill-server"])
        try? FileManager.default.removeItem(at: root)
    }

    func testClickAModelClickAReplyCopyItThenCompact() throws {
        let binary = Self.packageRoot.appendingPathComponent(".build/debug/switchboard")
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            return XCTFail("build the package first: `swift build` makes .build/debug/switchboard")
        }
        let environment = [
            "HOME=\(root.appendingPathComponent("home").path)", "XDG_CONFIG_HOME=\(root.appendingPathComponent("config").path)",
            "XDG_DATA_HOME=\(root.appendingPathComponent("data").path)", "LANG=C.UTF-8", "LC_ALL=C.UTF-8",
            "SWITCHBOARD_DEMO_PACE=0.05", "TERM=tmux-256color",
        ]
        let database = root.appendingPathComponent("workbench.sqlite").path
        let command = "env -i PATH=/usr/bin:/bin " + environment.joined(separator: " ") + " '\(binary.path)' --db '\(database)'"
            + "; echo SWITCHBOARD-EXIT=$?; sleep 60"
        try tmux(["-f", "/dev/null", "new-session", "-d", "-s", session, "-x", "120", "-y", "40", command])
        try tmux(["set-option", "-g", "set-clipboard", "on"])

        // A click on a model in the picker pane uses it.
        var screen = try waitForScreen("the picker") { $0.contains("demo/pro") && $0.contains("Type a message") }
        let model = try XCTUnwrap(position(of: "demo/pro", in: screen))
        try click(model)
        screen = try waitForScreen("demo/pro chosen") { $0.contains("model: demo/pro") }

        try tmux(["send-keys", "-t", session, "-l", "Explain tmux mouse modes"])
        try tmux(["send-keys", "-t", session, "Enter"])
        screen = try waitForScreen("the answer") { $0.contains("to a real one.") }

        // A click on the reply selects it; `y` copies it through OSC 52 into tmux's buffer.
        let reply = try XCTUnwrap(position(of: "Simulated answer from", in: screen))
        try click(reply)
        try tmux(["send-keys", "-t", session, "y"])
        screen = try waitForScreen("the copy confirmed") { $0.contains("copied the reply of demo/pro") }
        let buffer = try tmux(["show-buffer"])
        XCTAssertTrue(buffer.contains("_Simulated answer from `demo/pro`"), buffer)

        // A click on the message box focuses it; /compact summarises the turn and says so in a divider.
        try click((x: 10, y: 37))
        try tmux(["send-keys", "-t", session, "-l", "/compact"])
        try tmux(["send-keys", "-t", session, "Enter"])
        screen = try waitForScreen("the divider") { $0.contains("compacted 1 turn into a summary (") }

        try tmux(["send-keys", "-t", session, "C-c"])
        _ = try waitForScreen("the exit") { $0.contains("SWITCHBOARD-EXIT=0") }
    }

    // MARK: - The pane

    /// Column and row of the first place `text` shows.
    private func position(of text: String, in screen: String) -> (x: Int, y: Int)? {
        for (row, line) in screen.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if let range = line.range(of: text) { return (line.distance(from: line.startIndex, to: range.lowerBound), row) }
        }
        return nil
    }

    /// A left click at a cell as an xterm-style terminal reports it: the press, then the release (X10: 32 + button,
    /// where 3 means released, then 33 + column, 33 + row).
    private func click(_ cell: (x: Int, y: Int)) throws {
        for button in [0, 3] {
            let bytes = [0x1B, 0x5B, 0x4D, 32 + button, 33 + cell.x, 33 + cell.y].map { String(format: "%02x", $0) }
            try tmux(["send-keys", "-t", session, "-H"] + bytes)
        }
    }

    @discardableResult
    private func tmux(_ arguments: [String]) throws -> String {
        let result = try run(tmuxPath, ["-L", socket] + arguments)
        guard result.status == 0 else { throw Failure(message: "tmux \(arguments.joined(separator: " ")): \(result.output)") }
        return result.output
    }

    @discardableResult
    private func waitForScreen(_ what: String, timeout: TimeInterval = 20, _ condition: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try tmux(["capture-pane", "-p", "-t", session])
            if condition(last) { return last }
            Thread.sleep(forTimeInterval: 0.05)
        }
        XCTFail("timed out waiting for \(what); the screen was:\n\(last)")
        throw Failure(message: "timed out waiting for \(what)")
    }

    private func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        try SpawnedCommand.run(executable, arguments, scratch: root)
    }

    private struct Failure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
