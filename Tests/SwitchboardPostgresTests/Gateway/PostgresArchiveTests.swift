import Foundation
import SwitchboardCore
@testable import SwitchboardPostgres
import SwitchboardStore
import XCTest

/// Archives across the two stores (the rest of the ports is `GatewayContract`, run on both): a SQLite archive
/// imports into PostgreSQL and exports again byte for byte, and what it brings counts in PostgreSQL's budgets.
final class PostgresArchiveTests: PostgresTestCase, @unchecked Sendable {
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
}

/// The ports these tests drive, on either store.
protocol HistoryDatabaseParts: SessionStore, Ledger {}
extension PostgresStore: HistoryDatabaseParts {}
extension SQLiteStore: HistoryDatabaseParts {}
