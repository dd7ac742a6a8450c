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

    /// The counter the workbench polls is SQLite's own (`PRAGMA data_version`); what the activity shows is checked on
    /// both backends by the gateway contract (Tests/SwitchboardPostgresTests/Contract/GatewayContract.swift).
    func testAnotherConnectionsCommitMovesTheCounterAndTheWorkbenchsOwnDoesNot() async throws {
        let directory = try TemporaryDirectory()
        let workbench = try SQLiteStore(url: directory.databaseURL)
        let serve = try SQLiteStore(url: directory.databaseURL)
        let before = try await workbench.externalChangeCounter()
        XCTAssertNotNil(before)

        let ci = try await key(serve, "ci")
        let first = try await turn(serve, key: ci)
        try await serve.begin(attempt(first, outcome: .inFlight))
        let changed = try await workbench.externalChangeCounter()
        XCTAssertNotEqual(changed, before, "another connection's commit moves the counter")
        let activity = try await workbench.gatewayActivity(now: Date(), calendar: .current)
        XCTAssertEqual(activity.inFlight, 1)

        // The workbench's own turns (no key) neither show nor move the counter it polls.
        let quiet = try await workbench.externalChangeCounter()
        let own = try await turn(workbench, key: nil)
        try await workbench.record(attempt(own, outcome: .failed(.server, afterFirstToken: false), message: "own"))
        let still = try await workbench.externalChangeCounter()
        XCTAssertEqual(still, quiet)
        let unchanged = try await workbench.gatewayActivity(now: Date(), calendar: .current)
        XCTAssertEqual(unchanged, activity)
    }
}
