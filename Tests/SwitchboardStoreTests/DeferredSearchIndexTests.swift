import GRDB
import XCTest
@testable import SwitchboardStore
import SwitchboardCore

/// Search indexing held to the end of a group commit (`DeferredSearchIndex`): what is held is indexed as its text
/// is at the commit, a message changed or deleted while held never corrupts the index, a write that fails takes
/// its held messages with it, and without a hold the triggers index at once, as before.
final class DeferredSearchIndexTests: XCTestCase {
    private static func insert(_ text: String, session: Int64 = 1, _ db: Database) throws -> Int64 {
        try db.execute(sql: """
            INSERT INTO messages (session_id, role, status, created_at, updated_at, text) VALUES (?, 'user', 'complete', 1, 1, ?)
            """, arguments: [session, text])
        return db.lastInsertedRowID
    }

    private func openStore(_ directory: TemporaryDirectory) throws -> SQLiteStore {
        let store = try SQLiteStore(url: directory.databaseURL)
        try store.connections.write { db in
            try db.execute(sql: "INSERT INTO sessions (uuid, title, created_at, updated_at) VALUES (?, 'held', 1, 1)",
                           arguments: [SQLiteStore.text(UUID())])
        }
        return store
    }

    /// FTS5's own check of an external-content index against its table; throws when they disagree. (It also
    /// counts an empty message, which the triggers leave out of the index, as missing: the tests store none.)
    private func assertIndexMatchesMessages(_ store: SQLiteStore, file: StaticString = #filePath, line: UInt = #line) throws {
        try store.connections.write { db in
            try db.execute(sql: "INSERT INTO message_search(message_search, rank) VALUES ('integrity-check', 1)")
        }
        let left = try store.connections.read { db in
            try Int.fetchOne(db, sql: "SELECT (SELECT count(*) FROM search_pending) + (SELECT count(*) FROM search_deferral)")
        }
        XCTAssertEqual(left, 0, "nothing is left held after the commit", file: file, line: line)
    }

    private func searched(_ store: SQLiteStore, _ word: String) throws -> Int {
        try store.search(word).count
    }

    func testHeldMessagesAreIndexedAsTheyAreAtTheCommit() async throws {
        let directory = try TemporaryDirectory()
        let store = try openStore(directory)
        let search = store.connections.deferredSearch
        let (kept, mid) = try await store.connections.writeEvenIfCancelled { db -> (Int64, Bool) in
            try search.hold(db)
            let kept = try Self.insert("an aardvark at first", db)
            let changed = try Self.insert("a badger at first", db)
            let dropped = try Self.insert("a capybara soon gone", db)
            try db.execute(sql: "UPDATE messages SET text = 'a dingo after all' WHERE id = ?", arguments: [changed])
            try db.execute(sql: "DELETE FROM messages WHERE id = ?", arguments: [dropped])
            // Held, not yet in the index, inside the transaction.
            let indexedYet = try Int.fetchOne(db, sql: "SELECT count(*) FROM message_search WHERE message_search MATCH 'aardvark'")
            return (kept, indexedYet == 0)
        }
        XCTAssertTrue(mid, "a held message reaches the index only at the end of the transaction")
        XCTAssertEqual(try searched(store, "aardvark"), 1)
        XCTAssertEqual(try searched(store, "dingo"), 1)
        XCTAssertEqual(try searched(store, "badger"), 0, "the index has the text as it was at the commit")
        XCTAssertEqual(try searched(store, "capybara"), 0, "a message deleted while held is not indexed")
        try assertIndexMatchesMessages(store)

        // After the commit the triggers index at once again: later changes to a message indexed at the end.
        try await store.connections.write { db in
            try db.execute(sql: "UPDATE messages SET text = 'an emu now' WHERE id = ?", arguments: [kept])
            _ = try Self.insert("a fennec, not held", db)
        }
        XCTAssertEqual(try searched(store, "aardvark"), 0)
        XCTAssertEqual(try searched(store, "emu"), 1)
        XCTAssertEqual(try searched(store, "fennec"), 1)
        try assertIndexMatchesMessages(store)
    }

    /// Writes committed together are indexed together; one that fails is rolled back with its held messages,
    /// and the others' are still indexed.
    func testAFailingWriteTakesOnlyItsOwnHeldMessages() async throws {
        let directory = try TemporaryDirectory()
        let store = try openStore(directory)
        let search = store.connections.deferredSearch
        struct Refused: Error {}
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<12 {
                group.addTask {
                    do {
                        try await store.connections.writeEvenIfCancelled(lingering: true) { db in
                            try search.hold(db)
                            _ = try Self.insert("gecko number\(index)", db)
                            if index == 5 { throw Refused() }
                        }
                        return true
                    } catch is Refused {
                        return false
                    }
                }
            }
            var kept = 0
            for try await ok in group where ok { kept += 1 }
            XCTAssertEqual(kept, 11)
        }
        XCTAssertEqual(try searched(store, "gecko"), 11)
        XCTAssertEqual(try searched(store, "number5"), 0)
        XCTAssertEqual(try searched(store, "number4"), 1)
        try assertIndexMatchesMessages(store)
    }

    /// The held ids lead and each message is found by its id: the database's every message is never read.
    func testIndexingReadsOnlyTheHeldMessages() throws {
        let directory = try TemporaryDirectory()
        let store = try openStore(directory)
        let plan = try store.connections.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN \(DeferredSearchIndex.indexing)").map { row -> String in row["detail"] }
        }
        XCTAssertEqual(plan.count, 2, "\(plan)")
        XCTAssertTrue(plan.first?.hasPrefix("SCAN p") ?? false, "\(plan)")
        XCTAssertTrue(plan.last?.hasPrefix("SEARCH m USING INTEGER PRIMARY KEY") ?? false, "\(plan)")
    }

    /// When nothing is held, the new triggers index as the old ones did: inside the same transaction. (That the
    /// migration keeps an older database's index is `StoreSchemaTests.testMigratesFromEveryEarlierVersion`.)
    func testWithoutAHoldMessagesAreIndexedAtOnce() throws {
        let directory = try TemporaryDirectory()
        let store = try openStore(directory)
        try store.connections.write { db in
            let id = try Self.insert("a heron", db)
            let indexed = try Int.fetchOne(db, sql: "SELECT count(*) FROM message_search WHERE message_search MATCH 'heron'")
            XCTAssertEqual(indexed, 1, "indexed inside the same transaction")
            try db.execute(sql: "DELETE FROM messages WHERE id = ?", arguments: [id])
        }
        XCTAssertEqual(try searched(store, "heron"), 0)
        try assertIndexMatchesMessages(store)
    }
}
