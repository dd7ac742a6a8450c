import SwitchboardTestSupport
import XCTest

extension PostgresTestDatabase {
    /// A database of its own for one test on `$SWITCHBOARD_TEST_POSTGRES_URL`'s server. Without a server the test
    /// is skipped, except under CI, where that is a failure.
    static func forTest() throws -> PostgresTestDatabase {
        switch availability() {
        case .available(let admin): return try create(adminURL: admin)
        case .missing(let reason):
            if isCI { XCTFail(reason); throw PostgresTestDatabaseError(message: reason) }
            throw XCTSkip(reason)
        }
    }
}
