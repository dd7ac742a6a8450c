import GRDB
import XCTest
@testable import SwitchboardStore
import SwitchboardCore

final class StoreSchemaTests: XCTestCase {
    func testMigratesEmptyDatabaseToEveryTable() throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(url: directory.databaseURL)
        let tables = try store.connections.read { db in
            try Set(String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'"))
        }
        for table in ["sessions", "turns", "messages", "attempts", "message_search", "budget_reservations"] {
            XCTAssertTrue(tables.contains(table), "missing \(table)")
        }
        XCTAssertTrue(tables.subtracting(StoreSchema.knownTables).allSatisfy { $0.hasPrefix("sqlite_") },
                      "\(tables.subtracting(StoreSchema.knownTables))")
        let applied = try store.connections.read { db in try StoreSchema.migrator.appliedMigrations(db) }
        XCTAssertEqual(applied, StoreSchema.migrator.migrations)
    }

    /// A database left at each earlier version, with data in it, reaches the latest schema with its data intact
    /// (and, from before the search migration, its old messages searchable).
    func testMigratesFromEveryEarlierVersion() throws {
        let migrations = StoreSchema.migrator.migrations
        for stop in migrations.dropLast() {
            let directory = try TemporaryDirectory()
            let path = directory.databaseURL.path
            _ = try StoreFiles.prepare(directory.databaseURL)
            let session = UUID()
            do {
                let pool = try DatabasePool(path: path, configuration: SQLiteStore.configuration())
                try StoreSchema.migrator.migrate(pool, upTo: stop)
                try pool.write { db in
                    try db.execute(sql: """
                        INSERT INTO sessions (uuid, title, created_at, updated_at) VALUES (?, 'old', 1, 2);
                        INSERT INTO messages (session_id, role, status, created_at, updated_at, text)
                        VALUES (1, 'user', 'complete', 1, 1, 'an aardvark from the past');
                        """, arguments: [SQLiteStore.text(session)])
                }
                try pool.close()
            }
            let store = try SQLiteStore(url: directory.databaseURL)
            let applied = try store.connections.read { db in try StoreSchema.migrator.appliedMigrations(db) }
            XCTAssertEqual(applied, migrations, "from \(stop)")
            XCTAssertEqual(try store.messages(in: session).map(\.text), ["an aardvark from the past"], "from \(stop)")
            XCTAssertEqual(try store.search("aardvark").count, 1, "from \(stop)")
        }
    }

    func testMoneyColumnsAreText() throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(url: directory.databaseURL)
        let session = try store.createSession(firstPrompt: "x", model: nil)
        try store.storeTurn(session: session.id, prompt: "x", reply: "y", cost: Money(Decimal(string: "0.1") ?? 0))
        let types = try store.connections.read { db in
            try String.fetchAll(db, sql: "SELECT typeof(cost) FROM attempts UNION ALL SELECT typeof(cost) FROM messages WHERE role = 'assistant'")
        }
        XCTAssertEqual(types, ["text", "text"])
    }
}
