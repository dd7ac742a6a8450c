import Foundation
import XCTest

/// `switchboard keys` through the real binary: the key is printed once and only there, bad input exits 2 with
/// nothing written, and list and revoke show what the database holds.
final class KeysCommandTests: XCTestCase {
    private var cli: CLIRunner!
    private var database: String { cli.home.appendingPathComponent("keys.sqlite").path }

    override func setUpWithError() throws {
        cli = try CLIRunner()
    }

    override func tearDown() {
        cli.cleanUp()
    }

    private func keys(_ arguments: String...) throws -> CLIRunner.Result {
        try cli.run(["keys"] + arguments + ["--db", database])
    }

    func testCreatePrintsTheKeyOnceAndStoresOnlyItsHash() throws {
        let created = try keys("create", "ci", "--daily", "5", "--monthly", "$50", "--models", "gpt-4o*,anthropic/*", "--rpm", "30")
        XCTAssertEqual(created.status, 0, created.stderr)
        XCTAssertNotNil(created.stdout.range(of: #"^sb-[0-9a-f]{64}\n$"#, options: .regularExpression), created.stdout)
        XCTAssertTrue(created.stderr.contains("cannot be shown again"), created.stderr)
        XCTAssertTrue(created.stderr.contains("daily cap $5.00, monthly cap $50.00, models gpt-4o*,anthropic/*, 30 requests/minute"),
                      created.stderr)
        let secret = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        for suffix in ["", "-wal"] {
            let path = database + suffix
            guard let bytes = FileManager.default.contents(atPath: path) else { continue }
            XCTAssertNil(bytes.range(of: Data(secret.dropFirst(11).utf8)), "the key is in \(path)")
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            XCTAssertEqual(mode, 0o600, path)
        }
        let listed = try keys("list")
        XCTAssertEqual(listed.status, 0, listed.stderr)
        XCTAssertFalse(listed.stdout.contains(secret), "list never shows the key")
        let row = try XCTUnwrap(listed.stdout.split(separator: "\n").first { $0.hasPrefix("ci ") })
        XCTAssertTrue(row.contains(String(secret.prefix(11)) + "…"), String(row))
        XCTAssertTrue(row.contains("$5.00") && row.contains("$50.00") && row.contains("gpt-4o*,anthropic/*") && row.contains("30"),
                      String(row))
        let json = try keys("list", "--json")
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(object["name"] as? String, "ci")
        XCTAssertEqual(object["daily"] as? String, "5")
        XCTAssertEqual(object["spent_today"] as? String, "0")
        XCTAssertEqual(object["models"] as? [String], ["gpt-4o*", "anthropic/*"])
        XCTAssertTrue(object["revoked"] is NSNull || object["revoked"] == nil)
    }

    func testBadInputExitsTwoAndCreatesNothing() throws {
        for (arguments, message) in [(["create", "x", "--daily", "abc"], "--daily: expected an amount in USD"),
                                     (["create", "x", "--monthly=-1"], "--monthly: expected an amount in USD"),
                                     (["create", "x", "--models", "gpt 4"], "--models: model pattern 'gpt 4'"),
                                     (["create", "x", "--models", "a,,b"], "--models: a model pattern is empty"),
                                     (["create", "x", "--rpm", "0"], "--rpm must be"),
                                     (["create", "bad name"], "is not a usable key name")] {
            let result = try cli.run(["keys"] + arguments + ["--db", database])
            XCTAssertEqual(result.status, 2, "\(arguments): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            XCTAssertEqual(result.stdout, "", "\(arguments): no key printed")
        }
        let listed = try keys("list")
        XCTAssertTrue(listed.stderr.contains("no keys yet"), listed.stderr)
        XCTAssertEqual(try keys("create", "x").status, 0)
        let duplicate = try keys("create", "x")
        XCTAssertEqual(duplicate.status, 2)
        XCTAssertTrue(duplicate.stderr.contains("a key named 'x' already exists"), duplicate.stderr)
        XCTAssertEqual(duplicate.stdout, "")
    }

    func testRevoke() throws {
        XCTAssertEqual(try keys("create", "ci").status, 0)
        let revoked = try keys("revoke", "ci")
        XCTAssertEqual(revoked.status, 0, revoked.stderr)
        XCTAssertTrue(revoked.stdout.hasPrefix("revoked key 'ci' (sb-"), revoked.stdout)
        let again = try keys("revoke", "ci")
        XCTAssertEqual(again.status, 0)
        XCTAssertTrue(again.stderr.contains("was already revoked"), again.stderr)
        let json = try keys("list", "--json")
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        XCTAssertNotNil(object["revoked"] as? String)
        let unknown = try keys("revoke", "nope")
        XCTAssertEqual(unknown.status, 2)
        XCTAssertTrue(unknown.stderr.contains("no key named 'nope'"), unknown.stderr)
    }
}
