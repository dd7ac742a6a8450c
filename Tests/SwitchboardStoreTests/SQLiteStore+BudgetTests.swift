import GRDB
import XCTest
@testable import SwitchboardStore
import SwitchboardCore

final class SQLiteStoreBudgetTests: XCTestCase {
    private func money(_ text: String) -> Money { Money(Decimal(string: text) ?? -1) }

    private var utc: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        return calendar
    }

    func testSpendCountsAttemptsAndOpenReservationsByScope() throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(url: directory.databaseURL)
        let session = try store.createSession(firstPrompt: "s", model: nil)
        let other = try store.createSession(firstPrompt: "o", model: nil)
        let now = Clock.base   // 2025-06-15T15:06:40Z
        try store.storeTurn(session: session.id, prompt: "a", reply: "b", cost: money("0.25"), at: now.addingTimeInterval(-60))
        try store.storeTurn(session: other.id, prompt: "a", reply: "b", cost: money("1"), at: now.addingTimeInterval(-86_400))
        try store.storeTurn(session: other.id, prompt: "a", reply: "b", cost: money("4"), at: now.addingTimeInterval(-40 * 86_400))
        let (held, _) = try store.reserveBudget(session: session.id, at: now, calendar: utc) { _ in (money("0.5"), ()) }
        XCTAssertNotNil(held)
        let spend = try store.budgetSpend(session: session.id, at: now, calendar: utc)
        XCTAssertEqual(spend.today, money("0.75"))
        XCTAssertEqual(spend.thisMonth, money("1.75"))
        XCTAssertEqual(spend.thisSession, money("0.75"))
        try store.settleBudget(try XCTUnwrap(held), actual: money("0.01"), at: now)
        XCTAssertEqual(try store.budgetSpend(session: session.id, at: now, calendar: utc).today, money("0.25"))
        let stale = try store.budgetSpend(session: nil, at: now.addingTimeInterval(2 * SQLiteStore.reservationLifetime), calendar: utc)
        XCTAssertEqual(stale.thisSession, .zero)
    }

    /// Ctrl-C cancels the engine's task, which then settles its hold: GRDB's async access refuses to start in a
    /// cancelled task, so the hold was left open and the turn exited as "could not be saved".
    func testACancelledTurnStillSettlesItsHoldAndEndsItsAttempt() async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(url: directory.databaseURL)
        let ledger: any BudgetLedger = store
        let turn = UUID()
        let attempt = AttemptRecord(turnID: turn, ordinal: 1, model: "demo/mini", provider: "demo", providerModel: "demo-mini",
                                    reason: "test", outcome: .inFlight, startedAt: Date(), duration: .zero)
        let (hold, _) = try await ledger.reserve(session: nil) { _ in (Money(Decimal(1)), .fits(reserve: Money(Decimal(1)), warnings: [])) }
        let cancelled = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await store.begin(attempt)
            var ended = attempt
            ended.outcome = .cancelled
            try await store.record(ended)
            try await ledger.settle(try XCTUnwrap(hold), actual: nil)
        }
        try await cancelled.value
        XCTAssertEqual(try store.budgetSpend(session: nil, at: Date(), calendar: utc).today, .zero, "the hold is released")
        let outcomes = try await store.connections.read { db in try String.fetchAll(db, sql: "SELECT outcome FROM attempts") }
        XCTAssertEqual(outcomes, ["cancelled"])
    }

    func testDecisionWithoutReserveStoresNothing() throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(url: directory.databaseURL)
        let (held, decision) = try store.reserveBudget(session: nil, at: Clock.base) { spend in (nil, spend.today) }
        XCTAssertNil(held)
        XCTAssertEqual(decision, .zero)
    }

    /// Two processes checking a $1.00 daily limit at once: only one $0.60 request fits.
    func testConcurrentReservationsCannotBothFit() throws {
        let directory = try TemporaryDirectory()
        let url = directory.databaseURL
        _ = try SQLiteStore(url: url)
        let granted = LockedList()
        let limit = money("1.00")
        let amount = money("0.60")
        let calendar = utc
        DispatchQueue.concurrentPerform(iterations: 5) { worker in
            do {
                let store = try SQLiteStore(url: url)
                let (held, _) = try store.reserveBudget(session: nil, at: Clock.base, calendar: calendar) { spend -> (Money?, Void) in
                    (spend.today + amount <= limit ? amount : nil, ())
                }
                if held != nil { granted.append("worker \(worker)") }
            } catch {
                granted.append("error \(error)")
            }
        }
        XCTAssertEqual(granted.values.count, 1, "\(granted.values)")
    }
}
