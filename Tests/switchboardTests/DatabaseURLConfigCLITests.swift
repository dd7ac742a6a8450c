import Foundation
import SwitchboardTestSupport
import XCTest

/// `database_url` in config.toml names the history for every command when neither `--db` nor `$SWITCHBOARD_DB`
/// does: a SQLite path, or a shared PostgreSQL database.
final class DatabaseURLConfigCLITests: XCTestCase {
    func testAConfiguredFileIsWhereAskRecordsAndHistoryReads() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let file = cli.home.appendingPathComponent("team/history.sqlite")
        try cli.writeConfig("database_url = \"\(file.path)\"\n")
        let asked = try cli.run(["ask", "-m", "demo/mini", "what do capybaras eat?"])
        XCTAssertEqual(asked.status, 0, asked.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: file.path), "the turn went to the configured file")
        let listed = try cli.run(["history", "list"])
        XCTAssertTrue(listed.stdout.contains("capybaras"), listed.stdout)
        // --db still wins over the config.
        let elsewhere = cli.home.appendingPathComponent("other.sqlite").path
        let other = try cli.run(["history", "list", "--db", elsewhere])
        XCTAssertFalse(other.stdout.contains("capybaras"), other.stdout)
    }

    func testAConfiguredPostgresURLOpensTheSharedDatabase() throws {
        let database = try PostgresTestDatabase.forTest()
        defer { XCTAssertNoThrow(try database.drop()) }
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        try cli.writeConfig("database_url = \"\(database.url)\"\n")
        let asked = try cli.run(["ask", "-m", "demo/mini", "what do wombats eat?"])
        XCTAssertEqual(asked.status, 0, asked.stderr)
        XCTAssertEqual(try database.sql("SELECT count(*) FROM sessions").trimmingCharacters(in: .whitespacesAndNewlines), "1")
        let listed = try cli.run(["history", "list"])
        XCTAssertTrue(listed.stdout.contains("wombats"), listed.stdout)
    }
}
