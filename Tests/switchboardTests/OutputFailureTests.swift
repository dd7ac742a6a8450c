import Foundation
import XCTest

/// A closed, full or broken stdout ends a command cleanly with exit 5 and one line saying so (it used to trap,
/// exit 132); a failing stderr stops nothing. `ask` cancels its turn, which is stored with what arrived.
final class OutputFailureTests: XCTestCase {
    private var cli: CLIRunner!
    private var db: String { cli.home.appendingPathComponent("history.sqlite").path }

    override func setUpWithError() throws { cli = try CLIRunner() }
    override func tearDown() { cli?.cleanUp() }

    private func assertOutputFailed(_ result: CLIRunner.Result, because reason: String,
                                    file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(result.status, 5, result.stderr, file: file, line: line)
        let lines = result.stderr.split(separator: "\n").filter { $0.contains("standard output") }
        XCTAssertEqual(lines, ["switchboard: could not write to standard output: \(reason); stopped"], result.stderr,
                       file: file, line: line)
    }

    /// The stored reply of the last session: its status and its attempts' outcomes.
    private func lastReply() throws -> (status: String?, attempts: [String]) {
        let shown = try cli.run(["history", "show", "--db", db, "--json", "last"])
        XCTAssertEqual(shown.status, 0, shown.stderr)
        let messages = try XCTUnwrap(try jsonObject(shown.stdout)["messages"] as? [[String: Any]])
        let reply = try XCTUnwrap(messages.last { $0["role"] as? String == "assistant" })
        let attempts = (reply["attempts"] as? [[String: Any]] ?? []).compactMap { $0["outcome"] as? String }
        return (reply["status"] as? String, attempts)
    }

    func testAskOntoAFullDeviceStopsTheTurnAndStoresIt() throws {
        var slow = cli!
        slow.environment["SWITCHBOARD_DEMO_PACE"] = "1"
        let result = try slow.runShell(#"exec "$SB" "$@" >/dev/full"#, ["ask", "--db", db, "hello"])
        assertOutputFailed(result, because: "No space left on device")
        XCTAssertFalse(result.stderr.contains("cancelled: the answer above"), "no answer was shown: \(result.stderr)")
        let reply = try lastReply()
        XCTAssertEqual(reply.status, "cancelled", "stopped when nobody could read it, and stored as such")
        XCTAssertEqual(reply.attempts, ["cancelled"], "the attempt's end is in the ledger, not left in flight")
    }

    func testAskWithStdoutClosed() throws {
        let result = try cli.runShell(#"exec "$SB" "$@" >&-"#, ["ask", "--db", db, "hello"])
        assertOutputFailed(result, because: "Bad file descriptor")
        let reply = try lastReply()
        XCTAssertNotEqual(reply.status, "incomplete")
        XCTAssertFalse(reply.attempts.isEmpty)
    }

    func testAskJSONOntoAFullDevice() throws {
        let result = try cli.runShell(#"exec "$SB" "$@" >/dev/full"#, ["ask", "--no-store", "--json", "hello"])
        assertOutputFailed(result, because: "No space left on device")
    }

    func testAPipeClosedByItsReaderWithSIGPIPEIgnoredOrNot() throws {
        for trap in [#"trap "" PIPE; "#, ""] {
            // 10 bytes, then head exits: later writes get EPIPE (or SIGPIPE, which switchboard ignores). The answer
            // is paced (about 2 ms a token) so that writes are still to come when head leaves; an instant answer
            // could fit in the pipe's buffer before head exits, and nothing would fail.
            let script = trap + #"set -o pipefail; SWITCHBOARD_DEMO_PACE=0.1 "$SB" "$@" | head -c 10 >/dev/null"#
            let result = try cli.runShell(script, ["ask", "--no-store", "-m", "demo/pro", "hello"])
            assertOutputFailed(result, because: "Broken pipe")
        }
    }

    func testAFullStderrStopsNothing() throws {
        let result = try cli.runShell(#"exec "$SB" "$@" 2>/dev/full"#, ["ask", "--db", db, "hello"])
        XCTAssertEqual(result.status, 0)
        XCTAssertTrue(result.stdout.contains("Simulated answer from `demo/mini`"), result.stdout)
        XCTAssertEqual(try lastReply().status, "complete")
        let closed = try cli.runShell(#"exec "$SB" "$@" 2>&-"#, ["ask", "--no-store", "-m", "nosuch/model", "hello"])
        XCTAssertEqual(closed.status, 2, "a usage error with nowhere to say it still exits 2, not a crash")
    }

    func testEveryCommandReportsAFullStdout() throws {
        XCTAssertEqual(try cli.run(["ask", "--db", db, "hello"]).status, 0)
        for arguments in [["history", "list", "--db", db], ["history", "show", "--db", db, "last"],
                          ["history", "export", "--db", db, "last"], ["models"], ["spend", "--db", db], ["ask", "--help"]] {
            let result = try cli.runShell(#"exec "$SB" "$@" >/dev/full"#, arguments)
            assertOutputFailed(result, because: "No space left on device")
        }
    }
}
