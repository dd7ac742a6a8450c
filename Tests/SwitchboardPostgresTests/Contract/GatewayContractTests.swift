import Foundation
import SwitchboardCore
import SwitchboardPostgres
import SwitchboardStore
import XCTest

/// The gateway contract (`GatewayContract`) on SQLite: a fresh file per test, each instance a store of its own on
/// it (as separate processes). XCTest on Linux does not run inherited test methods, so each backend lists the
/// cases itself.
final class SQLiteGatewayContractTests: XCTestCase {
    private var directory: URL?

    override func setUp() {
        SessionArchiveCodecs.install(SwitchboardArchiveCodec())
    }

    override func tearDownWithError() throws {
        if let directory { try FileManager.default.removeItem(at: directory) }
    }

    private func contract() throws -> GatewayContract {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gateway-contract-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        self.directory = directory
        let file = directory.appendingPathComponent("history.sqlite")
        return GatewayContract(instance: { try SQLiteStore(url: file) })
    }

    func testKeysKeepOnlyASaltedHash() async throws { try await contract().keysKeepOnlyASaltedHash() }
    func testWrongMalformedAndRevokedKeys() async throws { try await contract().wrongMalformedAndRevokedKeysDoNotAuthenticate() }
    func testDuplicateAndBadNames() async throws { try await contract().duplicateAndBadNamesAreRefused() }
    func testLimitsAndKeySpend() async throws { try await contract().limitsRoundTripAndKeySpend() }
    func testSameConversationOneSession() async throws { try await contract().sameConversationIsOneSessionAndKeysNeverShare() }
    func testConcurrentConversationCreation() async throws { try await contract().concurrentCreationMakesOneSession() }
    func testDeletedConversationSession() async throws { try await contract().aDeletedSessionIsReplacedForItsConversation() }
    func testStoredRequest() async throws { try await contract().aStoredRequestHasItsKeyReplyAndAttemptsInOrder() }
    func testActivityAcrossInstances() async throws { try await contract().anotherInstancesTrafficShowsInTheActivity() }
    func testNoAuthActivity() async throws { try await contract().noAuthTrafficShowsUnderNoKeyAndAskTrafficNever() }
    func testArchives() async throws { try await contract().archivesCopyUnderNewIDsAndABrokenOneStoresNothing() }
}

/// The gateway contract on PostgreSQL: a fresh database per test (`PostgresTestCase`), each instance a
/// `PostgresStore` of its own on it.
final class PostgresGatewayContractTests: PostgresTestCase, @unchecked Sendable {
    override func setUp() async throws {
        try await super.setUp()
        SessionArchiveCodecs.install(SwitchboardArchiveCodec())
    }

    private func contract() -> GatewayContract {
        GatewayContract(instance: { [self] in try await open() })
    }

    func testKeysKeepOnlyASaltedHash() async throws { try await contract().keysKeepOnlyASaltedHash() }
    func testWrongMalformedAndRevokedKeys() async throws { try await contract().wrongMalformedAndRevokedKeysDoNotAuthenticate() }
    func testDuplicateAndBadNames() async throws { try await contract().duplicateAndBadNamesAreRefused() }
    func testLimitsAndKeySpend() async throws { try await contract().limitsRoundTripAndKeySpend() }
    func testSameConversationOneSession() async throws { try await contract().sameConversationIsOneSessionAndKeysNeverShare() }
    func testConcurrentConversationCreation() async throws { try await contract().concurrentCreationMakesOneSession() }
    func testDeletedConversationSession() async throws { try await contract().aDeletedSessionIsReplacedForItsConversation() }
    func testStoredRequest() async throws { try await contract().aStoredRequestHasItsKeyReplyAndAttemptsInOrder() }
    func testActivityAcrossInstances() async throws { try await contract().anotherInstancesTrafficShowsInTheActivity() }
    func testNoAuthActivity() async throws { try await contract().noAuthTrafficShowsUnderNoKeyAndAskTrafficNever() }
    func testArchives() async throws { try await contract().archivesCopyUnderNewIDsAndABrokenOneStoresNothing() }
}
