import Foundation
import XCTest

/// Conversations stored by `ask`: resuming, history, search, spend; a crash mid-stream; several writers at once;
/// a budget shared by concurrent processes; `route --explain` agreeing with `ask`.
final class HistoryFlowTests: XCTestCase {
    private var cli: CLIRunner!

    override func setUpWithError() throws { cli = try CLIRunner() }
    override func tearDown() { cli?.cleanUp() }

    private var database: String { cli.home.appendingPathComponent("data/switchboard/switchboard.sqlite").path }

    private func show(_ reference: String) throws -> [String: Any] {
        let result = try cli.run(["history", "show", reference, "--json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        return try jsonObject(result.stdout)
    }

    func testAConversationContinuesOnAnotherModelAndIsFindable() throws {
        XCTAssertEqual(try cli.run(["ask", "-m", "demo/mini", "tell me about zebras"]).status, 0)
        let second = try cli.run(["ask", "--session", "last", "-m", "demo/pro", "and their stripes?"])
        XCTAssertEqual(second.status, 0, second.stderr)

        let messages = try XCTUnwrap(try show("last")["messages"] as? [[String: Any]])
        XCTAssertEqual(messages.map { $0["role"] as? String }, ["user", "assistant", "user", "assistant"])
        XCTAssertEqual(messages.compactMap { $0["model"] as? String }, ["demo/mini", "demo/pro"])
        XCTAssertEqual(messages.compactMap { $0["status"] as? String }, ["complete", "complete", "complete", "complete"])
        let route = try XCTUnwrap(messages[3]["route"] as? [String: Any], "the route decision is stored with the turn")
        XCTAssertEqual((route["candidates"] as? [[String: Any]])?.first?["model"] as? String, "demo/pro")
        let secondUsage = try XCTUnwrap(messages[3]["usage"] as? [String: Int])
        XCTAssertGreaterThan(secondUsage["input"] ?? 0, 60, "the whole history was sent with the second turn")

        let search = try cli.run(["history", "search", "zebras", "--json"])
        XCTAssertEqual(search.status, 0, search.stderr)
        XCTAssertTrue(search.stdout.contains("zebras"), search.stdout)

        let spend = try cli.run(["spend", "--by", "model", "--json"])
        let rows = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(spend.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(Set(rows.compactMap { $0["key"] as? String }), ["demo/mini", "demo/pro"])
        XCTAssertTrue(rows.allSatisfy { ($0["cost"] as? String).flatMap { Decimal(string: $0) }.map { $0 > 0 } ?? false })

        let list = try cli.run(["history", "list"])
        XCTAssertTrue(list.stdout.contains("tell me about zebras"), list.stdout)
    }

    func testAKilledAskLeavesThePromptAndThePartialAnswerMarkedIncomplete() throws {
        // Slow demo pacing: the answer takes seconds to stream, so the kill lands mid-stream.
        let process = try cli.start(["ask", "-m", "demo/mini", "explain the code of a tiny parser"],
                                    extraEnvironment: ["SWITCHBOARD_DEMO_PACE": "6"])
        Thread.sleep(forTimeInterval: 2.2)
        XCTAssertTrue(process.isRunning, "the answer should still be streaming")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()

        let messages = try XCTUnwrap(try show("last")["messages"] as? [[String: Any]])
        XCTAssertEqual(messages.first?["text"] as? String, "explain the code of a tiny parser")
        let reply = try XCTUnwrap(messages.last)
        XCTAssertEqual(reply["role"] as? String, "assistant")
        XCTAssertEqual(reply["status"] as? String, "incomplete")
        let partial = reply["text"] as? String ?? ""
        XCTAssertFalse(partial.isEmpty, "checkpoints kept what had arrived")
        XCTAssertTrue(partial.hasPrefix("Here is") || partial.hasPrefix("Good") || partial.hasPrefix("Let's"), partial)
    }

    func testSeveralProcessesWritingAtOnceLoseNothing() throws {
        let processes = try (0..<6).map { index in
            try cli.start(["ask", "-m", "demo/mini", "concurrent question number \(index)"])
        }
        processes.forEach { $0.waitUntilExit() }
        XCTAssertEqual(processes.map(\.terminationStatus), Array(repeating: 0, count: 6))
        let list = try cli.run(["history", "list", "--json", "--limit", "50"])
        let sessions = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(sessions.count, 6)
        for index in 0..<6 {
            let hits = try cli.run(["history", "search", "\"number \(index)\"", "--json"])
            XCTAssertTrue(hits.stdout.contains("concurrent question number \(index)"), hits.stdout)
        }
        let spend = try cli.run(["spend", "--json"])
        let rows = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(spend.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(rows.first?["requests"] as? Int, 6, "every attempt row arrived")
    }

    func testTenConcurrentAsksNeverSpendMoreThanTheDailyBudget() throws {
        // demo/pro: a --max-tokens 400 request may cost up to ~$0.006 ($15/M out); the cap fits only a few.
        try cli.writeConfig("[budget]\ndaily = 0.02\non_exceed = \"block\"\n")
        let processes = try (0..<10).map { index in
            try cli.start(["ask", "-m", "demo/pro", "--max-tokens", "400", "budget question \(index)"])
        }
        processes.forEach { $0.waitUntilExit() }
        let statuses = processes.map(\.terminationStatus)
        XCTAssertTrue(statuses.contains(0), "some requests fit: \(statuses)")
        XCTAssertTrue(statuses.contains(3), "some were refused by the budget: \(statuses)")
        let spend = try cli.run(["spend", "--json"])
        let rows = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(spend.stdout.utf8)) as? [[String: Any]])
        let total = rows.compactMap { ($0["cost"] as? String).flatMap { Decimal(string: $0) } }.reduce(0, +)
        XCTAssertGreaterThan(total, 0)
        XCTAssertLessThanOrEqual(total, Decimal(string: "0.02") ?? 0, "recorded spend \(total) exceeds the cap")
        let refused = try cli.run(["ask", "-m", "demo/pro", "--max-tokens", "400", "one more"])
        if refused.status == 3 {
            XCTAssertTrue(refused.stderr.contains("daily budget"), refused.stderr)
        }
    }

    func testRouteExplainTellsTheTruthAboutWhatAskDoes() throws {
        try cli.writeConfig("""
            [routes.thinking]
            models = ["demo/pro", "demo/mini"]

            [[rules]]
            keywords = ["prove"]
            route = "thinking"
            """)
        for (arguments, prompt) in [([String](), "prove that the sum of two even numbers is even"),
                                    (["-m", "auto"], "what is 2+2?"),
                                    (["-m", "demo/mini:floor"], "hello")] {
            let explain = try cli.run(["route", "--explain", "--json"] + arguments + [prompt])
            XCTAssertEqual(explain.status, 0, explain.stderr)
            let decision = try jsonObject(explain.stdout)
            let first = try XCTUnwrap((decision["candidates"] as? [[String: Any]])?.first)
            let asked = try cli.run(["ask", "--json", "--no-store"] + arguments + [prompt])
            XCTAssertEqual(asked.status, 0, asked.stderr)
            let answer = try jsonObject(asked.stdout)
            XCTAssertEqual(answer["model"] as? String, first["model"] as? String, prompt)
            XCTAssertEqual(answer["provider"] as? String, first["provider"] as? String, prompt)
        }
        let ruled = try cli.run(["route", "--explain", "prove that the sum of two even numbers is even"])
        XCTAssertTrue(ruled.stdout.contains("rule 1 matched"), ruled.stdout)
        XCTAssertTrue(ruled.stdout.contains("1. demo/pro via demo"), ruled.stdout)
    }

    func testCompareStoresSiblingRepliesAndScores() throws {
        let result = try cli.run(["compare", "--json", "--models", "demo/mini,demo/pro", "--judge", "demo/pro", "what is a monad?"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let rows = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(rows.compactMap { $0["model"] as? String }, ["demo/mini", "demo/pro"])
        XCTAssertTrue(rows.allSatisfy { ($0["score"] as? Int).map { (1...10).contains($0) } ?? false }, "\(rows)")
        let messages = try XCTUnwrap(try show("last")["messages"] as? [[String: Any]])
        XCTAssertEqual(messages.map { $0["role"] as? String }, ["user", "assistant", "assistant"])
        let prompt = messages[0]["id"] as? Int
        XCTAssertEqual(messages[1]["parent_id"] as? Int, prompt)
        XCTAssertEqual(messages[2]["parent_id"] as? Int, prompt)
    }
}
