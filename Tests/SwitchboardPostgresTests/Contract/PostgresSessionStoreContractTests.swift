import Foundation
import XCTest
import SwitchboardCore
import SwitchboardPostgres

/// The store contract (`SessionStoreContract`) on PostgreSQL: a fresh database per test (`PostgresTestCase`).
/// The cases are the SQLite ones, listed again because XCTest on Linux does not run inherited test methods.
final class PostgresSessionStoreContractTests: PostgresTestCase, @unchecked Sendable {
    private func contract() async throws -> SessionStoreContract {
        SessionStoreContract(store: try await open())
    }

    func testCreateListAndResolve() async throws { try await contract().createListAndResolve() }
    func testRenameSetAndDelete() async throws { try await contract().renameSetAndDelete() }
    func testTurnLifecycle() async throws { try await contract().turnLifecycle() }
    func testComparedAnswersAndPick() async throws { try await contract().comparedAnswersAndPick() }
    func testTurnInOneWrite() async throws { try await contract().turnInOneWrite() }
    func testBranchesHeadAndColumns() async throws { try await contract().branchesHeadAndColumns() }
    func testCompaction() async throws { try await contract().compaction() }
    func testPartsAndToolMessages() async throws { try await contract().partsAndToolMessages() }
    func testLongMessage() async throws { try await contract().longMessage() }
    func testDetailAndExport() async throws { try await contract().detailAndExport() }
    func testSearch() async throws { try await contract().search() }
    func testFigures() async throws { try await contract().figures() }
    func testSpendByKeyAndTag() async throws { try await contract().spendByKeyAndTag() }
}
