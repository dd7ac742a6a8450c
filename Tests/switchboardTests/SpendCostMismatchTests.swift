import Foundation
import SwitchboardCore
import XCTest
@testable import SwitchboardStore

/// `spend` keeps both the computed and the reported cost, and flags a request where they differ.
final class SpendCostMismatchTests: XCTestCase {
    private var cli: CLIRunner!

    override func setUpWithError() throws { cli = try CLIRunner() }
    override func tearDown() { cli?.cleanUp() }

    private func attempt(ordinal: Int, model: String, cost: String, reported: String?) -> AttemptRecord {
        AttemptRecord(turnID: UUID(), ordinal: ordinal, model: model, provider: "openrouter", providerModel: model,
                      reason: "explicit", outcome: .success, startedAt: Date(), duration: .milliseconds(900),
                      usage: Usage(input: 250_000, output: 1_000), cost: Money(decimalString: cost),
                      reportedCost: reported.flatMap { Money(decimalString: $0) })
    }

    func testADifferingReportedCostIsFlaggedAndAMatchingOneIsNot() throws {
        let directory = cli.home.appendingPathComponent("data/switchboard")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let store = try SQLiteStore(url: directory.appendingPathComponent("switchboard.sqlite"))
        // The case before tiers were priced: computed $0.3225, billed $0.64.
        try store.recordAttempt(attempt(ordinal: 1, model: "google/gemini-2.5-pro", cost: "0.3225", reported: "0.64"))
        try store.recordAttempt(attempt(ordinal: 1, model: "openai/gpt-5", cost: "0.5", reported: "0.5000000001"))

        let result = try cli.run(["spend", "--by", "model"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let gemini = try XCTUnwrap(lines.first { $0.hasPrefix("google/gemini-2.5-pro") }, result.stdout)
        XCTAssertTrue(gemini.contains("$0.64 !"), gemini)
        let gpt = try XCTUnwrap(lines.first { $0.hasPrefix("openai/gpt-5") }, result.stdout)
        XCTAssertFalse(gpt.contains("!"), "within 1e-9 USD is the same cost: \(gpt)")
        XCTAssertTrue(result.stderr.contains("on 1 request(s) the provider reported a cost that differs"), result.stderr)
    }

    func testNoNoteWhenEveryReportedCostMatches() throws {
        let directory = cli.home.appendingPathComponent("data/switchboard")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let store = try SQLiteStore(url: directory.appendingPathComponent("switchboard.sqlite"))
        try store.recordAttempt(attempt(ordinal: 1, model: "google/gemini-2.5-pro", cost: "0.64", reported: "0.64"))
        let result = try cli.run(["spend"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertFalse(result.stdout.contains("!"), result.stdout)
        XCTAssertFalse(result.stderr.contains("differs"), result.stderr)
    }
}
