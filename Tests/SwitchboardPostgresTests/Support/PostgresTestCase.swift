import Foundation
import SwitchboardPostgres
import SwitchboardTestSupport
import XCTest

/// A test on its own fresh database: `database` is created in setUp and dropped in tearDown, with every store
/// the test opened through `open` closed first. Skips without `$SWITCHBOARD_TEST_POSTGRES_URL`, except under CI.
class PostgresTestCase: XCTestCase, @unchecked Sendable {
    private(set) var database: PostgresTestDatabase?
    private var stores: [PostgresStore] = []

    override func setUp() async throws {
        try await super.setUp()
        switch PostgresTestDatabase.availability() {
        case .available(let admin):
            database = try PostgresTestDatabase.create(adminURL: admin)
        case .missing(let reason):
            if PostgresTestDatabase.isCI { XCTFail(reason); throw PostgresTestDatabaseError(message: reason) }
            throw XCTSkip(reason)
        }
    }

    override func tearDown() async throws {
        for store in stores { await store.close() }
        stores = []
        try database?.drop()
        database = nil
        try await super.tearDown()
    }

    /// The fresh database's URL.
    var url: String {
        get throws {
            guard let database else { throw PostgresTestDatabaseError(message: "no test database") }
            return database.url
        }
    }

    /// Opens a store (an instance) on the test's database; closed in tearDown.
    func open(instance: UUID = UUID(), holdLifetime: Duration = PostgresStore.defaultHoldLifetime,
              renewEvery: Duration = PostgresStore.defaultRenewal) async throws -> PostgresStore {
        let store = try await PostgresStore.open(url: try url, instance: instance, holdLifetime: holdLifetime,
                                                 renewEvery: renewEvery)
        stores.append(store)
        return store
    }

    /// Runs SQL on the test's database through psql (outside any store): what a test checks or arranges.
    @discardableResult
    func sql(_ command: String) throws -> String {
        guard let database else { throw PostgresTestDatabaseError(message: "no test database") }
        return try database.sql(command)
    }
}
