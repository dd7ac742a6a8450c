import XCTest
import SwitchboardCore
@testable import SwitchboardStore

/// `/regen MODEL,MODEL…` on a prompt that already has a reply, on a real database file closed and opened again: the
/// regenerated answers come back as the columns awaiting a pick, the earlier reply as a version beside them, never
/// as a column; an export carries that into another database.
final class SQLiteStoreRegeneratedColumnsTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws {
        directory = try TemporaryDirectory()
    }

    private var url: URL { directory.url.appendingPathComponent("history.sqlite") }

    private func reply(_ store: SQLiteStore, _ session: UUID, answering prompt: UUID, turn: UUID, _ text: String,
                       model: String) async throws {
        try await store.openReply(session: session, turn: turn, promptTurn: prompt, requestedModel: model)
        try await store.finishReply(turn: turn, AssistantCompletion(text: text, status: .complete, resolvedModel: model,
                                                                    usage: Usage(input: 10, output: 5)))
    }

    private func texts(_ messages: [StoredMessage]) -> [String] { messages.map(\.text) }

    /// A session whose prompt "q" was answered once, then regenerated with two models that were not picked.
    private func regenerated(_ store: SQLiteStore) async throws -> (session: UUID, columns: [UUID]) {
        let session = try await store.createSession(NewSession(firstPrompt: "q", model: "demo/mini"))
        let turn = UUID()
        try await store.commitPrompt(session: session, turn: turn, text: "q")
        try await reply(store, session, answering: turn, turn: turn, "earlier answer", model: "demo/mini")
        let prompt = try XCTUnwrap(try store.messages(in: session).first)
        try await store.openColumns(session: session, answering: prompt.id)
        let columns = [UUID(), UUID()]
        try await reply(store, session, answering: turn, turn: columns[0], "from mini", model: "demo/mini")
        try await reply(store, session, answering: turn, turn: columns[1], "from pro", model: "demo/pro")
        return (session, columns)
    }

    func testRegeneratedColumnsReopenAsColumnsAndTheEarlierReplyAsAVersion() async throws {
        let (session, columns) = try await regenerated(try SQLiteStore(url: url))
        let reference = session.uuidString.lowercased()

        let reopened = try await SQLiteStore(url: url).loadSession(reference)
        XCTAssertEqual(texts(reopened.messages), ["q"], "the conversation stops at the prompt until a pick")
        XCTAssertEqual(texts(reopened.comparison), ["from mini", "from pro"], "the earlier reply is not a column")
        let column = try XCTUnwrap(reopened.comparison.first)
        XCTAssertEqual(texts(reopened.tree.siblings(of: column.id)), ["earlier answer", "from mini", "from pro"],
                       "it stays a version beside them")

        // Picking one ends the comparison: the path is the pick, every answer a version of it.
        let store = try SQLiteStore(url: url)
        try await store.chooseReply(turn: columns[1])
        let picked = try await SQLiteStore(url: url).loadSession(reference)
        XCTAssertEqual(texts(picked.messages), ["q", "from pro"])
        XCTAssertTrue(picked.comparison.isEmpty)
        let detail = try await store.sessionDetail(reference)
        XCTAssertNil(detail.columnsAfter, "a pick clears the columns")
    }

    func testAComparedMessageStillReopensWithEveryAnswerAsAColumn() async throws {
        let store = try SQLiteStore(url: url)
        let (session, _) = try await regenerated(store)
        // The conversation goes on without a pick: a new prompt answered by two models side by side.
        let turn = UUID()
        try await store.commitPrompt(session: session, turn: turn, text: "q2")
        try await reply(store, session, answering: turn, turn: UUID(), "a", model: "demo/mini")
        try await reply(store, session, answering: turn, turn: UUID(), "b", model: "demo/pro")
        let detail = try await store.sessionDetail(session.uuidString.lowercased())
        XCTAssertNil(detail.columnsAfter, "a new prompt ends the regenerated comparison")
        let loaded = try await SQLiteStore(url: url).loadSession(session.uuidString.lowercased())
        XCTAssertEqual(texts(loaded.comparison), ["a", "b"])
        XCTAssertEqual(texts(loaded.messages).last, "q2")
    }

    func testExportAndImportCarryTheRegeneratedColumns() async throws {
        let store = try SQLiteStore(url: url)
        let (session, _) = try await regenerated(store)
        let exported = try store.exportJSON(session)
        let text = String(decoding: exported, as: UTF8.self)
        XCTAssertTrue(text.contains("\"columns_after\" : 1"), text)
        XCTAssertTrue(text.contains("\"version\" : 5"), "an older build would reopen the earlier reply as a column")

        let target = try SQLiteStore(url: directory.url.appendingPathComponent("target.sqlite"))
        let imported = try target.importJSON(exported)
        let loaded = try await SQLiteStore(url: directory.url.appendingPathComponent("target.sqlite"))
            .loadSession(imported.sessionID.uuidString.lowercased())
        XCTAssertEqual(texts(loaded.messages), ["q"])
        XCTAssertEqual(texts(loaded.comparison), ["from mini", "from pro"])
        XCTAssertEqual(try target.exportJSON(imported.sessionID), exported, "export, import, export gives the same bytes")

        // A copy into the same database (new ids) keeps them too.
        let copy = try store.importJSON(exported)
        XCTAssertFalse(copy.keptID)
        let copied = try await store.loadSession(copy.sessionID.uuidString.lowercased())
        XCTAssertEqual(texts(copied.comparison), ["from mini", "from pro"])
    }

    func testAnImportedColumnsAfterMustBeOneOfItsMessages() async throws {
        let store = try SQLiteStore(url: url)
        let (session, _) = try await regenerated(store)
        let text = String(decoding: try store.exportJSON(session), as: UTF8.self)
        let broken = Data(text.replacingOccurrences(of: "\"columns_after\" : 1", with: "\"columns_after\" : 9").utf8)
        XCTAssertThrowsError(try SQLiteStore(url: directory.url.appendingPathComponent("t.sqlite")).importJSON(broken)) { error in
            XCTAssertTrue("\(error)".contains("columns_after 9"), "\(error)")
        }
    }

    func testColumnsOpenOnlyForThisSessionsMessages() async throws {
        let store = try SQLiteStore(url: url)
        let (session, _) = try await regenerated(store)
        let other = try await store.createSession(NewSession(firstPrompt: "r", model: nil))
        let prompt = try XCTUnwrap(try store.messages(in: session).first)
        do {
            try await store.openColumns(session: other, answering: prompt.id)
            XCTFail("another session's prompt cannot take columns")
        } catch let error as StoreError {
            guard case .messageNotFound = error else { return XCTFail("\(error)") }
        }
    }
}
