import Foundation
import XCTest
@testable import SwitchboardStore

/// `kill -9` of `ask` mid-stream, then the next writing command: the attempt it left in flight is marked
/// interrupted and shows in `spend`, `stats` and `history show`; its budget hold stops counting.
final class InterruptedAskTests: XCTestCase {
    private var cli: CLIRunner!

    override func setUpWithError() throws { cli = try CLIRunner() }
    override func tearDown() { cli?.cleanUp() }

    private func json(_ arguments: [String]) throws -> Any {
        let result = try cli.run(arguments)
        XCTAssertEqual(result.status, 0, "\(arguments): \(result.stderr)")
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    }

    /// The stored attempts of the session whose title contains `title`.
    private func attempts(ofSessionTitled title: String) throws -> (messages: [[String: Any]], attempts: [[String: Any]]) {
        let sessions = try XCTUnwrap(try json(["history", "list", "--json"]) as? [[String: Any]])
        let id = try XCTUnwrap(sessions.first { ($0["title"] as? String)?.contains(title) ?? false }?["id"] as? String,
                               "\(sessions)")
        let shown = try XCTUnwrap(try json(["history", "show", id, "--json"]) as? [String: Any])
        let messages = try XCTUnwrap(shown["messages"] as? [[String: Any]])
        return (messages, messages.flatMap { $0["attempts"] as? [[String: Any]] ?? [] })
    }

    private func openHolds() throws -> Int {
        let store = try SQLiteStore(url: cli.home.appendingPathComponent("data/switchboard/switchboard.sqlite"))
        return try store.connections.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM budget_reservations WHERE settled_at IS NULL") ?? -1
        }
    }

    func testAKilledAskLeavesAnInterruptedAttemptAndItsHoldIsReleased() throws {
        // A daily budget makes `ask` hold the turn's worst case while it runs.
        try cli.writeConfig("""
            [budget]
            daily = 5.00
            """)
        // Slow demo pacing: the answer takes seconds to stream, so the kill lands mid-stream.
        let process = try cli.start(["ask", "-m", "demo/pro", "explain the code of a tiny parser"],
                                    extraEnvironment: ["SWITCHBOARD_DEMO_PACE": "6"])
        Thread.sleep(forTimeInterval: 5)
        XCTAssertTrue(process.isRunning, "the answer should still be streaming")

        XCTAssertEqual(try attempts(ofSessionTitled: "tiny parser").attempts.last?["outcome"] as? String, "in_flight",
                       "in the ledger from the moment it was sent")
        XCTAssertEqual(try openHolds(), 1)
        let beside = try cli.run(["ask", "-m", "demo/mini", "a question beside it"])
        XCTAssertEqual(beside.status, 0, beside.stderr)
        XCTAssertFalse(beside.stderr.contains("interrupted"), "a running ask is left alone: \(beside.stderr)")
        XCTAssertEqual(try attempts(ofSessionTitled: "tiny parser").attempts.last?["outcome"] as? String, "in_flight")

        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        XCTAssertEqual(try cli.run(["stats", "--json"]).status, 0)
        XCTAssertEqual(try attempts(ofSessionTitled: "tiny parser").attempts.last?["outcome"] as? String, "in_flight",
                       "read-only commands change nothing")
        XCTAssertEqual(try openHolds(), 1, "the dead process's hold still counts until a writer closes it")

        let next = try cli.run(["ask", "-m", "demo/mini", "a second question"])
        XCTAssertEqual(next.status, 0, next.stderr)
        XCTAssertTrue(next.stderr.contains("process \(process.processIdentifier)"), next.stderr)
        XCTAssertTrue(next.stderr.contains("1 attempt marked interrupted, 1 budget hold released"), next.stderr)
        XCTAssertEqual(try openHolds(), 0)

        let (messages, stored) = try attempts(ofSessionTitled: "tiny parser")
        XCTAssertEqual(messages.last?["status"] as? String, "incomplete")
        XCTAssertFalse((messages.last?["text"] as? String ?? "").isEmpty, "the partial answer is kept")
        let attempt = try XCTUnwrap(stored.last)
        XCTAssertEqual(attempt["outcome"] as? String, "interrupted")
        XCTAssertTrue(attempt["cost"] is NSNull, "unknown, never estimated: \(attempt)")
        XCTAssertEqual(attempt["model"] as? String, "demo/pro")

        let spend = try XCTUnwrap(try json(["spend", "--by", "model", "--json"]) as? [[String: Any]])
        let pro = try XCTUnwrap(spend.first { $0["key"] as? String == "demo/pro" }, "\(spend)")
        XCTAssertEqual(pro["requests"] as? Int, 1)
        XCTAssertEqual(pro["unknown_cost_requests"] as? Int, 1)
        let stats = try XCTUnwrap(try json(["stats", "--json"]) as? [[String: Any]])
        let proStats = try XCTUnwrap(stats.first { $0["model"] as? String == "demo/pro" }, "\(stats)")
        XCTAssertEqual(proStats["errors"] as? [String: Int], ["interrupted": 1])

        // Nothing left to close: the next writer says nothing about it.
        let third = try cli.run(["ask", "-m", "demo/mini", "a third question"])
        XCTAssertEqual(third.status, 0, third.stderr)
        XCTAssertFalse(third.stderr.contains("interrupted"), third.stderr)
    }
}
