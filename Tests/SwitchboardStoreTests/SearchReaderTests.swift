import GRDB
import XCTest
@testable import SwitchboardStore
import SwitchboardCore

/// Search reads through its own reader with the file memory-mapped; every other read keeps the plain readers
/// (mapped pages count as the process's memory).
final class SearchReaderTests: XCTestCase {
    private static func mapped(_ db: Database) throws -> Int { try Int.fetchOne(db, sql: "PRAGMA mmap_size") ?? -1 }

    func testOnlySearchMapsTheFileWritableOrReadOnly() async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(url: directory.databaseURL)
        let session = try store.createSession(firstPrompt: "pelicans", model: nil)
        try store.storeTurn(session: session.id, prompt: "where do pelicans nest?", reply: "Pelicans nest in colonies.")
        for opened in [store, try SQLiteStore(url: directory.databaseURL, access: .readOnly)] {
            let search = try await opened.connections.searchRead { db in try Self.mapped(db) }
            let other = try await opened.connections.read { db in try Self.mapped(db) }
            XCTAssertEqual(search, SQLiteStore.searchMapBytes)
            XCTAssertEqual(other, 0)
            let hits = try opened.search("nest")
            XCTAssertEqual(hits.count, 2)
            let found = try await opened.searchMessages("colonies", limit: 5)
            XCTAssertEqual(found.map(\.role), [.assistant])
            let sessions = try await opened.searchSessions("pelicans", limit: 5)
            XCTAssertEqual(sessions.map(\.session.id), [session.id])
        }
    }

    /// A file from before the last migration is read through a migrated copy in memory: search reads it there.
    func testAnEmptyHistorySearchesWithoutAFile() throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(url: directory.databaseURL, access: .readOnly)
        XCTAssertEqual(try store.search("anything"), [])
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory.databaseURL.path))
    }
}
