import Foundation
import SwitchboardCore
import XCTest
@testable import SwitchboardStore

/// `spend --by key|tag` through the real binary, over a database whose turns were made with gateway keys.
final class SpendByKeyTests: XCTestCase {
    private var cli: CLIRunner!

    override func setUpWithError() throws { cli = try CLIRunner() }
    override func tearDown() { cli?.cleanUp() }

    private func attempt(_ turn: UUID, cost: String) -> AttemptRecord {
        AttemptRecord(turnID: turn, ordinal: 1, model: "demo/mini", provider: "demo", providerModel: "mini",
                      reason: "explicit", outcome: .success, startedAt: Date(), duration: .milliseconds(900),
                      usage: Usage(input: 100, output: 10), cost: Money(decimalString: cost))
    }

    func testSpendGroupsByKeyAndByTag() async throws {
        let path = cli.home.appendingPathComponent("spend.sqlite").path
        let store = try SQLiteStore(url: URL(fileURLWithPath: path))
        let (_, stored) = GatewayKeySecret.generate()
        let key = try await store.createGatewayKey(name: "ci", limits: GatewayKeyLimits(), stored: stored, at: Date())
        let (first, second, plain) = (UUID(), UUID(), UUID())
        try store.recordAttempt(attempt(first, cost: "0.25"))
        try store.recordAttempt(attempt(second, cost: "0.5"))
        try store.recordAttempt(attempt(plain, cost: "1"))
        try await store.attributeTurn(first, key: key.id, tags: ["nightly", "team:a"])
        try await store.attributeTurn(second, key: key.id, tags: ["nightly"])
        try store.close()

        let byKey = try cli.run(["spend", "--by", "key", "--db", path])
        XCTAssertEqual(byKey.status, 0, byKey.stderr)
        let keyRows = byKey.stdout.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true) }
        XCTAssertEqual(keyRows.first?.first, "KEY")
        XCTAssertTrue(keyRows.contains { $0.starts(with: ["ci", "2", "$0.75"]) }, byKey.stdout)
        XCTAssertTrue(keyRows.contains { $0.starts(with: ["(no", "key)", "1", "$1.00"]) }, byKey.stdout)

        let byTag = try cli.run(["spend", "--by", "tag", "--json", "--db", path])
        XCTAssertEqual(byTag.status, 0, byTag.stderr)
        let rows = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(byTag.stdout.utf8)) as? [[String: Any]], byTag.stdout)
        let costs = Dictionary(uniqueKeysWithValues: rows.compactMap { row in
            (row["key"] as? String).map { ($0, "\(row["cost"] ?? "")") }
        })
        XCTAssertEqual(costs["nightly"], "0.75")
        XCTAssertEqual(costs["team:a"], "0.25")
        XCTAssertEqual(costs["(untagged)"], "1")

        let wrong = try cli.run(["spend", "--by", "team", "--db", path])
        XCTAssertEqual(wrong.status, 2)
        XCTAssertTrue(wrong.stderr.contains("model, provider, day, session, key, tag"), wrong.stderr)
    }
}
