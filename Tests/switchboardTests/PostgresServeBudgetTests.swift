import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import SwitchboardCore
import SwitchboardTestSupport
import XCTest

/// Three `serve` instances on one PostgreSQL database, as three machines would run them: thirty concurrent
/// clients on one key with a small daily budget. Recorded spend never passes the cap, and every refusal names the
/// budget. Needs `$SWITCHBOARD_TEST_POSTGRES_URL` (skips without it, fails under CI).
final class PostgresServeBudgetTests: XCTestCase {
    private var cli: CLIRunner?
    private var database: PostgresTestDatabase?

    override func setUp() async throws {
        database = try PostgresTestDatabase.forTest()
    }

    override func tearDown() async throws {
        cli?.cleanUp()
        try database?.drop()
    }

    func testThirtyClientsThroughThreeServersNeverPassAKeysDailyCap() async throws {
        let url = try XCTUnwrap(database?.url)
        var configuration = ProviderFixture.Configuration()
        configuration.pacing = .milliseconds(20)
        let fixture = try await ProviderFixture.start(configuration)
        let cli = try CLIRunner(extraEnvironment: ["OPENAI_API_KEY": "sk-fixture"])
        self.cli = cli
        try cli.writeConfig("""
            default_model = "gpt-4o-mini"

            [providers.openai]
            base_url = "\(fixture.openAIBaseURL.absoluteString)"
            """)
        let created = try cli.run(["keys", "create", "team", "--daily", "0.0002", "--db", url])
        XCTAssertEqual(created.status, 0, created.stderr)
        let key = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let servers = try (0..<3).map { _ in try LiveServe.start(cli, ["--db", url]) }
        defer { for server in servers { server.stop() } }
        let body = #"{"model": "gpt-4o-mini", "max_tokens": 100, "messages": [{"role": "user", "content": "Say hello"}]}"#
        let replies = try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for index in 0..<30 {
                let base = servers[index % 3].url
                group.addTask {
                    var request = URLRequest(url: try XCTUnwrap(URL(string: base + "/v1/chat/completions")))
                    request.httpMethod = "POST"
                    request.httpBody = Data(body.utf8)
                    request.timeoutInterval = 60
                    request.setValue("application/json", forHTTPHeaderField: "Content-Type")
                    request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization")
                    let (data, response) = try await URLSession.shared.data(for: request)
                    return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
                }
            }
            return try await group.reduce(into: [(Int, String)]()) { $0.append($1) }
        }
        for server in servers { server.stop() }
        try await fixture.shutdown()

        let served = replies.filter { $0.0 == 200 }.count
        let refused = replies.filter { $0.0 == 402 }
        XCTAssertGreaterThan(served, 0, "\(replies)")
        XCTAssertGreaterThan(refused.count, 0, "the cap never bound: \(replies)")
        XCTAssertEqual(served + refused.count, 30, "\(replies)")
        for (_, text) in refused { XCTAssertTrue(text.contains("key 'team' daily budget"), text) }

        let spend = try cli.run(["spend", "--by", "key", "--json", "--db", url])
        XCTAssertEqual(spend.status, 0, spend.stderr)
        let rows = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(spend.stdout.utf8)) as? [[String: Any]], spend.stdout)
        let total = rows.reduce(Decimal(0)) { $0 + (Decimal(string: "\($1["cost"] ?? "0")") ?? 0) }
        XCTAssertGreaterThan(total, 0, spend.stdout)
        XCTAssertLessThanOrEqual(total, Decimal(string: "0.0002") ?? 0, "the key's daily cap was passed: \(spend.stdout)")
        let listed = try cli.run(["keys", "list", "--json", "--db", url])
        XCTAssertEqual(listed.status, 0, listed.stderr)
        XCTAssertFalse(listed.stderr.contains("switchboard-test"), "the password never shows")
    }

    /// `kill -9` of one instance mid-stream: another instance releases its hold once it expires (here after 2 s,
    /// `SWITCHBOARD_POSTGRES_HOLD_SECONDS`) and marks its attempt interrupted; the answer it had streamed so far
    /// stays in the history.
    func testAKilledInstancesHoldIsReleasedAndItsAttemptInterrupted() async throws {
        let url = try XCTUnwrap(database?.url)
        let usage = Usage(input: 24, output: 400)
        let fixture = try await ProviderFixture.start(.init(
            answer: FixtureAnswer(text: "one slow word after another, for a long while yet", chunkCount: 20, usage: usage),
            pacing: .milliseconds(400)))
        let cli = try CLIRunner(extraEnvironment: ["OPENAI_API_KEY": "sk-fixture", "SWITCHBOARD_POSTGRES_HOLD_SECONDS": "2"])
        self.cli = cli
        try cli.writeConfig("""
            default_model = "gpt-4o-mini"

            [budget]
            daily = 1

            [providers.openai]
            base_url = "\(fixture.openAIBaseURL.absoluteString)"
            """)
        let doomed = try LiveServe.start(cli, ["--no-auth", "--db", url])
        let survivor = try LiveServe.start(cli, ["--no-auth", "--db", url])
        defer { doomed.stop(); survivor.stop() }
        let streaming = Task {
            try? await doomed.post("/v1/chat/completions", json: """
                {"model": "gpt-4o-mini", "max_tokens": 400, "stream": true,
                 "messages": [{"role": "user", "content": "a long answer"}]}
                """)
        }
        try await Task.sleep(for: .seconds(2))
        let db = try XCTUnwrap(database)
        XCTAssertEqual(try db.sql("SELECT count(*) FROM budget_holds"), "1", "the stream holds its budget")
        XCTAssertEqual(try db.sql("SELECT outcome FROM attempts"), "in_flight")
        kill(doomed.process.processIdentifier, SIGKILL)
        _ = await streaming.value
        // The survivor renews every 2/3 s and cleans up after instances whose heartbeat expired.
        var released = false
        for _ in 0..<40 where !released {
            try await Task.sleep(for: .milliseconds(250))
            released = try db.sql("SELECT count(*) FROM budget_holds") == "0"
                && db.sql("SELECT outcome FROM attempts") == "interrupted"
        }
        let state = "holds: \(try db.sql("SELECT count(*) FROM budget_holds")), attempt: \(try db.sql("SELECT outcome FROM attempts"))"
        XCTAssertTrue(released, state)
        XCTAssertEqual(try db.sql("SELECT count(*) FROM budget_settlements WHERE released"), "1")
        XCTAssertEqual(try db.sql("SELECT bool_and(reserved = 0) FROM budget_scopes"), "t", "nothing stays held")
        let partial = try db.sql("SELECT text FROM messages WHERE role = 'assistant'")
        XCTAssertTrue(partial.hasPrefix("one slow"), "the partial answer is kept: '\(partial)'")
        survivor.stop()
        try await fixture.shutdown()
    }
}
