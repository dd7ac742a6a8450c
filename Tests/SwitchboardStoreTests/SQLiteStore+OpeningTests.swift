import GRDB
import XCTest
@testable import SwitchboardStore
import SwitchboardCore

/// Opening a database changes nothing in it; read-only opens never write and create nothing.
final class SQLiteStoreOpeningTests: XCTestCase {
    /// A database with a few turns, closed cleanly (its WAL checkpointed and removed, as after any command).
    private func seededDatabase(_ directory: TemporaryDirectory, sessions: Int = 3) throws -> (url: URL, ids: [UUID]) {
        let url = directory.databaseURL
        let store = try SQLiteStore(url: url)
        var ids: [UUID] = []
        for index in 0..<sessions {
            let session = try store.createSession(firstPrompt: "topic \(index)", model: nil, at: Clock.at(Double(index)))
            try store.storeTurn(session: session.id, prompt: "walrus question \(index)", reply: "walrus answer \(index)",
                                at: Clock.at(Double(index)))
            ids.append(session.id)
        }
        try store.close()
        XCTAssertFalse(FileManager.default.fileExists(atPath: url.path + "-wal"), "a clean close removes the WAL")
        return (url, ids)
    }

    /// `PRAGMA schema_version` through a read-only connection, which cannot change it.
    private func schemaVersion(_ url: URL) throws -> Int {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: url.path, configuration: configuration)
        defer { try? queue.close() }
        return try queue.read { db in try Int.fetchOne(db, sql: "PRAGMA schema_version") ?? -1 }
    }

    func testOpeningForWritingAndReadingChangesNeitherSchemaNorBytes() throws {
        let directory = try TemporaryDirectory()
        let (url, ids) = try seededDatabase(directory)
        let cookie = try schemaVersion(url)
        let bytes = try Data(contentsOf: url)
        for _ in 0..<3 {
            let store = try SQLiteStore(url: url)
            XCTAssertEqual(try store.listSessions().count, 3)
            XCTAssertEqual(try store.sessionDetail(ids[0]).entries.count, 2)
            XCTAssertEqual(try store.search("walrus").count, 6)
            _ = try store.spend(by: .model)
            try store.close()
        }
        XCTAssertEqual(try schemaVersion(url), cookie, "opening must not run DDL")
        XCTAssertEqual(try Data(contentsOf: url), bytes, "opening and reading must not change the file")
    }

    func testReadOnlyOpenNeverWrites() throws {
        let directory = try TemporaryDirectory()
        let (url, ids) = try seededDatabase(directory)
        let cookie = try schemaVersion(url)
        let bytes = try Data(contentsOf: url)
        let store = try SQLiteStore(url: url, access: .readOnly)
        XCTAssertEqual(try store.listSessions().count, 3)
        XCTAssertEqual(try store.exportJSON(ids[1]).isEmpty, false)
        XCTAssertThrowsError(try store.createSession(firstPrompt: "no", model: nil)) { error in
            XCTAssertEqual(error as? StoreError, .readOnly(path: url.path))
        }
        XCTAssertThrowsError(try store.deleteSession(ids[0]))
        try store.close()
        XCTAssertEqual(try schemaVersion(url), cookie)
        XCTAssertEqual(try Data(contentsOf: url), bytes)
    }

    func testReadOnlyOpenOfAMissingDatabaseCreatesNothing() throws {
        let directory = try TemporaryDirectory()
        let url = directory.databaseURL
        let store = try SQLiteStore(url: url, access: .readOnly)
        XCTAssertEqual(try store.listSessions(), [])
        XCTAssertEqual(try store.search("anything"), [])
        XCTAssertThrowsError(try store.resolveSession("last")) { error in
            XCTAssertEqual(error as? StoreError, .noSessions)
        }
        try store.close()
        XCTAssertFalse(FileManager.default.fileExists(atPath: url.deletingLastPathComponent().path),
                       "not even the directory is created")
    }

    /// A database from an older build is read through a migrated copy: the file keeps its old schema.
    func testReadOnlyOpenOfAnOlderSchemaLeavesItAsItWas() throws {
        let directory = try TemporaryDirectory()
        let url = directory.databaseURL
        _ = try StoreFiles.prepare(url)
        let session = UUID()
        do {
            let pool = try DatabasePool(path: url.path, configuration: SQLiteStore.configuration())
            try StoreSchema.migrator.migrate(pool, upTo: "v2 full-text search")
            try pool.write { db in
                try db.execute(sql: """
                    INSERT INTO sessions (uuid, title, created_at, updated_at) VALUES (?, 'old', 1, 2);
                    INSERT INTO messages (session_id, role, status, created_at, updated_at, text)
                    VALUES (1, 'user', 'complete', 1, 1, 'an okapi from the past');
                    """, arguments: [SQLiteStore.text(session)])
            }
            try pool.close()
        }
        let bytes = try Data(contentsOf: url)
        let store = try SQLiteStore(url: url, access: .readOnly)
        XCTAssertEqual(try store.messages(in: session).map(\.text), ["an okapi from the past"])
        XCTAssertEqual(try store.search("okapi").count, 1)
        try store.close()
        XCTAssertEqual(try Data(contentsOf: url), bytes)
    }

    /// Several processes deleting and reading at once (separate stores stand in for them): none fails.
    func testConcurrentDeletesAndReadsDoNotFail() throws {
        let directory = try TemporaryDirectory()
        let (url, ids) = try seededDatabase(directory, sessions: 16)
        let failures = LockedList()
        for round in 0..<2 {
            DispatchQueue.concurrentPerform(iterations: 16) { index in
                do {
                    if index % 2 == 0 {
                        let store = try SQLiteStore(url: url)
                        try store.deleteSession(ids[round * 8 + index / 2])
                        try store.close()
                    } else {
                        let store = try SQLiteStore(url: url, access: .readOnly)
                        _ = try store.listSessions()
                        _ = try store.search("walrus")
                        try store.close()
                    }
                } catch {
                    failures.append("\(error)")
                }
            }
        }
        XCTAssertEqual(failures.values, [])
        XCTAssertEqual(try SQLiteStore(url: url, access: .readOnly).listSessions(), [])
    }
}
