import Foundation
import SwitchboardCore
@testable import SwitchboardPostgres
import SwitchboardStore
import XCTest

/// Request lookup, the Gateway section's activity and session archives on PostgreSQL, mirroring the SQLite
/// store's tests; archives are checked against the SQLite store's bytes.
final class PostgresRequestTransferTests: PostgresTestCase, @unchecked Sendable {
    private func money(_ text: String) -> Money { Money(Decimal(string: text) ?? -1) }

    override func setUp() async throws {
        try await super.setUp()
        SessionArchiveCodecs.install(SwitchboardArchiveCodec())
    }

    private func attempt(_ turn: UUID, _ ordinal: Int = 1, outcome: AttemptRecord.Outcome, cost: String? = nil,
                         at: Date = Date(), message: String? = nil) -> AttemptRecord {
        AttemptRecord(turnID: turn, ordinal: ordinal, model: "openai/gpt-4o-mini", provider: "openai",
                      providerModel: "gpt-4o-mini", reason: "explicit", outcome: outcome, status: nil,
                      errorMessage: message, startedAt: at, duration: .milliseconds(200),
                      usage: cost == nil ? .zero : Usage(input: 10, output: 5), cost: cost.map(money))
    }

    /// A turn recorded as `serve` records one: its session, prompt and reply, attributed to `key`.
    private func turn(_ store: any HistoryDatabaseParts, key: GatewayKey?, tags: [String] = []) async throws -> UUID {
        let session = try await store.createSession(NewSession(firstPrompt: "hi", model: "gpt-4o-mini"))
        let turn = UUID()
        try await store.commitPrompt(session: session, turn: turn, text: "hi")
        try await store.openReply(session: session, turn: turn, promptTurn: turn, requestedModel: "gpt-4o-mini")
        if let key { try await store.attributeTurn(turn, key: key.id, tags: tags) }
        return turn
    }

    func testAStoredRequestHasItsKeyTagsReplyAndAttemptsInOrder() async throws {
        let store = try await open()
        let key = try await store.createGatewayKey(name: "ci", limits: GatewayKeyLimits(), stored: GatewayKeySecret.generate().1, at: Date())
        let id = try await turn(store, key: key, tags: ["team:a", "ci"])
        try await store.record(attempt(id, outcome: .failed(.rateLimited, afterFirstToken: false), message: "429"))
        try await store.record(attempt(id, 2, outcome: .success, cost: "0.1"))
        try await store.record(attempt(id, 3, outcome: .success, cost: "0.2"))
        try await store.finishReply(turn: id, AssistantCompletion(text: "hello", status: .complete, resolvedModel: "openai/gpt-4o-mini",
                                                                  provider: "openai"))
        let found = try await store.storedRequest(id)
        let request = try XCTUnwrap(found)
        XCTAssertEqual(request.keyName, "ci")
        XCTAssertEqual(request.tags, ["ci", "team:a"])
        XCTAssertEqual(request.status, .complete)
        XCTAssertEqual(request.requestedModel, "gpt-4o-mini")
        XCTAssertEqual(request.provider, "openai")
        XCTAssertEqual(request.attempts.map(\.ordinal), [1, 2, 3])
        XCTAssertEqual(request.totalCost, money("0.3"), "exact: 0.1 + 0.2")
        XCTAssertNotNil(request.sessionID)
        let missing = try await store.storedRequest(UUID())
        XCTAssertNil(missing)
    }

    func testAnotherInstancesRequestShowsInFlightThenWithItsSpendAndError() async throws {
        let workbench = try await open()
        let serve = try await open()
        let now = Date()
        let empty = try await workbench.gatewayActivity(now: now, calendar: .current)
        XCTAssertTrue(empty.isEmpty)
        let ci = try await serve.createGatewayKey(name: "ci", limits: GatewayKeyLimits(), stored: GatewayKeySecret.generate().1, at: now)
        let laptop = try await serve.createGatewayKey(name: "laptop", limits: GatewayKeyLimits(), stored: GatewayKeySecret.generate().1, at: now)
        let first = try await turn(serve, key: ci)
        try await serve.begin(attempt(first, outcome: .inFlight))
        var activity = try await workbench.gatewayActivity(now: now, calendar: .current)
        XCTAssertEqual(activity.keys, [GatewayActivity.Key(name: "ci", inFlight: 1, spentToday: .zero)])
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
        XCTAssertEqual(error.message, "upstream broke")
        let listed = try await workbench.gatewayKeys()
        XCTAssertEqual(listed.first { $0.key.name == "ci" }?.today, money("0.0135"), "keys list counts the same spend")
        // A yesterday's attempt is not today's.
        let old = try await turn(serve, key: ci)
        let yesterday = Calendar.current.date(byAdding: .day, value: -1, to: now) ?? now
        try await serve.record(attempt(old, outcome: .failed(.server, afterFirstToken: false), cost: "1", at: yesterday))
        let after = try await workbench.gatewayActivity(now: now, calendar: .current)
        XCTAssertEqual(after, activity)
    }

    func testNoAuthTrafficShowsUnderNoKeyAndAskTrafficNever() async throws {
        let store = try await open()
        let match = try await store.gatewaySession(key: nil, conversation: .day("2026-12-05"),
                                                   new: NewSession(firstPrompt: "hi", model: nil), title: nil)
        let served = UUID()
        try await store.commitPrompt(session: match.session, turn: served, text: "hi")
        let asked = try await turn(store, key: nil)
        try await store.begin(attempt(served, outcome: .inFlight))
        try await store.record(attempt(asked, outcome: .failed(.server, afterFirstToken: false), cost: "5", message: "ask's"))
        var activity = try await store.gatewayActivity(now: Date(), calendar: .current)
        XCTAssertEqual(activity.keys, [GatewayActivity.Key(name: "(no key)", inFlight: 1, spentToday: .zero)])
        XCTAssertNil(activity.lastError, "ask's failure is not the gateway's")
        try await store.record(attempt(served, outcome: .failed(.overloaded, afterFirstToken: true), cost: "0.25",
                                       at: Date().addingTimeInterval(1), message: "overloaded"))
        activity = try await store.gatewayActivity(now: Date(), calendar: .current)
        XCTAssertEqual(activity.keys, [GatewayActivity.Key(name: "(no key)", inFlight: 0, spentToday: money("0.25"))])
        XCTAssertEqual(activity.lastError?.kind, "overloaded")
    }

    /// A session with a fallback turn, an unknown cost, a second reply to one prompt and a partial one.
    private func populate(_ store: any HistoryDatabaseParts) async throws -> UUID {
        let session = try await store.createSession(NewSession(firstPrompt: "Compare \"models\"", model: "openai/gpt-4o",
                                                               systemPrompt: "Be exact", task: "code"))
        let turn = UUID()
        try await store.commitPrompt(session: session, turn: turn, text: "Explain 数据库 \u{1B}[31m/ paths")
        try await store.openReply(session: session, turn: turn, promptTurn: turn, requestedModel: "openai/gpt-4o")
        try await store.record(AttemptRecord(turnID: turn, ordinal: 1, model: "openai/gpt-4o", provider: "openai",
                                             providerModel: "gpt-4o", reason: "explicit",
                                             outcome: .failed(.rateLimited, afterFirstToken: false), status: 429,
                                             errorMessage: "slow down", startedAt: Date(), duration: .milliseconds(80)))
        try await store.record(AttemptRecord(turnID: turn, ordinal: 2, model: "openai/gpt-4o", provider: "openrouter",
                                             providerModel: "openai/gpt-4o", reason: "fallback 1 of 1", outcome: .success,
                                             status: 200, startedAt: Date(), ttft: .milliseconds(333),
                                             duration: .milliseconds(2048), usage: Usage(input: 9, output: 21, cacheRead: 4),
                                             cost: nil, reportedCost: money("0.00042")))
        try await store.finishReply(turn: turn, AssistantCompletion(text: "A database stores data.", status: .complete,
                                                                    resolvedModel: "openai/gpt-4o", provider: "openrouter",
                                                                    usage: Usage(input: 9, output: 21, cacheRead: 4),
                                                                    reportedCost: money("0.00042"), ttft: .milliseconds(333),
                                                                    duration: .milliseconds(2048)))
        let again = UUID()
        try await store.openReply(session: session, turn: again, promptTurn: turn, requestedModel: "demo/mini")
        try await store.checkpointReply(turn: again, text: "partial")
        return session
    }

    func testAnArchiveFromSQLiteImportsAndExportsAgainByteForByte() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sb-pg-transfer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let sqlite = try SQLiteStore(url: directory.appendingPathComponent("source.sqlite"))
        let id = try await populate(sqlite)
        let archive = try await sqlite.exportArchive(id.uuidString)
        let store = try await open()
        let imported = try await store.importArchive(archive)
        XCTAssertEqual(imported.sessionID, id)
        XCTAssertTrue(imported.keptID)
        XCTAssertEqual(imported.messageCount, 3)
        XCTAssertEqual(imported.attemptCount, 2)
        let again = try await store.exportArchive(id.uuidString)
        XCTAssertEqual(String(decoding: again, as: UTF8.self), String(decoding: archive, as: UTF8.self))
        // Into the same database: a copy under new ids, without attempts (their spend is counted once already).
        let copy = try await store.importArchive(archive)
        XCTAssertFalse(copy.keptID)
        XCTAssertNotEqual(copy.sessionID, id)
        XCTAssertEqual(copy.attemptCount, 0)
        XCTAssertEqual(try sql("SELECT count(*) FROM attempts").trimmingCharacters(in: .whitespacesAndNewlines), "2")
    }

    /// What an import brings counts in the budgets as the ledger's own writes do: today's, this month's and the
    /// session's spend are the costs it carried (0.1 + 0.2, exactly), on a store that never saw those turns.
    func testImportedCostsCountInTheBudgets() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sb-pg-budget-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let sqlite = try SQLiteStore(url: directory.appendingPathComponent("source.sqlite"))
        let session = try await sqlite.createSession(NewSession(firstPrompt: "a", model: nil))
        for cost in ["0.1", "0.2"] {
            let turn = UUID()
            try await sqlite.commitPrompt(session: session, turn: turn, text: "q")
            try await sqlite.openReply(session: session, turn: turn, promptTurn: turn, requestedModel: "gpt-4o-mini")
            try await sqlite.record(attempt(turn, outcome: .success, cost: cost))
            try await sqlite.finishReply(turn: turn, AssistantCompletion(text: "a", status: .complete, cost: money(cost)))
        }
        let store = try await open()
        _ = try await store.importArchive(try await sqlite.exportArchive(session.uuidString))
        let spend = try await store.currentBudgetSpend(session: session)
        XCTAssertEqual(spend.today, money("0.3"))
        XCTAssertEqual(spend.thisMonth, money("0.3"))
        XCTAssertEqual(spend.thisSession, money("0.3"))
    }

    func testABrokenArchiveStoresNothing() async throws {
        let store = try await open()
        let session = try await populate(store)
        let good = try await store.exportArchive(session.uuidString)
        try await store.deleteSession(session.uuidString)
        var text = String(decoding: good, as: UTF8.self)
        text = text.replacingOccurrences(of: "\"role\" : \"assistant\"", with: "\"role\" : \"robot\"")
        do {
            _ = try await store.importArchive(Data(text.utf8))
            XCTFail("an unknown role must be refused")
        } catch {
            XCTAssertTrue("\(error)".contains("unknown role 'robot'"), "\(error)")
        }
        XCTAssertEqual(try sql("SELECT count(*) FROM sessions").trimmingCharacters(in: .whitespacesAndNewlines), "0")
    }
}

/// The ports these tests drive, on either store.
protocol HistoryDatabaseParts: SessionStore, Ledger, GatewayKeyStore {}
extension PostgresStore: HistoryDatabaseParts {}
extension SQLiteStore: HistoryDatabaseParts {}
