import XCTest
import SwitchboardCore
import GRDB
@testable import SwitchboardStore

/// A compaction summary (`/compact`) kept through the `SessionStore` port: it survives reopening the file, the
/// conversation sent goes on from it instead of the turns it stands for, and the originals stay stored.
final class SQLiteStoreCompactionTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws {
        directory = try TemporaryDirectory()
    }

    private var url: URL { directory.url.appendingPathComponent("history.sqlite") }

    private func turn(_ store: SQLiteStore, _ session: UUID, _ prompt: String, _ answer: String) async throws -> UUID {
        let turn = UUID()
        try await store.commitPrompt(session: session, turn: turn, text: prompt)
        try await store.openReply(session: session, turn: turn, promptTurn: turn, requestedModel: "demo/mini")
        try await store.finishReply(turn: turn, AssistantCompletion(text: answer, status: .complete))
        return turn
    }

    func testTheSummarySurvivesReopeningAndIsSentInsteadOfTheTurns() async throws {
        let store = try SQLiteStore(url: url)
        let session = try await store.createSession(NewSession(firstPrompt: "q1", model: "demo/mini", systemPrompt: "Be brief."))
        let first = try await turn(store, session, "q1", "a1")
        let second = try await turn(store, session, "q2", "a2")
        let compaction = SessionCompaction(turn: UUID(), throughTurn: second, summary: "They asked q1 and q2.", turns: 2,
                                           tokensBefore: 40, tokensAfter: 12, model: "demo/mini", provider: "demo",
                                           usage: Usage(input: 40, output: 12), cost: Money(Decimal(string: "0.000012") ?? 0),
                                           createdAt: Date(timeIntervalSince1970: 1_750_000_000))
        try await store.recordCompaction(compaction, session: session)
        try await store.commitPrompt(session: session, turn: UUID(), text: "q3")

        let reopened = try SQLiteStore(url: url)
        let conversation = try await reopened.conversation(in: session)
        XCTAssertEqual(conversation, [.system("Be brief."), compaction.message, .user("q3")])
        let loaded = try await reopened.loadSession(session.uuidString.lowercased())
        XCTAssertEqual(loaded.compaction, compaction)
        XCTAssertEqual(loaded.messages.map(\.text), ["q1", "a1", "q2", "a2", "q3"], "the originals stay stored")
        _ = first
    }

    func testASummaryDoesNotApplyToABranchMadeBeforeIt() async throws {
        let store = try SQLiteStore(url: url)
        let session = try await store.createSession(NewSession(firstPrompt: "q1", model: "demo/mini"))
        let first = try await turn(store, session, "q1", "a1")
        let second = try await turn(store, session, "q2", "a2")
        try await store.recordCompaction(SessionCompaction(turn: UUID(), throughTurn: second, summary: "S", turns: 2,
                                                           tokensBefore: 9, tokensAfter: 3), session: session)
        // The conversation goes on from the first reply: the summary's last message is not on that path.
        try await store.chooseReply(turn: first)
        let conversation = try await store.conversation(in: session)
        XCTAssertEqual(conversation, [.user("q1"), .assistant("a1")])
        let loaded = try await store.loadSession(session.uuidString.lowercased())
        XCTAssertNil(loaded.compaction)
    }

    /// The workbench may compact right after a reply that failed before any text: that reply is still where the
    /// summary ends, though it is never sent.
    func testASummaryEndingWithAFailedEmptyReplyStillApplies() async throws {
        let store = try SQLiteStore(url: url)
        let session = try await store.createSession(NewSession(firstPrompt: "q1", model: "demo/mini"))
        _ = try await turn(store, session, "q1", "a1")
        let failed = UUID()
        try await store.commitPrompt(session: session, turn: failed, text: "q2")
        try await store.openReply(session: session, turn: failed, promptTurn: failed, requestedModel: "demo/mini")
        try await store.finishReply(turn: failed, AssistantCompletion(text: "", status: .failed))
        let compaction = SessionCompaction(turn: UUID(), throughTurn: failed, summary: "S", turns: 2, tokensBefore: 9,
                                           tokensAfter: 3)
        try await store.recordCompaction(compaction, session: session)
        try await store.commitPrompt(session: session, turn: UUID(), text: "q3")
        let conversation = try await store.conversation(in: session)
        XCTAssertEqual(conversation, [compaction.message, .user("q3")])
    }

    /// `history export` carries the summaries (version 4) and `history import` restores them, so the imported
    /// session goes on from the summary too; export, import, export gives the same bytes.
    func testExportAndImportCarryTheSummary() async throws {
        let store = try SQLiteStore(url: url)
        let session = try await store.createSession(NewSession(firstPrompt: "q1", model: "demo/mini"))
        _ = try await turn(store, session, "q1", "a1")
        let second = try await turn(store, session, "q2", "a2")
        let compaction = SessionCompaction(turn: UUID(), throughTurn: second, summary: "S\u{0}with a NUL", turns: 2,
                                           tokensBefore: 40, tokensAfter: 12, model: "demo/mini", provider: "demo",
                                           usage: Usage(input: 40, output: 12), cost: Money(Decimal(string: "0.000012") ?? 0),
                                           createdAt: Date(timeIntervalSince1970: 1_750_000_000))
        try await store.recordCompaction(compaction, session: session)
        _ = try await turn(store, session, "q3", "a3")
        let exported = try store.exportJSON(session)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: exported) as? [String: Any])
        XCTAssertEqual(object["version"] as? Int, 4)
        XCTAssertEqual((object["compactions"] as? [[String: Any]])?.first?["through"] as? Int, 3)

        let other = try SQLiteStore(url: directory.url.appendingPathComponent("other.sqlite"))
        let imported = try other.importJSON(exported)
        XCTAssertTrue(imported.keptID)
        let conversation = try await other.conversation(in: session)
        XCTAssertEqual(conversation, [compaction.message, .user("q3"), .assistant("a3")])
        XCTAssertEqual(try other.exportJSON(session), exported)

        // Imported again beside itself: a copy under new ids, its summary with it.
        let copy = try other.importJSON(exported)
        XCTAssertFalse(copy.keptID)
        let copied = try await other.conversation(in: copy.sessionID)
        XCTAssertEqual(copied, conversation)
    }

    func testASessionWithoutSummariesExportsAsBefore() async throws {
        let store = try SQLiteStore(url: url)
        let session = try await store.createSession(NewSession(firstPrompt: "q1", model: "demo/mini"))
        _ = try await turn(store, session, "q1", "a1")
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: try store.exportJSON(session)) as? [String: Any])
        XCTAssertEqual(object["version"] as? Int, 1)
        XCTAssertNil(object["compactions"])
    }

    func testAnImportedSummaryMustEndWithAReply() async throws {
        let store = try SQLiteStore(url: url)
        let session = try await store.createSession(NewSession(firstPrompt: "q1", model: "demo/mini"))
        let only = try await turn(store, session, "q1", "a1")
        try await store.recordCompaction(SessionCompaction(turn: UUID(), throughTurn: only, summary: "S", turns: 1,
                                                           tokensBefore: 9, tokensAfter: 3), session: session)
        let text = String(decoding: try store.exportJSON(session), as: UTF8.self)
            .replacingOccurrences(of: "\"through\" : 1", with: "\"through\" : 0")
        XCTAssertThrowsError(try SQLiteStore.checkArchive(Data(text.utf8))) { error in
            XCTAssertTrue("\(error)".contains("compaction 1: through 0 is not a reply"), "\(error)")
        }
    }

    func testASummaryOfATurnWithNoReplyIsRefused() async throws {
        let store = try SQLiteStore(url: url)
        let session = try await store.createSession(NewSession(firstPrompt: "q1", model: "demo/mini"))
        do {
            try await store.recordCompaction(SessionCompaction(turn: UUID(), throughTurn: UUID(), summary: "S", turns: 1,
                                                               tokensBefore: 9, tokensAfter: 3), session: session)
            XCTFail("a summary must stand for stored turns")
        } catch {}
    }

    func testDeletingTheSessionDropsItsSummaries() async throws {
        let store = try SQLiteStore(url: url)
        let session = try await store.createSession(NewSession(firstPrompt: "q1", model: "demo/mini"))
        let only = try await turn(store, session, "q1", "a1")
        try await store.recordCompaction(SessionCompaction(turn: UUID(), throughTurn: only, summary: "S", turns: 1,
                                                           tokensBefore: 9, tokensAfter: 3), session: session)
        try await store.deleteSession(session.uuidString.lowercased())
        let left = try await store.connections.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM compactions") }
        XCTAssertEqual(left, 0)
    }
}
