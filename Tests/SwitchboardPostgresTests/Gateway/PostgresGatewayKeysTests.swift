import Foundation
import SwitchboardCore
@testable import SwitchboardPostgres
import XCTest

/// What only PostgreSQL's gateway keys do (the rest is `GatewayContract`, run on both stores): the secret is
/// nowhere in the database's rows, and a revocation is announced to every instance on `switchboard_keys`.
final class PostgresGatewayKeysTests: PostgresTestCase, @unchecked Sendable {
    private func create(_ store: PostgresStore, _ name: String, _ limits: GatewayKeyLimits = GatewayKeyLimits())
        async throws -> (key: GatewayKey, secret: String) {
        let (secret, stored) = GatewayKeySecret.generate()
        return (try await store.createGatewayKey(name: name, limits: limits, stored: stored, at: Date()), secret)
    }

    func testOnlyASaltedHashIsStoredAndTheKeyIsNowhereInTheDatabase() async throws {
        let store = try await open()
        let (key, secret) = try await create(store, "ci")
        let (other, otherSecret) = try await create(store, "laptop")
        XCTAssertEqual(key.prefix, String(secret.prefix(11)))
        let dump = try sql("SELECT g::text FROM gateway_keys g")
        XCTAssertEqual(dump.split(separator: "\n").count, 2, dump)
        XCTAssertFalse(dump.contains(String(secret.dropFirst(11))), "the key's secret part is in the database")
        XCTAssertFalse(dump.contains(String(otherSecret.dropFirst(11))))
        let salts = try sql("SELECT count(DISTINCT salt) FROM gateway_keys").trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertEqual(salts, "2", "every key has its own salt")
        let again = try await open()
        let found = try await again.authenticate(secret)
        XCTAssertEqual(found?.id, key.id)
        let otherFound = try await again.authenticate(otherSecret)
        XCTAssertEqual(otherFound?.id, other.id)
    }

    /// Revoking on one instance: the other refuses the key at once (it reads the key on every request) and hears
    /// the revocation on `switchboard_keys` within a second.
    func testAKeyRevokedOnOneInstanceIsRefusedByTheOtherWithinASecond() async throws {
        let first = try await open()
        let second = try await open()
        let (key, secret) = try await create(first, "ci")
        let before = try await second.authenticate(secret)
        XCTAssertEqual(before?.id, key.id)
        let revocations = try await second.keyRevocations()
        let started = ContinuousClock.now
        _ = try await first.revokeGatewayKey(named: "ci", at: Date())
        var heard: Int64?
        for await id in revocations { heard = id; break }
        XCTAssertEqual(heard, key.id)
        XCTAssertLessThan(ContinuousClock.now - started, .seconds(1))
        let after = try await second.authenticate(secret)
        XCTAssertNil(after, "the other instance refuses the revoked key")
    }
}
