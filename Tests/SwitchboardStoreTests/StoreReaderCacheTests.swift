import GRDB
import GRDBSQLite
import XCTest
@testable import SwitchboardStore

/// Readers keep a 1 MiB page cache, half SQLite's default: every reader's cache stays resident for as long as the
/// store is open (the workbench keeps it open), and a long session read through the default 2 MB cache kept 2 MB
/// of it; a smaller one made searches re-read the index on every run.
final class StoreReaderCacheTests: XCTestCase {
    func testReadersOfAWritableStoreUseTheSmallCache() throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(url: directory.databaseURL)
        _ = try store.createSession(firstPrompt: "hello", model: nil)
        let readers = try store.connections.read { db in try Int.fetchOne(db, sql: "PRAGMA cache_size") }
        XCTAssertEqual(readers, SQLiteStore.readerCacheKiB)
        XCTAssertEqual(SQLiteStore.readerCacheKiB, -1024)
        // The writer keeps SQLite's default: storing a turn is not made slower.
        let writer = try store.connections.readFromWriter { db in try Int.fetchOne(db, sql: "PRAGMA cache_size") }
        XCTAssertEqual(writer, -2000)
    }

    func testReadersOfAReadOnlyStoreUseTheSmallCache() throws {
        let directory = try TemporaryDirectory()
        do {
            let store = try SQLiteStore(url: directory.databaseURL)
            _ = try store.createSession(firstPrompt: "hello", model: nil)
            try store.close()
        }
        let store = try SQLiteStore(url: directory.databaseURL, access: .readOnly)
        let readers = try store.connections.read { db in try Int.fetchOne(db, sql: "PRAGMA cache_size") }
        XCTAssertEqual(readers, SQLiteStore.readerCacheKiB)
    }

    func testReadingALongSessionKeepsLittleOfItCached() throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(url: directory.databaseURL)
        let session = try store.createSession(firstPrompt: "long", model: nil)
        let reply = String(repeating: "A long stored reply, read back when the session is resumed. ", count: 60)
        for turn in 0..<600 {
            try store.storeTurn(session: session.id, prompt: "prompt \(turn)", reply: reply)
        }
        let (cached, count) = try store.connections.read { db -> (Int32, Int?) in
            let count = try Int.fetchOne(db, sql: "SELECT sum(length(text)) FROM messages")
            var current: Int32 = 0, highest: Int32 = 0
            sqlite3_db_status(db.sqliteConnection, SQLITE_DBSTATUS_CACHE_USED, &current, &highest, 0)
            return (current, count)
        }
        XCTAssertGreaterThan(count ?? 0, 2_000_000, "the session must be larger than the reader's cache")
        XCTAssertLessThan(cached, 1024 * 1024 + 64 * 1024, "a reader keeps at most its own cache of a long session")
    }
}
