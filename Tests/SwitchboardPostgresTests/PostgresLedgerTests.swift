import Foundation
import SwitchboardCore
import SwitchboardPostgres
import XCTest

final class PostgresLedgerTests: PostgresTestCase, @unchecked Sendable {
    func testAnAttemptIsInFlightThenEndedInPlace() async throws {
        let store = try await open()
        let since = Date().addingTimeInterval(-60)
        let ended = BudgetFixtures.attempt(cost: BudgetFixtures.money("0.000123"))
        try await store.begin(ended)
        let pending = try await store.recentAttempts(since: since)
        XCTAssertEqual(pending.map(\.outcome), [.inFlight])
        try await store.record(ended)
        let after = try await store.recentAttempts(since: since)
        XCTAssertEqual(after, [ended], "the ended attempt replaces its in-flight row and reads back identical")
    }

    func testAnAttemptRecordedWithoutBeginIsStoredAndFailuresKeepTheirClass() async throws {
        let store = try await open()
        let turn = UUID()
        let failed = BudgetFixtures.attempt(turn: turn, ordinal: 1, cost: nil,
                                            outcome: .failed(.rateLimited, afterFirstToken: true))
        let second = BudgetFixtures.attempt(turn: turn, ordinal: 2, cost: BudgetFixtures.money("0.2"))
        try await store.record(failed)
        try await store.record(second)
        let attempts = try await store.recentAttempts(since: Date().addingTimeInterval(-60))
        XCTAssertEqual(attempts.count, 2)
        XCTAssertEqual(Set(attempts), [failed, second])
        XCTAssertNil(attempts.first { $0.ordinal == 1 }?.cost, "an unknown cost stays unknown")
    }

    func testRecordedCostsCountExactlyTowardsTodayAndTheSession() async throws {
        let store = try await open()
        let session = try makeSession()
        let turn = UUID()
        // The turn belongs to the session (what the session store writes when it opens the reply).
        try sql("INSERT INTO turns (id, session_id) VALUES ('\(turn.uuidString)', '\(session.uuidString)')")
        try await store.record(BudgetFixtures.attempt(turn: turn, ordinal: 1, cost: BudgetFixtures.money("0.1")))
        try await store.record(BudgetFixtures.attempt(turn: turn, ordinal: 2, cost: BudgetFixtures.money("0.2")))
        try await store.record(BudgetFixtures.attempt(cost: nil))
        let spend = try await store.currentBudgetSpend(session: session)
        XCTAssertEqual(spend.today, BudgetFixtures.money("0.3"), "0.1 + 0.2 is exactly 0.3 in numeric")
        XCTAssertEqual(spend.thisMonth, BudgetFixtures.money("0.3"))
        XCTAssertEqual(spend.thisSession, BudgetFixtures.money("0.3"))
        let other = try await store.currentBudgetSpend(session: UUID())
        XCTAssertEqual(other.thisSession, .zero)
    }

    func testRecentAttemptsAreOldestFirstFromTheGivenTime() async throws {
        let store = try await open()
        let now = Date(timeIntervalSince1970: (Date().timeIntervalSince1970).rounded())
        let old = BudgetFixtures.attempt(cost: nil, startedAt: now.addingTimeInterval(-3600))
        let later = BudgetFixtures.attempt(cost: nil, startedAt: now.addingTimeInterval(-10))
        let earlier = BudgetFixtures.attempt(cost: nil, startedAt: now.addingTimeInterval(-20))
        for attempt in [old, later, earlier] { try await store.record(attempt) }
        let recent = try await store.recentAttempts(since: now.addingTimeInterval(-60))
        XCTAssertEqual(recent, [earlier, later])
    }
}
