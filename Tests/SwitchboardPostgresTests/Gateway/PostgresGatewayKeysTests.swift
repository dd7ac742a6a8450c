import Foundation
import SwitchboardCore
@testable import SwitchboardPostgres
import XCTest

/// Gateway keys on a real PostgreSQL database, mirroring the SQLite store's tests: only a salted hash is kept,
/// revoked keys stop working (on every instance at once), names stay taken, limits round-trip.
final class PostgresGatewayKeysTests: PostgresTestCase, @unchecked Sendable {
    private func money(_ text: String) -> Money { Money(Decimal(string: text) ?? -1) }

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

    func testWrongMalformedAndRevokedKeysDoNotAuthenticate() async throws {
        let store = try await open()
        let (_, secret) = try await create(store, "ci")
        let forged = String(secret.prefix(11)) + String(repeating: "0", count: 56)
        let wrong = try await store.authenticate(forged)
        XCTAssertNil(wrong)
        let malformed = try await store.authenticate("sb-nothex")
        XCTAssertNil(malformed)
        let right = try await store.authenticate(secret)
        XCTAssertNotNil(right)
        let revoked = try await store.revokeGatewayKey(named: "ci", at: Date())
        XCTAssertNotNil(revoked.revokedAt)
        let afterRevoke = try await store.authenticate(secret)
        XCTAssertNil(afterRevoke, "a revoked key is refused")
        let again = try await store.revokeGatewayKey(named: "ci", at: Date().addingTimeInterval(60))
        XCTAssertEqual(again.revokedAt, revoked.revokedAt, "revoking twice keeps the first time")
        do {
            _ = try await store.revokeGatewayKey(named: "nope", at: Date())
            XCTFail("revoking an unknown key must fail")
        } catch let error as GatewayKeyError {
            XCTAssertEqual(error, .unknownName("nope"))
        }
    }

    func testDuplicateAndBadNamesAreRefusedEvenWhenTwoInstancesRace() async throws {
        let first = try await open()
        let second = try await open()
        let results = await withTaskGroup(of: Bool.self) { group in
            for store in [first, second, first, second] {
                group.addTask {
                    do { _ = try await self.create(store, "ci"); return true } catch { return false }
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        XCTAssertEqual(results.filter { $0 }.count, 1, "one instance gets the name")
        _ = try await first.revokeGatewayKey(named: "ci", at: Date())
        do {
            _ = try await create(second, "ci")
            XCTFail("a name stays taken")
        } catch let error as GatewayKeyError {
            XCTAssertEqual(error, .duplicateName("ci"))
        }
        do {
            _ = try await create(first, "has space")
            XCTFail("a bad name must be refused")
        } catch let error as GatewayKeyError {
            XCTAssertEqual(error, .invalidName("has space"))
        }
    }

    func testCapsPatternsAndRateRoundTripAndTagsAreKeptOnce() async throws {
        let store = try await open()
        let limits = GatewayKeyLimits(daily: money("1.5"), monthly: money("0.1"), models: ["gpt-4o*", "anthropic/*"], rpm: 30)
        let (key, _) = try await create(store, "ci", limits)
        _ = try await create(store, "laptop")
        let listed = try await store.gatewayKeys()
        XCTAssertEqual(listed.map(\.key.name), ["ci", "laptop"])
        XCTAssertEqual(listed[0].key.limits, limits)
        XCTAssertEqual(listed[0].key, key)
        XCTAssertEqual(listed[1].key.limits, GatewayKeyLimits())
        XCTAssertEqual(listed[1].today, .zero)
        let turn = UUID()
        try await store.attributeTurn(turn, key: key.id, tags: ["team:a", "ci"])
        try await store.attributeTurn(turn, key: key.id, tags: ["ci"])
        XCTAssertEqual(try sql("SELECT string_agg(tag, ',' ORDER BY tag) FROM turn_tags").trimmingCharacters(in: .whitespacesAndNewlines),
                       "ci,team:a")
        XCTAssertEqual(try sql("SELECT gateway_key_id FROM turns WHERE id = '\(turn)'").trimmingCharacters(in: .whitespacesAndNewlines),
                       String(key.id))
    }

    /// `keys list` shows what the key's caps are held against: its known costs (0.1 + 0.2 exactly), whether the
    /// turn was attributed before its attempts or after them, counted once however often it is attributed.
    func testKeySpendCountsCostsRecordedBeforeOrAfterAttributionOnce() async throws {
        let store = try await open()
        let (key, _) = try await create(store, "ci")
        let early = UUID()
        try await store.attributeTurn(early, key: key.id, tags: [])
        try await store.record(attempt(early, cost: "0.1"))
        let late = UUID()
        try await store.record(attempt(late, cost: "0.2"))
        try await store.attributeTurn(late, key: key.id, tags: ["x"])
        try await store.attributeTurn(late, key: key.id, tags: ["x"])
        let listed = try await store.gatewayKeys()
        XCTAssertEqual(listed.first?.today, money("0.3"))
        XCTAssertEqual(listed.first?.thisMonth, money("0.3"))
    }

    private func attempt(_ turn: UUID, cost: String) -> AttemptRecord {
        AttemptRecord(turnID: turn, ordinal: 1, model: "openai/gpt-4o-mini", provider: "openai", providerModel: "gpt-4o-mini",
                      reason: "explicit", outcome: .success, startedAt: Date(), duration: .milliseconds(10),
                      usage: Usage(input: 1, output: 1), cost: money(cost))
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
