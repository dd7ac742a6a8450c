import XCTest
@testable import SwitchboardStore
import SwitchboardCore

final class SQLiteStoreReportsTests: XCTestCase {
    private var directory: TemporaryDirectory!
    private var store: SQLiteStore!

    override func setUpWithError() throws {
        directory = try TemporaryDirectory()
        store = try SQLiteStore(url: directory.databaseURL)
    }

    private func money(_ text: String) -> Money { Money(Decimal(string: text) ?? -1) }

    private func attempt(_ turn: UUID, _ ordinal: Int, model: String, provider: String, outcome: AttemptRecord.Outcome = .success,
                         at seconds: Double, ttft: Int64? = 100, duration: Int64 = 1000, output: Int = 10,
                         cost: Money?, reported: Money? = nil) -> AttemptRecord {
        AttemptRecord(turnID: turn, ordinal: ordinal, model: model, provider: provider, providerModel: model,
                      reason: "explicit", outcome: outcome, startedAt: Clock.at(seconds), ttft: ttft.map(Duration.milliseconds),
                      duration: .milliseconds(duration), usage: Usage(input: 5, output: output, cacheRead: 1, reasoning: 2),
                      cost: cost, reportedCost: reported)
    }

    func testSpendByModelAddsExactDecimalsAndCountsUnknownApart() throws {
        let session = try store.createSession(firstPrompt: "s", model: nil)
        let turn = UUID()
        try store.appendUserMessage(session: session.id, turn: turn, text: "q")
        for (index, cost) in ["0.1", "0.2", "0.0000001"].enumerated() {
            try store.recordAttempt(attempt(turn, index + 1, model: "a", provider: "openai", at: Double(index), cost: money(cost),
                                            reported: index == 0 ? money("0.11") : nil))
        }
        try store.recordAttempt(attempt(turn, 4, model: "a", provider: "groq", at: 4, cost: nil))
        try store.recordAttempt(attempt(turn, 5, model: "b", provider: "groq", outcome: .failed(.server, afterFirstToken: true),
                                        at: 5, cost: money("0.5")))
        try store.recordAttempt(attempt(turn, 6, model: "c", provider: "groq", at: 6, cost: nil))
        let report = try store.spend(by: .model)
        XCTAssertEqual(report.rows.map(\.key), ["b", "a", "c"], "largest known cost first")
        let a = try XCTUnwrap(report.rows.first { $0.key == "a" })
        XCTAssertEqual(a.requests, 4)
        XCTAssertEqual(a.cost.known, money("0.3000001"))
        XCTAssertEqual(a.cost.unknownCount, 1)
        XCTAssertEqual(a.cost.displayString, "\(money("0.3000001")) + 1 unknown")
        XCTAssertEqual(a.reportedCost, money("0.11"))
        XCTAssertEqual(a.usage, Usage(input: 20, output: 40, cacheRead: 4, reasoning: 8))
        let b = try XCTUnwrap(report.rows.first { $0.key == "b" })
        XCTAssertEqual(b.cost.known, money("0.5"), "a failed attempt that was billed counts")
        let c = try XCTUnwrap(report.rows.first { $0.key == "c" })
        XCTAssertNil(c.cost.knownOrNil)
        XCTAssertEqual(c.cost.displayString, "unknown")
        XCTAssertNil(c.reportedCost)
        XCTAssertEqual(report.total.requests, 6)
        XCTAssertEqual(report.total.cost.known, money("0.8000001"))
        XCTAssertEqual(report.total.cost.unknownCount, 2)
        XCTAssertEqual(try store.spend(by: .provider).rows.map(\.key), ["groq", "openai"])
    }

    func testSpendSinceAndByLocalDay() throws {
        let session = try store.createSession(firstPrompt: "s", model: nil)
        let turn = UUID()
        try store.appendUserMessage(session: session.id, turn: turn, text: "q")
        // Clock.base is 2025-06-15T15:06:40Z: 9 hours later is the next day in UTC, the same day in Tokyo.
        try store.recordAttempt(attempt(turn, 1, model: "a", provider: "p", at: 0, cost: money("1")))
        try store.recordAttempt(attempt(turn, 2, model: "a", provider: "p", at: 9 * 3600, cost: money("2")))
        var tokyo = Calendar(identifier: .gregorian)
        tokyo.timeZone = try XCTUnwrap(TimeZone(identifier: "Asia/Tokyo"))
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = try XCTUnwrap(TimeZone(identifier: "UTC"))
        XCTAssertEqual(try store.spend(by: .day, calendar: utc).rows.map(\.key), ["2025-06-15", "2025-06-16"])
        XCTAssertEqual(try store.spend(by: .day, calendar: tokyo).rows.map(\.key), ["2025-06-16"])
        XCTAssertEqual(try store.spend(by: .day, calendar: tokyo).rows.first?.cost.known, money("3"))
        let since = try store.spend(by: .model, since: Clock.at(3600))
        XCTAssertEqual(since.total.cost.known, money("2"))
        XCTAssertEqual(since.total.requests, 1)
    }

    func testSpendBySessionLabelsWithTitles() throws {
        let first = try store.createSession(firstPrompt: "First chat", model: nil)
        let second = try store.createSession(firstPrompt: "Second chat", model: nil)
        try store.storeTurn(session: first.id, prompt: "a", reply: "b", cost: money("0.002"))
        try store.storeTurn(session: second.id, prompt: "a", reply: "b", cost: money("0.001"))
        let rows = try store.spend(by: .session).rows
        XCTAssertEqual(rows.map(\.key), [SQLiteStore.text(first.id), SQLiteStore.text(second.id)])
        XCTAssertEqual(rows.map(\.label), ["First chat", "Second chat"])
    }

    func testStatsPerModelAndProvider() throws {
        let session = try store.createSession(firstPrompt: "s", model: nil)
        let turn = UUID()
        try store.appendUserMessage(session: session.id, turn: turn, text: "q")
        let ttfts: [Int64] = [100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]
        for (index, ttft) in ttfts.enumerated() {
            try store.recordAttempt(attempt(turn, index, model: "m", provider: "fast", at: Double(index), ttft: ttft,
                                            duration: ttft + 1000, output: 50, cost: nil))
        }
        try store.recordAttempt(attempt(turn, 20, model: "m", provider: "fast", outcome: .failed(.rateLimited, afterFirstToken: false),
                                        at: 30, ttft: nil, duration: 50, output: 0, cost: nil))
        try store.recordAttempt(attempt(turn, 21, model: "m", provider: "fast", outcome: .failed(.timeout, afterFirstToken: false),
                                        at: 31, ttft: nil, duration: 30000, output: 0, cost: nil))
        try store.recordAttempt(attempt(turn, 22, model: "m", provider: "fast", outcome: .cancelled, at: 32, ttft: 50,
                                        duration: 60, output: 1, cost: nil))
        try store.recordAttempt(attempt(turn, 23, model: "m", provider: "slow", at: 33, cost: nil))
        let stats = try store.stats()
        XCTAssertEqual(stats.map(\.provider), ["fast", "slow"])
        let fast = try XCTUnwrap(stats.first)
        XCTAssertEqual(fast.requests, 13)
        XCTAssertEqual(fast.successes, 10)
        XCTAssertEqual(fast.cancelled, 1)
        XCTAssertEqual(fast.errors, ["rate_limited": 1, "timeout": 1])
        XCTAssertEqual(fast.errorRate, 2.0 / 13.0, accuracy: 1e-12)
        XCTAssertEqual(fast.ttftP50, 500, "nearest rank over the 11 first tokens, cancelled one included")
        XCTAssertEqual(fast.ttftP95, 1000)
        XCTAssertEqual(fast.durationP50, 1500)
        XCTAssertEqual(fast.durationP95, 2000)
        XCTAssertEqual(try XCTUnwrap(fast.outputTokensPerSecond), 50.0, accuracy: 1e-9, "50 tokens per 1000 ms of streaming")
        XCTAssertEqual(try store.stats(since: Clock.at(32.5)).map(\.provider), ["slow"])
    }
}
