import Foundation
import SwitchboardPostgres
import SwitchboardTestSupport
import XCTest

final class PostgresStoreOpeningTests: PostgresTestCase, @unchecked Sendable {
    func testOpeningMigratesOnceAndAgainIsANoOp() async throws {
        let store = try await open()
        let applied = try await store.appliedMigrations()
        XCTAssertEqual(applied, PostgresStore.knownMigrations)
        XCTAssertEqual(applied.first, "p1 ledger and budgets")
        let again = try await store.migrate()
        XCTAssertEqual(again, [], "a second migration applies nothing")
        let after = try await store.appliedMigrations()
        XCTAssertEqual(after, applied)
        XCTAssertEqual(try sql("SELECT count(*) FROM switchboard_migrations"), String(applied.count))
    }

    func testThreeInstancesOpeningAtOnceMigrateOnce() async throws {
        let url = try url
        let stores = try await withThrowingTaskGroup(of: PostgresStore.self) { group in
            for _ in 0..<3 { group.addTask { try await PostgresStore.open(url: url) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        XCTAssertEqual(try sql("SELECT count(*) FROM store_instances"), "3", "each instance has its heartbeat")
        for store in stores { await store.close() }
        XCTAssertEqual(stores.count, 3)
        XCTAssertEqual(Set(stores.map(\.instance)).count, 3)
        XCTAssertEqual(try sql("SELECT count(*) FROM switchboard_migrations"), String(PostgresStore.knownMigrations.count))
        XCTAssertEqual(try sql("SELECT count(*) FROM store_instances"), "0", "closing removes the heartbeat")
    }

    func testAWrongPasswordFailsWithoutRepeatingIt() async throws {
        guard var components = URLComponents(string: try url) else { return XCTFail("test URL") }
        components.password = "not-the-password-4711"
        do {
            let store = try await PostgresStore.open(url: components.string ?? "")
            await store.close()
            XCTFail("opened with a wrong password")
        } catch {
            let text = "\(error)"
            XCTAssertFalse(text.contains("not-the-password-4711"), text)
            XCTAssertTrue(text.contains("***"), text)
        }
    }

    func testTheURLDescriptionHidesThePassword() throws {
        let url = try PostgresURL("postgresql://team:s3cret%40x@db.example:6543/ledger?sslmode=require")
        XCTAssertEqual(url.password, "s3cret@x")
        XCTAssertEqual(url.port, 6543)
        XCTAssertEqual(url.database, "ledger")
        XCTAssertEqual(url.tls, .require)
        XCTAssertEqual("\(url)", "postgres://team:***@db.example:6543/ledger")
        XCTAssertThrowsError(try PostgresURL("postgres://team:hunter2@/x?sslmode=bogus")) { error in
            XCTAssertFalse("\(error)".contains("hunter2"), "\(error)")
        }
        XCTAssertEqual(PostgresURL.redacting("postgres://a:b@c/d"), "postgres://a:***@c/d")
    }
}
