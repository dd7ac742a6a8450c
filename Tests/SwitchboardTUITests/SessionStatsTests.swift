import XCTest
import SwitchboardCore
@testable import SwitchboardTUI

final class SessionStatsTests: XCTestCase {
    func testCostTextNeverTurnsUnknownIntoZero() {
        var stats = SessionStats()
        XCTAssertEqual(stats.sessionCostText, "$0.00")
        stats.recordTurn(cost: nil, ttft: nil)
        XCTAssertEqual(stats.sessionCostText, "unknown")
        stats.recordTurn(cost: Money(Decimal(string: "0.25") ?? 0), ttft: .milliseconds(100))
        XCTAssertEqual(stats.sessionCostText, Money(Decimal(string: "0.25") ?? 0).description + " + unknown")
    }

    func testSumsAreExactDecimals() {
        var stats = SessionStats()
        for _ in 0..<10 { stats.recordTurn(cost: Money(Decimal(string: "0.1") ?? 0), ttft: nil) }
        XCTAssertEqual(stats.cost, Money(1))
    }

    func testSpendAddsWhatThisRunSpentSinceTheSnapshot() {
        var stats = SessionStats()
        XCTAssertEqual(stats.spendText(nil, incomplete: false), "…", "not loaded yet")
        stats.stored = SpendSnapshot(today: Money(2), month: nil, incomplete: true)
        stats.recordTurn(cost: Money(1), ttft: nil)
        XCTAssertEqual(stats.spendText(stats.stored?.today, incomplete: true), Money(3).description + "+")
        XCTAssertEqual(stats.spendText(stats.stored?.month, incomplete: true), "unknown")
    }

    func testProviderHealthTracksTheLastError() {
        var stats = SessionStats()
        let turn = UUID()
        stats.recordAttempt(Fixtures.attempt(turn: turn, outcome: .failed(.timeout, afterFirstToken: false)))
        XCTAssertEqual(stats.providers["demo"]?.lastError, "timeout")
        stats.recordAttempt(Fixtures.attempt(turn: turn))
        XCTAssertNil(stats.providers["demo"]?.lastError)
        XCTAssertEqual(stats.providers["demo"]?.failures, 1)
        XCTAssertEqual(stats.providers["demo"]?.successes, 1)
    }
}
