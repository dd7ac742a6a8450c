import GRDB
import XCTest
@testable import SwitchboardStore
import SwitchboardCore

/// A turn of one prompt and its reply is begun in one statement (`insertExchange`); it must store what the prompt
/// and the reply stored one at a time do: the same ids, parents and rows, the same session row (a picked head used
/// up, a comparison ended), and both messages searchable.
final class SQLiteStoreExchangeTests: XCTestCase {
    private let completion = AssistantCompletion(text: "Packets hop.", status: .complete, resolvedModel: "demo/mini",
                                                 provider: "demo", usage: Usage(input: 5, output: 3))

    /// Two stores given the same history: a first turn whose reply was picked, then a second turn begun one way
    /// in `exchange` and the other way in `separate`.
    private func stores(_ directory: TemporaryDirectory) async throws -> (exchange: SQLiteStore, separate: SQLiteStore) {
        let exchange = try SQLiteStore(url: directory.file("exchange.sqlite"))
        let separate = try SQLiteStore(url: directory.file("separate.sqlite"))
        let session = UUID(), first = UUID(), second = UUID()
        for store in [exchange, separate] {
            _ = try await store.createSession(NewSession(id: session, firstPrompt: "Routers?", model: "demo/mini"))
            try await store.commitPrompt(session: session, turn: first, message: .user("Routers?"))
            try await store.openReply(session: session, turn: first, promptTurn: first, requestedModel: "demo/mini")
            try await store.finishReply(turn: first, completion)
            try await store.chooseReply(turn: first)
        }
        let prompt = ChatMessage.user("And switches?")
        try await exchange.beginTurn(TurnOpening(session: session, turn: second, prompts: [prompt], requestedModel: "demo/mini"))
        try await separate.commitPrompt(session: session, turn: second, message: prompt)
        try await separate.openReply(session: session, turn: second, promptTurn: second, requestedModel: "demo/mini")
        return (exchange, separate)
    }

    private func messages(_ store: SQLiteStore) throws -> [StoredMessage] {
        let session = try XCTUnwrap(try store.connections.databaseWriter?.read { db in
            try String.fetchOne(db, sql: "SELECT uuid FROM sessions")
        }.flatMap(UUID.init(uuidString:)))
        return try store.messages(in: session).map { message in
            var message = message
            (message.createdAt, message.updatedAt) = (.distantPast, .distantPast)
            return message
        }
    }

    private func sessionRow(_ store: SQLiteStore) throws -> [String] {
        try XCTUnwrap(store.connections.databaseWriter).read { db in
            let row = try XCTUnwrap(try Row.fetchOne(db, sql: "SELECT head_message_id, columns_after, model FROM sessions"))
            return (0..<row.count).map { (row[$0] as DatabaseValue).description }
        }
    }

    func testAnExchangeStoresWhatThePromptAndReplyStoreOneAtATime() async throws {
        let directory = try TemporaryDirectory()
        let (exchange, separate) = try await stores(directory)
        let stored = try messages(exchange)
        XCTAssertEqual(stored, try messages(separate))
        XCTAssertEqual(stored.map(\.role), [.user, .assistant, .user, .assistant])
        XCTAssertEqual(stored[2].parentID, stored[1].id, "the prompt follows the picked reply")
        XCTAssertEqual(stored[3].parentID, stored[2].id)
        XCTAssertEqual(try sessionRow(exchange), try sessionRow(separate))
        XCTAssertEqual(try sessionRow(exchange).first, "NULL", "the pick is used up")
        let found = try await exchange.searchMessages("switches", limit: 5).count
        XCTAssertEqual(found, 1)
    }

    /// The ids are one past the largest, as SQLite gives them, also when the newest message was deleted.
    func testTheIdsAreTheOnesSQLiteWouldGive() async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(url: directory.databaseURL)
        let session = try await store.createSession(NewSession(firstPrompt: "Hi", model: "demo/mini"))
        try await store.beginTurn(TurnOpening(session: session, turn: UUID(), prompts: [.user("Hi")], requestedModel: "demo/mini"))
        try await XCTUnwrap(store.connections.databaseWriter).write { db in
            try db.execute(sql: "DELETE FROM messages WHERE id = (SELECT max(id) FROM messages)")
        }
        try await store.beginTurn(TurnOpening(session: session, turn: UUID(), prompts: [.user("Again")], requestedModel: "demo/mini"))
        let ids = try messages(store).map(\.id.rawValue)
        XCTAssertEqual(ids, [1, 2, 3])
        XCTAssertEqual(try messages(store).map(\.text), ["Hi", "Again", ""])
    }
}
