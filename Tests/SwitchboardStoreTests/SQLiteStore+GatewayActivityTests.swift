import XCTest
@testable import SwitchboardStore
import SwitchboardCore

/// The workbench's Gateway section reads `serve`'s traffic from the shared file: two stores on one file stand
/// for the workbench and a `serve` process. What the other writes changes the cheap change counter and shows in
/// the activity (in flight, spend today per key, the last error); the workbench's own writes do not move it.
final class SQLiteStoreGatewayActivityTests: XCTestCase {
    private func money(_ text: String) -> Money { Money(Decimal(string: text) ?? -1) }

    private func key(_ store: SQLiteStore, _ name: String) async throws -> GatewayKey {
        try await store.createGatewayKey(name: name, limits: GatewayKeyLimits(), stored: GatewayKeySecret.generate().1, at: Date())
    }

    /// A turn recorded as `serve` records one: its session, prompt and reply, attributed to `key`.
    private func turn(_ store: SQLiteStore, key: GatewayKey?) async throws -> UUID {
        let session = try await store.createSession(NewSession(firstPrompt: "hi", model: "gpt-4o-mini"))
        let turn = UUID()
        try await store.commitPrompt(session: session, turn: turn, text: "hi")
        try await store.openReply(session: session, turn: turn, promptTurn: turn, requestedModel: "gpt-4o-mini")
        if let key { try await store.attributeTurn(turn, key: key.id, tags: []) }
        return turn
    }

    private func attempt(_ turn: UUID, _ ordinal: Int = 1, outcome: AttemptRecord.Outcome, cost: String? = nil,
                         at: Date = Date(), message: String? = nil) -> AttemptRecord {
        AttemptRecord(turnID: turn, ordinal: ordinal, model: "openai/gpt-4o-mini", provider: "openai",
                      providerModel: "gpt-4o-mini", reason: "explicit", outcome: outcome, status: nil,
                      errorMessage: message, startedAt: at, duration: .milliseconds(200),
                      usage: cost == nil ? .zero : Usage(input: 10, output: 5), cost: cost.map(money))
    }

    func testAnotherConnectionsRequestShowsInFlightThenWithItsSpendAndError() async throws {
        let directory = try TemporaryDirectory()
        let workbench = try SQLiteStore(url: directory.databaseURL)
        let serve = try SQLiteStore(url: directory.databaseURL)
        let now = Date()

        let empty = try await workbench.gatewayActivity(now: now, calendar: .current)
        XCTAssertTrue(empty.isEmpty)
        let before = try await workbench.externalChangeCounter()
        XCTAssertNotNil(before)

        let ci = try await key(serve, "ci")
        let laptop = try await key(serve, "laptop")
        let first = try await turn(serve, key: ci)
        try await serve.begin(attempt(first, outcome: .inFlight))
        let changed = try await workbench.externalChangeCounter()
        XCTAssertNotEqual(changed, before, "another connection's commit moves the counter")

        var activity = try await workbench.gatewayActivity(now: now, calendar: .current)
        XCTAssertEqual(activity.keys, [GatewayActivity.Key(name: "ci", inFlight: 1, spentToday: .zero)])
        XCTAssertEqual(activity.inFlight, 1)
        XCTAssertNil(activity.lastError)

        try await serve.record(attempt(first, outcome: .success, cost: "0.0125"))
        let second = try await turn(serve, key: laptop)
        try await serve.record(attempt(second, outcome: .failed(.rateLimited, afterFirstToken: false),
                                       at: now.addingTimeInterval(1), message: "openai said 429: slow down"))
        try await serve.record(attempt(second, 2, outcome: .success, cost: "0.002", at: now.addingTimeInterval(2)))
        let third = try await turn(serve, key: ci)
        try await serve.record(attempt(third, outcome: .failed(.server, afterFirstToken: true), cost: "0.001",
                                       at: now.addingTimeInterval(3), message: "upstream broke"))

        activity = try await workbench.gatewayActivity(now: now, calendar: .current)
        XCTAssertEqual(activity.keys, [GatewayActivity.Key(name: "ci", inFlight: 0, spentToday: money("0.0135")),
                                       GatewayActivity.Key(name: "laptop", inFlight: 0, spentToday: money("0.002"))])
        let error = try XCTUnwrap(activity.lastError)
        XCTAssertEqual(error.key, "ci")
        XCTAssertEqual(error.kind, "server")
        XCTAssertEqual(error.provider, "openai")
        XCTAssertEqual(error.message, "upstream broke")

        // The workbench's own turns (no key) neither show nor move the counter it polls.
        let quiet = try await workbench.externalChangeCounter()
        let own = try await turn(workbench, key: nil)
        try await workbench.record(attempt(own, outcome: .failed(.server, afterFirstToken: false), message: "own"))
        let still = try await workbench.externalChangeCounter()
        XCTAssertEqual(still, quiet)
        let unchanged = try await workbench.gatewayActivity(now: now, calendar: .current)
        XCTAssertEqual(unchanged, activity)
    }

    func testYesterdaysTrafficIsNotToday() async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(url: directory.databaseURL)
        let ci = try await key(store, "ci")
        let old = try await turn(store, key: ci)
        let yesterday = Calendar.current.date(byAdding: .day, value: -1, to: Date()) ?? Date()
        try await store.record(attempt(old, outcome: .failed(.server, afterFirstToken: false), cost: "1", at: yesterday))
        let activity = try await store.gatewayActivity(now: Date(), calendar: .current)
        XCTAssertTrue(activity.isEmpty, "\(activity)")
    }
}
