import GRDB
import XCTest
import SwitchboardCore
@testable import SwitchboardStore

/// The parts migration on a database made by the schema before it: rows, ids and the search index come through
/// unchanged, the rebuilt table's search triggers work, and `tool` messages and parts can be stored.
final class StoreSchemaPartsTests: XCTestCase {
    func testDatabaseFromTheSchemaBeforePartsKeepsItsRowsAndSearch() async throws {
        let directory = try TemporaryDirectory()
        _ = try StoreFiles.prepare(directory.databaseURL)
        let session = UUID()
        let turn = UUID()
        do {
            let pool = try DatabasePool(path: directory.databaseURL.path, configuration: SQLiteStore.configuration())
            try StoreSchema.migrator.migrate(pool, upTo: "v6 owners of attempts in flight and budget holds")
            try await pool.write { db in
                try db.execute(sql: """
                    INSERT INTO sessions (uuid, title, created_at, updated_at) VALUES (?, 'old', 1, 2);
                    INSERT INTO turns (uuid, session_id) VALUES (?, 1);
                    INSERT INTO messages (id, session_id, turn_id, role, status, created_at, updated_at, text)
                    VALUES (5, 1, 1, 'user', 'complete', 1, 1, 'an aardvark from the past');
                    INSERT INTO messages (id, session_id, parent_id, turn_id, role, status, input_tokens, output_tokens,
                        cache_read_tokens, cache_write_tokens, reasoning_tokens, cost, created_at, updated_at, text)
                    VALUES (9, 1, 5, 1, 'assistant', 'complete', 3, 4, 0, 1, 0, '0.25', 1, 2, 'a badger answers');
                    """, arguments: [SQLiteStore.text(session), turn])
            }
            try pool.close()
        }

        let store = try SQLiteStore(url: directory.databaseURL)
        let messages = try store.messages(in: session)
        XCTAssertEqual(messages.map(\.id.rawValue), [5, 9])
        XCTAssertEqual(messages.map(\.text), ["an aardvark from the past", "a badger answers"])
        XCTAssertEqual(messages.map(\.parts), [nil, nil])
        XCTAssertEqual(messages[1].usage, Usage(input: 3, output: 4, cacheWrite: 1))
        XCTAssertEqual(messages[1].cost, Money(Decimal(string: "0.25") ?? 0))
        XCTAssertEqual(try store.search("aardvark").map(\.messageID.rawValue), [5])
        XCTAssertEqual(try store.search("badger").map(\.messageID.rawValue), [9])

        // The triggers made again keep the index in step: a changed text, a new tool message, a deletion.
        try store.checkpoint(MessageID(rawValue: 9), text: "a wombat answers")
        XCTAssertEqual(try store.search("badger").count, 0)
        XCTAssertEqual(try store.search("wombat").map(\.messageID.rawValue), [9])
        try await store.commitPrompt(session: session, turn: UUID(),
                                     message: .toolResult(ToolResult(callID: "c1", text: "an echidna result")))
        XCTAssertEqual(try store.messages(in: session).last?.role, .tool)
        try store.deleteSession(session)
        XCTAssertEqual(try store.search("wombat").count, 0)
        let indexed = try await store.connections.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM message_search_docsize") ?? -1
        }
        XCTAssertEqual(indexed, 0)
    }
}
