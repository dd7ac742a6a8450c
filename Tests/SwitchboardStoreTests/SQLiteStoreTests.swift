import GRDB
import XCTest
@testable import SwitchboardStore

final class SQLiteStoreTests: XCTestCase {
    func testNewDatabaseFilesArePrivate() throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(url: directory.databaseURL)
        let session = try store.createSession(firstPrompt: "hello", model: nil)
        try store.storeTurn(session: session.id, prompt: "hello", reply: "hi")
        let path = directory.databaseURL.path
        XCTAssertEqual(try mode(path), 0o600)
        XCTAssertEqual(try mode(path + "-wal"), 0o600)
        XCTAssertEqual(try mode(path + "-shm"), 0o600)
        XCTAssertEqual(try mode(directory.databaseURL.deletingLastPathComponent().path), 0o700)
    }

    func testUsesWALAndLargePages() throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(url: directory.databaseURL)
        let (journal, pageSize) = try store.connections.read { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Int.fetchOne(db, sql: "PRAGMA page_size"))
        }
        XCTAssertEqual(journal, "wal")
        XCTAssertEqual(pageSize, 16384)
    }

    func testReopeningKeepsData() throws {
        let directory = try TemporaryDirectory()
        let id: UUID
        do {
            let store = try SQLiteStore(url: directory.databaseURL)
            id = try store.createSession(firstPrompt: "persist me", model: "m").id
            try store.close()
        }
        let reopened = try SQLiteStore(url: directory.databaseURL)
        XCTAssertEqual(try reopened.session(id)?.title, "persist me")
    }

    func testNotSQLiteFileIsRefusedAndUntouched() throws {
        let directory = try TemporaryDirectory()
        let url = directory.file("db.sqlite")
        let bytes = Data((0..<4096).map { UInt8($0 % 251) })
        try bytes.write(to: url)
        XCTAssertThrowsError(try SQLiteStore(url: url)) { error in
            XCTAssertEqual(error as? StoreError, .notADatabase(path: url.path))
            XCTAssertTrue((error as? StoreError)?.description.contains(url.path) ?? false)
        }
        XCTAssertEqual(try Data(contentsOf: url), bytes)
        XCTAssertFalse(FileManager.default.fileExists(atPath: url.path + "-wal"))
    }

    func testCorruptFileIsRefusedAndUntouched() throws {
        let directory = try TemporaryDirectory()
        let url = directory.file("db.sqlite")
        // A real header followed by garbage: page 1 cannot be read.
        var bytes = Data(StoreFiles.sqliteHeader)
        bytes.append(Data((0..<8192).map { UInt8(($0 * 7) % 256) }))
        try bytes.write(to: url)
        XCTAssertThrowsError(try SQLiteStore(url: url)) { error in
            let described = "\(error)"
            XCTAssertTrue(described.contains(url.path), described)
            switch error as? StoreError {
            case .corrupt?, .notADatabase?: break
            default: XCTFail("unexpected \(error)")
            }
        }
        XCTAssertEqual(try Data(contentsOf: url), bytes)
    }

    func testOtherProgramsDatabaseIsRefusedAndUntouched() throws {
        let directory = try TemporaryDirectory()
        let url = directory.file("other.sqlite")
        do {
            let queue = try DatabaseQueue(path: url.path)
            try queue.write { db in try db.execute(sql: "CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('x')") }
            try queue.close()
        }
        let before = try Data(contentsOf: url)
        XCTAssertThrowsError(try SQLiteStore(url: url)) { error in
            XCTAssertEqual(error as? StoreError, .foreignDatabase(path: url.path))
        }
        XCTAssertEqual(try Data(contentsOf: url), before)
    }

    func testNewerSchemaIsRefused() throws {
        let directory = try TemporaryDirectory()
        do {
            let store = try SQLiteStore(url: directory.databaseURL)
            try store.connections.write { db in
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99 from the future')")
            }
            try store.close()
        }
        XCTAssertThrowsError(try SQLiteStore(url: directory.databaseURL)) { error in
            XCTAssertEqual(error as? StoreError,
                           .newerSchema(path: directory.databaseURL.path, unknownMigrations: ["v99 from the future"]))
        }
    }

    func testUnwritableLocationIsReported() throws {
        let directory = try TemporaryDirectory()
        let blocker = directory.file("file-not-dir")
        try Data().write(to: blocker)
        XCTAssertThrowsError(try SQLiteStore(url: blocker.appendingPathComponent("db.sqlite"))) { error in
            guard case .directoryUnavailable? = error as? StoreError else { return XCTFail("unexpected \(error)") }
        }
    }

    func testTwoStoresOpeningAFreshFileAtOnceBothSucceed() throws {
        let directory = try TemporaryDirectory()
        let url = directory.databaseURL
        let failures = LockedList()
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            do {
                let store = try SQLiteStore(url: url)
                _ = try store.createSession(firstPrompt: "race", model: nil)
            } catch {
                failures.append("\(error)")
            }
        }
        XCTAssertEqual(failures.values, [])
        XCTAssertEqual(try SQLiteStore(url: url).listSessions().count, 4)
    }

    private func mode(_ path: String) throws -> Int {
        try XCTUnwrap(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) & 0o777
    }
}

/// Collects strings from several threads.
final class LockedList: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []

    func append(_ item: String) {
        lock.lock()
        items.append(item)
        lock.unlock()
    }

    var values: [String] {
        lock.lock()
        defer { lock.unlock() }
        return items
    }
}
