import XCTest
import SwitchboardCore
@testable import SwitchboardStore

/// The ports the command line holds the database through (`HistoryDatabase`), over a real file: each gives what
/// the synchronous store API gives, so moving `history`, `health`, `route` and `spend` onto them changes no byte.
final class SQLiteStoreHistoryPortsTests: XCTestCase {
    private func money(_ text: String) -> Money { Money(Decimal(string: text) ?? -1) }

    func testExportArchiveIsTheSameBytesAsExportJSONForAnyReference() async throws {
        let directory = try TemporaryDirectory()
        let sqlite = try SQLiteStore(url: directory.file("a.sqlite"))
        let session = try sqlite.createSession(firstPrompt: "first", model: "demo/mini")
        try sqlite.storeTurn(session: session.id, prompt: "hello", reply: "hi there")
        let store: any HistoryDatabase = sqlite
        let expected = try sqlite.exportJSON(session.id)
        let byPrefix = try await store.exportArchive(String(session.id.uuidString.lowercased().prefix(8)))
        let byLast = try await store.exportArchive("last")
        XCTAssertEqual(byPrefix, expected)
        XCTAssertEqual(byLast, expected)
        do {
            _ = try await store.exportArchive("ffffffff")
            XCTFail("an unknown reference exports nothing")
        } catch let error as StoreError {
            guard case .sessionNotFound = error else { return XCTFail("\(error)") }
        }
    }

    func testImportArchiveKeepsTheIDThenStoresACopyWithoutAttempts() async throws {
        let directory = try TemporaryDirectory()
        let source = try SQLiteStore(url: directory.file("source.sqlite"))
        let session = try source.createSession(firstPrompt: "q", model: "openai/gpt-4o-mini")
        try source.storeTurn(session: session.id, prompt: "q", reply: "a", cost: money("0.5"))
        let archive = try source.exportJSON(session.id)

        let target = try SQLiteStore(url: directory.file("target.sqlite"))
        let store: any HistoryDatabase = target
        let first = try await store.importArchive(archive)
        XCTAssertEqual(first, ImportedSession(sessionID: session.id, keptID: true, messageCount: 2, attemptCount: 1))
        let reexported = try await store.exportArchive(session.id.uuidString)
        XCTAssertEqual(reexported, archive)

        let second = try await store.importArchive(archive)
        XCTAssertFalse(second.keptID)
        XCTAssertNotEqual(second.sessionID, session.id)
        XCTAssertEqual(second.messageCount, 2)
        XCTAssertEqual(second.attemptCount, 0, "a copy brings no attempts: its spend is counted once")
        let all = try await store.recentAttempts(since: .distantPast)
        XCTAssertEqual(all.count, 1)
    }

    func testARefusedArchiveWritesNothing() async throws {
        let directory = try TemporaryDirectory()
        let store: any HistoryDatabase = try SQLiteStore(url: directory.file("target.sqlite"))
        do {
            _ = try await store.importArchive(Data("{\"id\": \"not a uuid\"}".utf8))
            XCTFail("a broken archive is refused")
        } catch {}
        let sessions = try await store.recentSessions(limit: 10)
        XCTAssertTrue(sessions.isEmpty)
    }

    func testRecentAttemptsAreTheLedgersSinceTheGivenTimeOldestFirst() async throws {
        let directory = try TemporaryDirectory()
        let sqlite = try SQLiteStore(url: directory.file("a.sqlite"))
        let session = try sqlite.createSession(firstPrompt: "q", model: nil)
        try sqlite.storeTurn(session: session.id, prompt: "old", reply: "a", model: "demo/old", at: Clock.at(0))
        try sqlite.storeTurn(session: session.id, prompt: "mid", reply: "b", model: "demo/mid", at: Clock.at(100))
        try sqlite.storeTurn(session: session.id, prompt: "new", reply: "c", model: "demo/new", at: Clock.at(200))
        let store: any HistoryDatabase = sqlite
        let recent = try await store.recentAttempts(since: Clock.at(50))
        XCTAssertEqual(recent.map(\.model), ["demo/mid", "demo/new"])
        XCTAssertEqual(recent, try sqlite.attempts(since: Clock.at(50)))
    }

    func testCurrentBudgetSpendCountsSettledCostsAndOpenHolds() async throws {
        let directory = try TemporaryDirectory()
        let sqlite = try SQLiteStore(url: directory.file("a.sqlite"))
        let session = try sqlite.createSession(firstPrompt: "q", model: nil)
        let now = Date()
        try sqlite.storeTurn(session: session.id, prompt: "a", reply: "b", cost: money("0.25"), at: now.addingTimeInterval(-1))
        let store: any HistoryDatabase = sqlite
        let hold = money("0.5")
        let (held, _) = try await store.reserve(session: session.id) { _ in (hold, .fits(reserve: hold, warnings: [])) }
        let spend = try await store.currentBudgetSpend(session: session.id)
        XCTAssertEqual(spend.thisSession, money("0.75"))
        XCTAssertEqual(spend, try sqlite.budgetSpend(session: session.id))
        try await store.settle(try XCTUnwrap(held), actual: money("0.01"))
        // A settled hold stops counting: the turn's real cost reaches spend through its attempts.
        let settled = try await store.currentBudgetSpend(session: session.id)
        XCTAssertEqual(settled.thisSession, money("0.25"))
    }

    /// An attempt left in flight by a process that has ended is closed through the port; a second sweep finds
    /// nothing (and so writes nothing).
    func testRecoverInterruptedThroughThePort() async throws {
        let directory = try TemporaryDirectory()
        let sqlite = try SQLiteStore(url: directory.file("a.sqlite"))
        var ended = ProcessOwner.current
        ended.startTicks = (ended.startTicks ?? 0) + 1
        let turn = UUID()
        let attempt = AttemptRecord(turnID: turn, ordinal: 1, model: "demo/mini", provider: "demo", providerModel: "mini",
                                    reason: "explicit", outcome: .inFlight, startedAt: Clock.base, duration: .zero)
        let owner = ended.text
        try await sqlite.connections.write { db in try SQLiteStore.insert(attempt, owner: owner, db) }
        let store: any HistoryDatabase = sqlite
        let work = try await store.recoverInterrupted()
        XCTAssertEqual(work, InterruptedWork(attempts: 1, holds: 0, pids: [ended.pid]))
        let outcomes = try await store.recentAttempts(since: .distantPast).map(\.outcome)
        XCTAssertEqual(outcomes, [.interrupted])
        let again = try await store.recoverInterrupted()
        XCTAssertTrue(again.isEmpty)
    }
}
