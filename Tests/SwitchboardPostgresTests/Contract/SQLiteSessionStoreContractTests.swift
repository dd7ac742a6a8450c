import Foundation
import XCTest
import SwitchboardCore
import SwitchboardStore

/// The store contract (`SessionStoreContract`) on SQLite: a fresh file per test. XCTest on Linux does not run test
/// methods a subclass inherits, so each backend lists the contract's cases itself.
final class SQLiteSessionStoreContractTests: XCTestCase {
    private var directory: URL?

    override func tearDownWithError() throws {
        if let directory { try FileManager.default.removeItem(at: directory) }
    }

    private func contract() throws -> SessionStoreContract {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("contract-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        self.directory = directory
        return SessionStoreContract(store: try SQLiteStore(url: directory.appendingPathComponent("history.sqlite")))
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
