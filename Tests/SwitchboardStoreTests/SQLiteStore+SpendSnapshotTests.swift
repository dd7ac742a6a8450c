import XCTest
import SwitchboardCore
@testable import SwitchboardStore

/// The workbench's spend line (`SessionStore.spend`) reads only each attempt's time and cost; its figures must be
/// the ones the full day-by-day spend report gives: today's day, the month so far, unknown costs counted apart.
final class SQLiteStoreSpendSnapshotTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws {
        directory = try TemporaryDirectory()
    }

    private var utc: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        return calendar
    }

    func testTodayAndMonthMatchTheDailyReport() async throws {
        let store = try SQLiteStore(url: directory.url.appendingPathComponent("spend.sqlite"))
        let session = try store.createSession(firstPrompt: "spend", model: "openai/gpt-4o-mini").id
        let now = Clock.base  // 2025-06-15 15:06:40 UTC
        let hour = 3600.0
        let price = Money(Decimal(string: "0.0012") ?? 0)
        try store.storeTurn(session: session, prompt: "last month", reply: "a", at: now.addingTimeInterval(-20 * 24 * hour))
        try store.storeTurn(session: session, prompt: "this month", reply: "b", at: now.addingTimeInterval(-3 * 24 * hour))
        try store.storeTurn(session: session, prompt: "today", reply: "c", at: now.addingTimeInterval(-hour))
        try store.storeTurn(session: session, prompt: "today, no price", reply: "d", cost: nil, at: now.addingTimeInterval(-2 * hour))
        try store.storeTurn(session: session, prompt: "tomorrow", reply: "e", at: now.addingTimeInterval(24 * hour))

        let snapshot = try await store.spend(now: now, calendar: utc)
        XCTAssertEqual(snapshot, SpendSnapshot(today: price, month: price + price + price, incomplete: true))

        let report = try store.spend(by: .day, since: utc.dateInterval(of: .month, for: now)?.start, calendar: utc)
        XCTAssertEqual(snapshot.month, report.total.cost.knownOrNil)
        XCTAssertEqual(snapshot.today, report.rows.first { $0.key == "2025-06-15" }?.cost.knownOrNil)
    }

    func testEveryCostUnknownTodayIsUnknownNotZero() async throws {
        let store = try SQLiteStore(url: directory.url.appendingPathComponent("unknown.sqlite"))
        let session = try store.createSession(firstPrompt: "spend", model: "openai/gpt-4o-mini").id
        try store.storeTurn(session: session, prompt: "no price", reply: "a", cost: nil, at: Clock.base)
        let snapshot = try await store.spend(now: Clock.base, calendar: utc)
        XCTAssertEqual(snapshot, SpendSnapshot(today: nil, month: nil, incomplete: true))
    }

    func testNothingSpentIsZero() async throws {
        let store = try SQLiteStore(url: directory.url.appendingPathComponent("empty.sqlite"))
        let snapshot = try await store.spend(now: Clock.base, calendar: utc)
        XCTAssertEqual(snapshot, SpendSnapshot(today: .zero, month: .zero, incomplete: false))
    }
}
