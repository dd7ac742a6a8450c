import Foundation
import SwitchboardCore
import SwitchboardTestSupport
import XCTest

/// `switchboard db migrate` with the real binary: a SQLite history made by `ask` and a keyed `serve` request
/// against a fixture provider is copied into an empty PostgreSQL database; the reports then read the same from
/// either; a second copy into the now non-empty database is refused with exit 2; the password is never printed.
final class DbMigrateCommandTests: XCTestCase {
    private var database: PostgresTestDatabase?

    override func setUp() async throws {
        database = try PostgresTestDatabase.forTest()
    }

    override func tearDown() async throws {
        try database?.drop()
    }

    func testASQLiteHistoryMovesToPostgresAndReadsTheSame() async throws {
        let target = try XCTUnwrap(database).url
        let password = try XCTUnwrap(URLComponents(string: target)?.password)
        let fixture = try await ProviderFixture.start(.init(answer: FixtureAnswer(text: "hello from the fixture",
                                                                                  usage: Usage(input: 24, output: 400))))
        let cli = try CLIRunner(extraEnvironment: ["OPENAI_API_KEY": "sk-fixture"])
        defer { cli.cleanUp() }
        let sqlite = cli.home.appendingPathComponent("history.sqlite").path
        try cli.writeConfig("""
            default_model = "gpt-4o-mini"

            [providers.openai]
            base_url = "\(fixture.openAIBaseURL.absoluteString)"
            """)
        for prompt in ["first question", "second question", "a question deleted later"] {
            let asked = try cli.run(["ask", "--db", sqlite, "-m", "gpt-4o-mini", prompt])
            XCTAssertEqual(asked.status, 0, asked.stderr)
        }
        // A deleted session's attempts stay in the ledger (and in spend): they are copied too.
        let deleted = try cli.run(["history", "delete", "last", "--yes", "--db", sqlite])
        XCTAssertEqual(deleted.status, 0, deleted.stderr)
        let created = try cli.run(["keys", "create", "ci", "--daily", "5", "--db", sqlite])
        XCTAssertEqual(created.status, 0, created.stderr)
        let secret = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        _ = try cli.run(["keys", "create", "old", "--db", sqlite])
        _ = try cli.run(["keys", "revoke", "old", "--db", sqlite])
        let serve = try LiveServe.start(cli, ["--db", sqlite])
        let reply = try await serve.post("/v1/chat/completions", json: """
            {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "from a client"}]}
            """, key: secret)
        _ = serve.stop()
        try await fixture.shutdown()
        XCTAssertEqual(reply.status, 200, reply.text)

        let migrated = try cli.run(["db", "migrate", "--from", sqlite, "--to", target])
        XCTAssertEqual(migrated.status, 0, migrated.stdout + migrated.stderr)
        XCTAssertTrue(migrated.stdout.contains("verified: every count and total matches"), migrated.stdout)
        XCTAssertTrue(migrated.stdout.contains("sessions           3 = 3"), migrated.stdout)
        XCTAssertTrue(migrated.stdout.contains("attempts           4 = 4"), migrated.stdout)
        XCTAssertTrue(migrated.stdout.contains("cost of key ci"), migrated.stdout)
        XCTAssertFalse((migrated.stdout + migrated.stderr).contains(password), "the password is never printed")

        // The same reports from either database.
        for report in [["history", "list", "--json"], ["spend", "--json"], ["spend", "--by", "key", "--json"], ["keys", "list"]] {
            let fromSQLite = try cli.run(report + ["--db", sqlite])
            let fromPostgres = try cli.run(report + ["--db", target])
            XCTAssertEqual(fromSQLite.status, 0, fromSQLite.stderr)
            XCTAssertEqual(fromPostgres.status, 0, "\(report): \(fromPostgres.stderr)")
            XCTAssertEqual(fromPostgres.stdout, fromSQLite.stdout, "\(report.joined(separator: " ")) reads the same")
        }

        let again = try cli.run(["db", "migrate", "--from", sqlite, "--to", target])
        XCTAssertEqual(again.status, 2, again.stdout + again.stderr)
        XCTAssertTrue(again.stderr.contains("is not empty (it holds 3 sessions"), again.stderr)
        XCTAssertFalse(again.stderr.contains(password), again.stderr)
        let sessions = try XCTUnwrap(database).sql("SELECT count(*) FROM sessions")
        XCTAssertEqual(sessions, "3", "the refused copy wrote nothing")
    }

    func testBadArgumentsExitTwoAndWriteNothing() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let target = try XCTUnwrap(database).url
        let missing = try cli.run(["db", "migrate", "--from", cli.home.appendingPathComponent("none.sqlite").path, "--to", target])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("there is no database at"), missing.stderr)
        let notPostgres = try cli.run(["db", "migrate", "--from", "x.sqlite", "--to", "mysql://a@b/c"])
        XCTAssertEqual(notPostgres.status, 2)
        XCTAssertTrue(notPostgres.stderr.contains("--to must be a postgres://"), notPostgres.stderr)
    }
}
