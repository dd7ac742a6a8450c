import GRDB
import XCTest
@testable import SwitchboardStore
import SwitchboardCore

/// The WAL is copied back into the database file in the background, never inside a commit, and never into a
/// store that has seen damage.
final class WALCheckpointerTests: XCTestCase {
    private func databaseBytes(_ url: URL) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? -1
    }

    /// A writer opened as `SQLiteStore.openWritable` opens it: WAL, automatic checkpoints off.
    private func connections(_ url: URL, delay: DispatchTimeInterval) throws -> StoreConnections {
        let writer = try DatabaseQueue(path: url.path)
        try writer.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 0")
            try db.execute(sql: "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)")
        }
        return StoreConnections(path: url.path, writer: writer, checkpointDelay: delay) {
            try DatabasePool(path: url.path)
        }
    }

    /// 1,500 commits of 16 KB each: SQLite's own checkpoint would have copied the WAL inside the commit past
    /// 1,000 pages. Here the file only grows when the checkpoint runs.
    func testCommitsLeaveTheCopyingToTheCheckpoint() async throws {
        let directory = try TemporaryDirectory()
        let url = directory.file("notes.sqlite")
        let connections = try connections(url, delay: .seconds(600))
        let before = try databaseBytes(url)
        let text = String(repeating: "w", count: 16_000)
        for _ in 0..<1_500 {
            try await connections.write { db in try db.execute(sql: "INSERT INTO notes (text) VALUES (?)", arguments: [text]) }
        }
        XCTAssertEqual(try databaseBytes(url), before, "no commit copied the WAL into the database file")
        connections.checkpointNow()
        XCTAssertGreaterThan(try databaseBytes(url), before + 1_500 * 16_000)
        XCTAssertNil(connections.checkpointFailure)
        try connections.close()
    }

    func testTheCheckpointRunsShortlyAfterCommitsByItself() async throws {
        let directory = try TemporaryDirectory()
        let url = directory.file("notes.sqlite")
        let connections = try connections(url, delay: .milliseconds(20))
        let before = try databaseBytes(url)
        let text = String(repeating: "w", count: 16_000)
        for _ in 0..<200 {
            try await connections.write { db in try db.execute(sql: "INSERT INTO notes (text) VALUES (?)", arguments: [text]) }
        }
        let deadline = Date().addingTimeInterval(10)
        while try databaseBytes(url) < before + 200 * 16_000, Date() < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        XCTAssertGreaterThan(try databaseBytes(url), before + 200 * 16_000, "the background checkpoint ran")
        try connections.close()
    }

    /// The store keeps the writer's automatic checkpoint as the bound: a writer that never pauses still lets the WAL
    /// start over (with automatic checkpoints off it grew to the size of everything written). The file keeps its
    /// size between restarts up to `walSizeLimitBytes`, and a busy machine can delay a restart by a few hundred
    /// pages: well under the 144 MB written.
    func testABusyWriterKeepsTheWALBounded() async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(url: directory.databaseURL)
        try await store.connections.write { db in try db.execute(sql: "CREATE TABLE scratch (text TEXT NOT NULL)") }
        let wal = URL(fileURLWithPath: directory.databaseURL.path + "-wal")
        let text = String(repeating: "w", count: 16_000)
        var largest = 0
        for _ in 0..<9_000 {
            try await store.connections.write { db in try db.execute(sql: "INSERT INTO scratch VALUES (?)", arguments: [text]) }
            largest = max(largest, try databaseBytes(wal))
        }
        XCTAssertLessThan(largest, 85_000_000, "144 MB written; the WAL stays near 4,000 pages (64 MiB)")
        try store.close()
    }

    /// Once a read has found the file damaged, the checkpoint leaves it byte for byte as it is.
    func testADamagedStoreIsNotCheckpointed() async throws {
        let directory = try TemporaryDirectory()
        let url = directory.file("notes.sqlite")
        let connections = try connections(url, delay: .seconds(600))
        let text = String(repeating: "w", count: 16_000)
        for _ in 0..<50 {
            try await connections.write { db in try db.execute(sql: "INSERT INTO notes (text) VALUES (?)", arguments: [text]) }
        }
        // The store meets damage (as a read would report SQLITE_CORRUPT).
        do {
            _ = try await connections.read { _ in throw DatabaseError(resultCode: .SQLITE_CORRUPT) }
            XCTFail("the read reported no damage")
        } catch {}
        XCTAssertNotNil(connections.damaged)
        let bytes = try Data(contentsOf: url)
        connections.checkpointNow()
        XCTAssertEqual(try Data(contentsOf: url), bytes, "a damaged database is never written")
    }
}
