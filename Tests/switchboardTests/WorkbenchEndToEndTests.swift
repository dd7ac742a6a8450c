import Foundation
import XCTest

/// The workbench in a real terminal: tmux runs the built `switchboard` on the demo models with a temporary
/// database, and the test types, reads the screen, resizes and quits like a person would.
final class WorkbenchEndToEndTests: XCTestCase {
    private var root: URL!
    private var socket = ""
    private var session = ""
    private var tmuxPath = ""

    private static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// The binary `swift build` made: `.build/debug/switchboard` (a link to the platform folder).
    private static func binary() -> URL? {
        let build = packageRoot.appendingPathComponent(".build")
        var candidates = [build.appendingPathComponent("debug/switchboard")]
        let platforms = (try? FileManager.default.contentsOfDirectory(atPath: build.path)) ?? []
        candidates += platforms.sorted().map { build.appendingPathComponent($0).appendingPathComponent("debug/switchboard") }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    private static func findTmux() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return (path.split(separator: ":").map { "\($0)/tmux" } + ["/usr/bin/tmux", "/usr/local/bin/tmux"])
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    override func setUpWithError() throws {
        guard let tmux = Self.findTmux() else {
            if ProcessInfo.processInfo.environment["CI"] != nil {
                XCTFail("tmux is required for the workbench end-to-end test in CI: install it (apt-get install tmux)")
            }
            throw XCTSkip("tmux is not installed")
        }
        tmuxPath = tmux
        root = FileManager.default.temporaryDirectory.appendingPathComponent("sb-e2e-\(UUID().uuidString.prefix(8))")
        for folder in ["home", "config", "data"] {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        socket = "sb-e2e-\(getpid())-\(UUID().uuidString.prefix(6))"
        session = "workbench"
    }

    override func tearDownWithError() throws {
        guard let root else { return }
        _ = try? run(tmuxPath, ["-L", socket, "kill-server"])
        try? FileManager.default.removeItem(at: root)
        let socketDirectory = ProcessInfo.processInfo.environment["TMUX_TMPDIR"] ?? "/tmp"
        try? FileManager.default.removeItem(atPath: "\(socketDirectory)/tmux-\(getuid())/\(socket)")
    }

    /// Starts the workbench in tmux on the demo models (no keys reach it) with a temporary database. Its process
    /// id is written to `pidFile` (the shell that writes it execs the program, so the id is the program's).
    private func launch(pace: String = "0.1", arguments: String = "") throws -> (binary: URL, database: String) {
        let binary = try XCTUnwrap(Self.binary(), "build the package first: `swift build` makes .build/debug/switchboard")
        let database = root.appendingPathComponent("workbench.sqlite").path
        let environment = [
            "HOME=\(root.appendingPathComponent("home").path)",
            "XDG_CONFIG_HOME=\(root.appendingPathComponent("config").path)",
            "XDG_DATA_HOME=\(root.appendingPathComponent("data").path)",
            "LANG=C.UTF-8", "LC_ALL=C.UTF-8", "SWITCHBOARD_DEMO_PACE=\(pace)", "TERM=tmux-256color",
        ]
        // No provider keys reach the program: `env -i` starts from nothing.
        let command = "sh -c 'echo $$ > \"$0\"; exec \"$@\"' '\(pidFile.path)' env -i PATH=/usr/bin:/bin "
            + environment.joined(separator: " ") + " '\(binary.path)' --db '\(database)' \(arguments); echo SWITCHBOARD-EXIT=$?; sleep 60"
        try tmux(["-f", "/dev/null", "new-session", "-d", "-s", session, "-x", "120", "-y", "40", command])
        return (binary, database)
    }

    private var pidFile: URL { root.appendingPathComponent("workbench.pid") }

    /// `switchboard history show last --json`, parsed.
    private func lastSession(_ binary: URL, _ database: String) throws -> [String: Any] {
        let shown = try run(binary.path, ["history", "show", "last", "--json", "--db", database],
                            environment: ["HOME": root.appendingPathComponent("home").path, "LANG": "C.UTF-8"])
        XCTAssertEqual(shown.status, 0, "`switchboard history show last --json` failed: \(shown.output)")
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(shown.output.utf8)) as? [String: Any])
    }

    func testPromptSwitchModelHistoryResizeAndQuit() throws {
        let (binary, database) = try launch()
        try waitForScreen("the first frame") { $0.contains("Switchboard") && $0.contains("Type a message") }
        XCTAssertTrue(try screen().contains("demo mode"), "with no keys the status says demo")

        try type("Hello from tmux, please explain the code")
        try keys("Enter")
        try waitForScreen("the streamed demo/mini answer") {
            $0.contains("Simulated answer from demo/mini") && $0.contains("· TTFT")
        }
        let firstCost = try XCTUnwrap(sessionCost(try screen()), "the sidebar shows the session cost")
        XCTAssertGreaterThan(firstCost, 0)

        try keys("C-p")
        try type("demo/pro")
        try waitForScreen("the filtered picker") { $0.contains("› demo/pro") }
        try keys("Enter")
        try waitForScreen("the model switch divider") { $0.contains("switched to demo/pro") && $0.contains("model: demo/pro") }

        try type("And a second question about tmux")
        try keys("Enter")
        try waitForScreen("the demo/pro answer") {
            $0.contains("Simulated answer from demo/pro") && $0.contains("Key points") && !$0.contains("streaming…")
        }
        try waitForScreen("the session cost to rise") { (self.sessionCost($0) ?? 0) > firstCost }

        try keys("F2")
        try waitForScreen("the history browser") { $0.contains("History") && $0.contains("demo/mini,demo/pro") }
        try type("tmux")
        try waitForScreen("a search hit") { $0.contains("Search: tmux") && $0.contains("«tmux»") }
        try keys("Escape")
        try waitForScreen("the search cleared") { !$0.contains("Search: tmux") }
        try keys("Escape")
        try waitForScreen("the history browser closed") { !$0.contains("╭─ History") }

        try tmux(["resize-window", "-t", session, "-x", "60", "-y", "20"])
        try waitForScreen("the narrow layout") { $0.contains("Σ $") && !$0.contains("│ Spend") }
        let narrow = try screen().split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        XCTAssertEqual(narrow.count, 20)
        XCTAssertTrue(narrow.allSatisfy { $0.count <= 60 }, "no row is wider than the terminal")
        try tmux(["resize-window", "-t", session, "-x", "120", "-y", "40"])
        try waitForScreen("the wide layout again") { $0.contains("│ Spend") && $0.contains("Models") }

        try keys("C-c")
        try waitForScreen("a clean exit") { $0.contains("SWITCHBOARD-EXIT=0") }

        let messages = try XCTUnwrap(try lastSession(binary, database)["messages"] as? [[String: Any]])
        let replies = messages.filter { $0["role"] as? String == "assistant" }
        XCTAssertEqual(messages.filter { $0["role"] as? String == "user" }.count, 2)
        XCTAssertEqual(replies.count, 2)
        XCTAssertEqual(Set(replies.compactMap { $0["model"] as? String }), ["demo/mini", "demo/pro"])
        XCTAssertTrue(replies.allSatisfy { $0["status"] as? String == "complete" })
    }

    func testCompareSideBySidePickOneAndAskWhy() throws {
        let (binary, database) = try launch()
        try waitForScreen("the first frame") { $0.contains("Type a message") }
        try type("/compare demo/mini,demo/pro")
        try keys("Enter")
        try waitForScreen("compare mode in the title") { $0.contains("compare: demo/mini, demo/pro") }

        try type("Which of you explains tmux better?")
        try keys("Enter")
        try waitForScreen("two columns") { $0.contains("Compare · 2 answers") && $0.contains("demo/mini") && $0.contains("demo/pro") }
        try waitForScreen("both answers complete") { $0.contains("1 ✓ demo/mini") && $0.contains("2 ✓ demo/pro") }
        try keys("Home")
        try waitForScreen("both answers from the top, side by side") { screen in
            screen.split(separator: "\n").contains { $0.contains("● demo/mini") && $0.contains("● demo/pro") }
        }

        try keys("Right")
        try keys("Enter")
        try waitForScreen("the picked answer in the conversation") {
            $0.contains("continuing with demo/pro") && $0.contains("model: demo/pro") && !$0.contains("Compare ·")
        }

        try keys("F3")
        try waitForScreen("the why window") {
            $0.contains("Why this route") && $0.contains("candidates, in order") && $0.contains("demo/pro via demo")
        }
        try keys("Escape")
        try waitForScreen("the why window closed") { !$0.contains("Why this route") }

        try type("A follow-up for the picked model")
        try keys("Enter")
        try waitForScreen("the follow-up answer (a third success in the sidebar)") { $0.contains("● demo 3 ok") }
        try keys("C-c")
        try waitForScreen("a clean exit") { $0.contains("SWITCHBOARD-EXIT=0") }

        let messages = try XCTUnwrap(try lastSession(binary, database)["messages"] as? [[String: Any]])
        let prompts = messages.filter { $0["role"] as? String == "user" }
        let replies = messages.filter { $0["role"] as? String == "assistant" }
        XCTAssertEqual(prompts.count, 2)
        XCTAssertEqual(replies.count, 3, "two compared answers and the follow-up's")
        let firstPrompt = try XCTUnwrap(prompts.first?["id"] as? Int)
        let compared = replies.prefix(2)
        XCTAssertTrue(compared.allSatisfy { $0["parent_id"] as? Int == firstPrompt }, "compared answers are siblings: \(compared)")
        let picked = try XCTUnwrap(compared.first { $0["model"] as? String == "demo/pro" }?["id"] as? Int)
        XCTAssertEqual(prompts.last?["parent_id"] as? Int, picked, "the conversation continues from the picked answer")
        XCTAssertNotNil(compared.first?["route"] as? [String: Any], "each turn keeps its route decision")
    }

    /// The conversation tree end to end: ask, edit the first prompt, regenerate the new reply with another model,
    /// move between the versions, open /tree, quit, reopen: the same path is on screen.
    func testEditRegenerateMoveBetweenBranchesTreeAndReopenOnTheSamePath() throws {
        let (binary, database) = try launch()
        try waitForScreen("the first frame") { $0.contains("Type a message") }
        try type("Tell me about trees")
        try keys("Enter")
        try waitForScreen("the first answer") { $0.contains("Simulated answer from demo/mini") && $0.contains("· TTFT") }

        try keys("BTab")  // the conversation pane
        try keys("e")
        try waitForScreen("the prompt in the message box") { $0.contains("editing your message") }
        try keys("C-u")
        try type("Tell me about binary trees")
        try keys("Enter")
        try waitForScreen("the edit's answer, marked as the second version") {
            $0.contains("▍You ‹ 2/2 ›") && $0.contains("Let's look at Tell me about binary trees") && $0.contains("· TTFT")
        }

        try type("/regen demo/pro")
        try keys("Enter")
        try waitForScreen("the regenerated answer from demo/pro") {
            $0.contains("‹ 2/2 › ● demo/pro") && $0.contains("Simulated answer from demo/pro") && $0.contains("· TTFT")
        }

        try keys("BTab")
        try keys("Left")
        try waitForScreen("the first version of the reply") {
            $0.contains("‹ 1/2 › ● demo/mini") && !$0.contains("Simulated answer from demo/pro")
        }
        try keys("<")
        try waitForScreen("the first version of the prompt") {
            $0.contains("▍You ‹ 1/2 ›") && $0.contains("Let's look at Tell me about trees") && !$0.contains("binary trees")
        }
        try keys(">")
        try waitForScreen("back on the edit, its reply where it was left") {
            $0.contains("binary trees") && $0.contains("‹ 1/2 › ● demo/mini")
        }

        try keys("Tab")  // the message box
        try type("/tree")
        try keys("Enter")
        try waitForScreen("the tree window") {
            $0.contains("Conversation tree") && $0.contains("● You  Tell me about binary trees")
                && $0.contains("○ You  Tell me about trees") && $0.contains("└ branch: 1 reply")
        }
        try keys("Escape")
        try waitForScreen("the tree window closed") { !$0.contains("Conversation tree") }
        try keys("C-d")
        try waitForScreen("the exit") { $0.contains("SWITCHBOARD-EXIT=0") }

        try tmux(["kill-session", "-t", session])
        _ = try launch(arguments: "--session last")
        try waitForScreen("the same path after reopening") {
            $0.contains("binary trees") && $0.contains("‹ 1/2 › ● demo/mini") && $0.contains("▍You ‹ 2/2 ›")
                && !$0.contains("Simulated answer from demo/pro")
        }
        let tree = try run(binary.path, ["history", "show", "last", "--tree", "--db", database],
                           environment: ["HOME": root.appendingPathComponent("home").path, "LANG": "C.UTF-8"])
        XCTAssertEqual(tree.status, 0, tree.output)
        XCTAssertTrue(tree.output.contains("    ● demo/mini"), tree.output)
        XCTAssertTrue(tree.output.contains("    ○ demo/pro"), tree.output)
    }

    /// `/regen` with two models on a prompt that already has an answer, quit before picking, reopen: the two
    /// regenerated answers are the columns again, and the earlier answer is not a third one.
    func testRegeneratedColumnsReopenWithoutTheEarlierAnswer() throws {
        let (binary, database) = try launch()
        try waitForScreen("the first frame") { $0.contains("Type a message") }
        try type("Tell me about forests")
        try keys("Enter")
        try waitForScreen("the first answer") { $0.contains("Simulated answer from demo/mini") && $0.contains("· TTFT") }
        try type("/regen demo/mini,demo/pro")
        try keys("Enter")
        try waitForScreen("two regenerated columns, both complete") {
            $0.contains("Compare · 2 answers") && $0.contains("1 ✓ demo/mini") && $0.contains("2 ✓ demo/pro")
        }
        try keys("C-d")
        try waitForScreen("the exit") { $0.contains("SWITCHBOARD-EXIT=0") }

        try tmux(["kill-session", "-t", session])
        _ = try launch(arguments: "--session last")
        try waitForScreen("the same two columns after reopening") {
            $0.contains("Compare · 2 answers") && $0.contains("1 ✓ demo/mini") && $0.contains("2 ✓ demo/pro")
                && $0.contains("Enter continue from it")
        }
        XCTAssertFalse(try screen().contains("Compare · 3 answers"), "the earlier answer is a version, not a column")
        try keys("Right")
        try keys("Enter")
        try waitForScreen("the pick continues, the earlier answer a version beside it") {
            $0.contains("continuing with demo/pro") && $0.contains("‹ 3/3 › ● demo/pro")
        }
        try keys("C-c")
        try waitForScreen("a clean exit") { $0.contains("SWITCHBOARD-EXIT=0") }
        let messages = try XCTUnwrap(try lastSession(binary, database)["messages"] as? [[String: Any]])
        XCTAssertEqual(messages.filter { $0["role"] as? String == "assistant" }.count, 3, "the earlier answer is kept")
    }

    func testAnUnterminatedPasteGivesTheKeyboardBackAndCtrlCClearsTheDraftBeforeQuitting() throws {
        let (binary, database) = try launch()
        try waitForScreen("the first frame") { $0.contains("Type a message") }
        // ESC [ 2 0 0 ~ then "abc" and no end marker: a paste that never ends.
        try tmux(["send-keys", "-t", session, "-H", "1b", "5b", "32", "30", "30", "7e", "61", "62", "63"])
        try waitForScreen("the unfinished paste taken as typed keys after a second") {
            $0.split(separator: "\n").contains { $0.hasPrefix(" abc") } && $0.contains("Ctrl-C clear")
        }
        try type("def")
        try waitForScreen("typing works again") { $0.contains("abcdef") }
        try keys("C-c")
        try waitForScreen("the draft cleared, not quit") {
            $0.contains("draft cleared — Ctrl-C again to quit") && !$0.contains("abcdef") && !$0.contains("SWITCHBOARD-EXIT")
        }
        try keys("Up")
        try waitForScreen("Up brings the draft back") { $0.contains("abcdef") }
        try keys("C-u")
        try keys("C-c")
        try waitForScreen("a clean exit") { $0.contains("SWITCHBOARD-EXIT=0") }
        XCTAssertNil(try lastSessionIfAny(binary, database), "nothing was sent")
    }

    func testSIGTERMMidStreamStoresThePartialAnswerRestoresTheTerminalAndExits143() throws {
        let (binary, database) = try launch(pace: "5")
        try waitForScreen("the first frame") { $0.contains("Type a message") }
        try type("Tell me about terminals at length")
        try keys("Enter")
        try waitForScreen("a streaming answer") { $0.contains("streaming…") && $0.contains("Simulated answer") }
        let pid = try XCTUnwrap(Int32(try String(contentsOf: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        XCTAssertEqual(kill(pid, SIGTERM), 0)
        try waitForScreen("exit status 128 + SIGTERM") { $0.contains("SWITCHBOARD-EXIT=143") }
        XCTAssertEqual(try tmux(["display-message", "-p", "-t", session, "#{alternate_on} #{cursor_flag}"])
            .trimmingCharacters(in: .whitespacesAndNewlines), "0 1", "the terminal is back: main screen, cursor shown")

        let messages = try XCTUnwrap(try lastSession(binary, database)["messages"] as? [[String: Any]])
        let reply = try XCTUnwrap(messages.last { $0["role"] as? String == "assistant" })
        XCTAssertEqual(reply["status"] as? String, "cancelled", "\(reply)")
        XCTAssertTrue((reply["text"] as? String ?? "").contains("Simulated answer"), "the partial answer is kept: \(reply)")
    }

    /// Like `lastSession`, but nil when the database holds no session (or does not exist).
    private func lastSessionIfAny(_ binary: URL, _ database: String) throws -> [String: Any]? {
        let shown = try run(binary.path, ["history", "show", "last", "--json", "--db", database],
                            environment: ["HOME": root.appendingPathComponent("home").path, "LANG": "C.UTF-8"])
        guard shown.status == 0 else { return nil }
        return try JSONSerialization.jsonObject(with: Data(shown.output.utf8)) as? [String: Any]
    }

    // MARK: - tmux

    @discardableResult
    private func tmux(_ arguments: [String]) throws -> String {
        let result = try run(tmuxPath, ["-L", socket] + arguments)
        guard result.status == 0 else { throw TmuxError(message: "tmux \(arguments.joined(separator: " ")): \(result.output)") }
        return result.output
    }

    private func screen() throws -> String {
        try tmux(["capture-pane", "-p", "-t", session])
    }

    private func type(_ text: String) throws {
        try tmux(["send-keys", "-t", session, "-l", text])
    }

    private func keys(_ names: String...) throws {
        try tmux(["send-keys", "-t", session] + names)
    }

    /// Polls the pane until `condition` holds; fails with the last screen after the deadline.
    private func waitForScreen(_ what: String, timeout: TimeInterval = 20, _ condition: (String) -> Bool) throws {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if condition(last) { return }
            Thread.sleep(forTimeInterval: 0.05)
        }
        XCTFail("timed out waiting for \(what); the screen was:\n\(last)")
        throw TmuxError(message: "timed out waiting for \(what)")
    }

    /// The sidebar's "Session $0.000123" as a number.
    private func sessionCost(_ screen: String) -> Decimal? {
        for line in screen.split(separator: "\n") {
            guard let range = line.range(of: "│ Session ") else { continue }
            let rest = line[range.upperBound...].drop { $0 == " " }
            guard rest.first == "$" else { continue }
            let digits = rest.dropFirst().prefix { $0.isNumber || $0 == "." }
            return Decimal(string: String(digits), locale: Locale(identifier: "en_US_POSIX"))
        }
        return nil
    }

    private func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws -> (status: Int32, output: String) {
        try SpawnedCommand.run(executable, arguments, environment: environment, scratch: root)
    }

    private struct TmuxError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
