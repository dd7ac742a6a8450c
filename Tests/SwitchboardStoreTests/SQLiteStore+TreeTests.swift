import XCTest
import SwitchboardCore
@testable import SwitchboardStore

/// The conversation as a tree on a real database file: an edited prompt is a sibling of the one it replaces, a
/// regenerated reply a sibling of the old one; the head (the path the person is on) survives reopening the file,
/// and an export carries it into another database.
final class SQLiteStoreTreeTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws {
        directory = try TemporaryDirectory()
    }

    private var url: URL { directory.url.appendingPathComponent("history.sqlite") }

    /// One prompt and its reply under a new turn; returns the turn.
    @discardableResult
    private func ask(_ store: SQLiteStore, _ session: UUID, _ prompt: String, answer: String) async throws -> UUID {
        let turn = UUID()
        try await store.commitPrompt(session: session, turn: turn, text: prompt)
        try await reply(store, session, answering: turn, turn: turn, answer)
        return turn
    }

    private func reply(_ store: SQLiteStore, _ session: UUID, answering prompt: UUID, turn: UUID, _ text: String,
                       model: String = "demo/mini") async throws {
        try await store.openReply(session: session, turn: turn, promptTurn: prompt, requestedModel: model)
        try await store.finishReply(turn: turn, AssistantCompletion(text: text, status: .complete, resolvedModel: model,
                                                                    usage: Usage(input: 10, output: 5),
                                                                    cost: Money(Decimal(string: "0.001") ?? 0)))
    }

    private func texts(_ messages: [StoredMessage]) -> [String] { messages.map(\.text) }

    func testAnEditedFirstPromptIsASiblingAndItsPathSurvivesReopening() async throws {
        let store = try SQLiteStore(url: url)
        let session = try await store.createSession(NewSession(firstPrompt: "q1", model: "demo/mini"))
        let reference = session.uuidString.lowercased()
        try await ask(store, session, "q1", answer: "a1")
        try await ask(store, session, "q2", answer: "a2")
        let first = try XCTUnwrap(try store.messages(in: session).first)

        let edited = UUID()
        try await store.branchPrompt(session: session, turn: edited, message: .user("q1 edited"), siblingOf: first.id)
        try await reply(store, session, answering: edited, turn: edited, "a1 edited")

        let reopened = try await SQLiteStore(url: url).loadSession(reference)
        XCTAssertEqual(texts(reopened.messages), ["q1 edited", "a1 edited"])
        XCTAssertTrue(reopened.comparison.isEmpty)
        let newFirst = try XCTUnwrap(reopened.messages.first)
        XCTAssertNil(newFirst.parentID, "an edited first prompt has no parent, like the one it replaces")
        XCTAssertEqual(texts(reopened.tree.siblings(of: newFirst.id)), ["q1", "q1 edited"], "siblings oldest first")
        let sent = try await store.conversation(in: session)
        XCTAssertEqual(sent, [.user("q1 edited"), .assistant("a1 edited")], "only the head path is sent")

        // Back to the first version: the head is where that branch was left (a2), in a new process too.
        try await store.moveHead(session: session, to: reopened.tree.leaf(under: first.id))
        let back = try await SQLiteStore(url: url).loadSession(reference)
        XCTAssertEqual(texts(back.messages), ["q1", "a1", "q2", "a2"])
        XCTAssertTrue(back.comparison.isEmpty)

        // The next prompt continues that branch, and the head is then simply the latest message.
        try await ask(store, session, "q3", answer: "a3")
        let continued = try await SQLiteStore(url: url).loadSession(reference)
        XCTAssertEqual(texts(continued.messages), ["q1", "a1", "q2", "a2", "q3", "a3"])
        XCTAssertNil(continued.tree.head)
    }

    func testARegeneratedReplyIsTheHeadNotAPendingComparison() async throws {
        let store = try SQLiteStore(url: url)
        let session = try await store.createSession(NewSession(firstPrompt: "q", model: "demo/mini"))
        let reference = session.uuidString.lowercased()
        let turn = try await ask(store, session, "q", answer: "first answer")
        let again = UUID()
        try await reply(store, session, answering: turn, turn: again, "second answer", model: "demo/pro")
        try await store.chooseReply(turn: again)

        let reopened = try await SQLiteStore(url: url).loadSession(reference)
        XCTAssertEqual(texts(reopened.messages), ["q", "second answer"])
        XCTAssertTrue(reopened.comparison.isEmpty, "one regenerated reply does not reopen as compare columns")
        let last = try XCTUnwrap(reopened.messages.last)
        XCTAssertEqual(texts(reopened.tree.siblings(of: last.id)), ["first answer", "second answer"])
        let totals = reopened.tree.totals(to: last.id)
        XCTAssertEqual(totals.replies, 1)
        XCTAssertEqual(totals.outputTokens, 5)
        XCTAssertEqual(totals.cost, Money(Decimal(string: "0.001") ?? 0))
    }

    func testTheHeadMovesOnlyWithinItsSession() async throws {
        let store = try SQLiteStore(url: url)
        let one = try await store.createSession(NewSession(firstPrompt: "q", model: nil))
        let other = try await store.createSession(NewSession(firstPrompt: "r", model: nil))
        try await ask(store, one, "q", answer: "a")
        let foreign = try XCTUnwrap(try store.messages(in: one).first)
        do {
            try await store.moveHead(session: other, to: foreign.id)
            XCTFail("another session's message cannot be the head")
        } catch let error as StoreError {
            guard case .messageNotFound = error else { return XCTFail("\(error)") }
        }
    }

    /// A compared answer picked and not followed up yet: the export names it as the head, so the import reopens on
    /// it instead of as pending columns. Without a head the export stays version 1.
    func testExportAndImportCarryTheHead() async throws {
        let store = try SQLiteStore(url: url)
        let session = try await store.createSession(NewSession(firstPrompt: "which?", model: "demo/mini"))
        let (first, second) = (UUID(), UUID())
        try await store.commitPrompt(session: session, turn: first, text: "which?")
        try await reply(store, session, answering: first, turn: first, "from mini")
        try await reply(store, session, answering: first, turn: second, "from pro", model: "demo/pro")
        let unpicked = try store.exportJSON(session)
        XCTAssertTrue(String(decoding: unpicked, as: UTF8.self).contains("\"version\" : 1"))
        XCTAssertFalse(String(decoding: unpicked, as: UTF8.self).contains("\"head\""))

        try await store.chooseReply(turn: first)
        let exported = try store.exportJSON(session)
        let text = String(decoding: exported, as: UTF8.self)
        XCTAssertTrue(text.contains("\"head\" : 1"), text)
        XCTAssertTrue(text.contains("\"version\" : 3"))

        let target = try SQLiteStore(url: directory.url.appendingPathComponent("target.sqlite"))
        let imported = try target.importJSON(exported)
        let loaded = try await target.loadSession(imported.sessionID.uuidString.lowercased())
        XCTAssertEqual(texts(loaded.messages), ["which?", "from mini"])
        XCTAssertTrue(loaded.comparison.isEmpty, "the pick came along")
        XCTAssertEqual(try target.exportJSON(imported.sessionID), exported, "export, import, export gives the same bytes")

        // A copy into the same database (new ids) keeps the head too.
        let copy = try store.importJSON(exported)
        XCTAssertFalse(copy.keptID)
        let copied = try await store.loadSession(copy.sessionID.uuidString.lowercased())
        XCTAssertEqual(texts(copied.messages), ["which?", "from mini"])
        XCTAssertTrue(copied.comparison.isEmpty)
    }

    func testAnImportedHeadMustBeOneOfItsMessages() async throws {
        let store = try SQLiteStore(url: url)
        let session = try await store.createSession(NewSession(firstPrompt: "q", model: nil))
        try await ask(store, session, "q", answer: "a")
        try await store.moveHead(session: session, to: try XCTUnwrap(try store.messages(in: session).first).id)
        let text = String(decoding: try store.exportJSON(session), as: UTF8.self)
        let broken = Data(text.replacingOccurrences(of: "\"head\" : 0", with: "\"head\" : 7").utf8)
        XCTAssertThrowsError(try SQLiteStore(url: directory.url.appendingPathComponent("t.sqlite")).importJSON(broken)) { error in
            XCTAssertTrue("\(error)".contains("head 7"), "\(error)")
        }
    }
}
