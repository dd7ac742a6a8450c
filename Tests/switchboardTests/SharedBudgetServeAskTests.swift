import Foundation
import SwitchboardCore
import SwitchboardTestSupport
import XCTest

/// One daily budget held by `serve` and `ask` at once, under concurrent load, on one database: recorded spend
/// never passes the cap, and every refusal names the budget. The workbench holds its budget through the same
/// code as `ask` (the engine's reserve-and-settle over the store's `BudgetLedger`, `SQLiteStore+BudgetLedger`),
/// so a third front end adds nothing this test does not cover.
///
/// The fixture answers slowly (about a second) with a known usage, so each request's cost (gpt-4o-mini's price
/// for 24 tokens in, 400 out: $0.0002436) is close to what its hold reserves: four fit under the $0.001 cap, a
/// fifth would pass it, and a ledger that let concurrent processes miss each other's holds would show.
final class SharedBudgetServeAskTests: XCTestCase {
    func testServeAndAskTogetherNeverSpendPastOneDailyCap() async throws {
        let usage = Usage(input: 24, output: 400)
        let fixture = try await ProviderFixture.start(.init(
            answer: FixtureAnswer(text: "a slow answer that takes about a second", chunkCount: 10, usage: usage),
            pacing: .milliseconds(100)))
        let cli = try CLIRunner(extraEnvironment: ["OPENAI_API_KEY": "sk-fixture"])
        defer { cli.cleanUp() }
        let database = cli.home.appendingPathComponent("shared.sqlite").path
        try cli.writeConfig("""
            default_model = "gpt-4o-mini"

            [budget]
            daily = 0.001
            on_exceed = "block"

            [providers.openai]
            base_url = "\(fixture.openAIBaseURL.absoluteString)"
            """)
        let serve = try LiveServe.start(cli, ["--no-auth", "--db", database])

        let asks = try (0..<4).map { index in
            try AskProcess.start(cli, ["ask", "--db", database, "-m", "gpt-4o-mini", "--max-tokens", "400", "ask \(index)"])
        }
        let replies = try await withThrowingTaskGroup(of: [LiveServe.Reply].self) { group in
            for client in 0..<5 {
                group.addTask {
                    var replies: [LiveServe.Reply] = []
                    for round in 0..<2 {
                        replies.append(try await serve.post("/v1/chat/completions", json: """
                            {"model": "gpt-4o-mini", "max_tokens": 400,
                             "messages": [{"role": "user", "content": "client \(client) round \(round)"}]}
                            """))
                    }
                    return replies
                }
            }
            return try await group.reduce([], +)
        }
        let asked = asks.map { $0.finish() }
        serve.stop()
        try await fixture.shutdown()

        var served = 0, refused = 0
        for reply in replies {
            if reply.status == 200 { served += 1; continue }
            XCTAssertEqual(reply.status, 402, reply.text)
            let message = (try reply.json()["error"] as? [String: Any])?["message"] as? String ?? ""
            XCTAssertTrue(message.contains("budget"), "a refusal names the budget: \(reply.text)")
            refused += 1
        }
        for result in asked {
            if result.status == 0 { served += 1; continue }
            XCTAssertEqual(result.status, 3, result.stderr)
            XCTAssertTrue(result.stderr.contains("daily budget"), "a refusal names the budget: \(result.stderr)")
            refused += 1
        }
        XCTAssertGreaterThan(served, 0, "some requests fit")
        XCTAssertGreaterThan(refused, 0, "the cap refused some of the 14")
        XCTAssertLessThanOrEqual(served, 4, "at most four $0.0002436 answers fit under $0.001")

        let spend = try cli.run(["spend", "--json", "--db", database])
        XCTAssertEqual(spend.status, 0, spend.stderr)
        let rows = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(spend.stdout.utf8)) as? [[String: Any]], spend.stdout)
        let total = rows.compactMap { ($0["cost"] as? String).flatMap { Decimal(string: $0) } }.reduce(0, +)
        XCTAssertEqual(total, Decimal(string: "0.0002436").map { $0 * Decimal(served) }, "every answer recorded at its price")
        XCTAssertLessThanOrEqual(total, Decimal(string: "0.001") ?? 0, "recorded spend \(total) exceeds the cap")
    }
}

/// An `ask` process whose output is collected while it runs (CLIRunner.start discards it).
private struct AskProcess {
    let process: Process
    let out: Pipe
    let err: Pipe

    static func start(_ cli: CLIRunner, _ arguments: [String]) throws -> AskProcess {
        let process = Process()
        process.executableURL = CLIRunner.binary
        process.arguments = arguments
        process.environment = cli.environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return AskProcess(process: process, out: out, err: err)
    }

    func finish() -> CLIRunner.Result {
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CLIRunner.Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                                stderr: String(decoding: stderr, as: UTF8.self))
    }
}
