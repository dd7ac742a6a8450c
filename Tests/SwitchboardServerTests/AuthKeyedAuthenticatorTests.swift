import Foundation
@testable import SwitchboardServer
import SwitchboardCore
import XCTest

/// The keyed authenticator over an in-memory key store: 401 for a missing, unknown or revoked key (the same
/// answer, never echoing it), 403 for a model outside the key's patterns, 429 with Retry-After past its rate.
final class AuthKeyedAuthenticatorTests: XCTestCase {
    private func setUp(_ limits: GatewayKeyLimits = GatewayKeyLimits()) async throws
        -> (MemoryKeys, secret: String, key: GatewayKey) {
        let keys = MemoryKeys()
        let (secret, stored) = GatewayKeySecret.generate()
        let key = try await keys.createGatewayKey(name: "ci", limits: limits, stored: stored, at: Date())
        return (keys, secret, key)
    }

    private func denial(_ result: Result<GatewayCaller, GatewayDenial>) -> GatewayDenial? {
        if case .failure(let denial) = result { return denial }
        return nil
    }

    func testBearerAndXAPIKeyAreAcceptedAndTheCallerCarriesTheKey() async throws {
        let (keys, secret, key) = try await setUp(GatewayKeyLimits(daily: Money(Decimal(2))))
        let authenticator = KeyedGatewayAuthenticator(keys: keys)
        for credentials in [GatewayCredentials(bearer: secret, apiKey: nil), GatewayCredentials(bearer: nil, apiKey: secret)] {
            guard case .success(let caller) = await authenticator.authenticate(credentials) else {
                return XCTFail("a live key must be let in")
            }
            XCTAssertEqual(caller.key, key)
            XCTAssertEqual(caller.name, "ci")
            XCTAssertEqual(caller.key?.budget?.daily, Money(Decimal(2)))
        }
    }

    func testMissingUnknownAndRevokedKeysGet401WithoutTheKey() async throws {
        let (keys, secret, _) = try await setUp()
        let authenticator = KeyedGatewayAuthenticator(keys: keys)
        let missing = denial(await authenticator.authenticate(GatewayCredentials(bearer: nil, apiKey: nil)))
        XCTAssertEqual(missing?.kind, .unauthenticated)
        XCTAssertTrue(missing?.message.contains("Authorization: Bearer sb-") ?? false)
        let forged = String(secret.prefix(20)) + String(repeating: "0", count: secret.count - 20)
        let unknown = denial(await authenticator.authenticate(GatewayCredentials(bearer: forged, apiKey: nil)))
        XCTAssertEqual(unknown?.kind, .unauthenticated)
        XCTAssertFalse(unknown?.message.contains(forged.dropFirst(3)) ?? true, "the presented key is never echoed")
        _ = try await keys.revokeGatewayKey(named: "ci", at: Date())
        let revoked = denial(await authenticator.authenticate(GatewayCredentials(bearer: secret, apiKey: nil)))
        XCTAssertEqual(revoked, unknown, "a revoked key gets the same answer as a made-up one")
    }

    func testAStoreThatCannotAnswerIs503NotA401() async throws {
        let authenticator = KeyedGatewayAuthenticator(keys: FailingKeys())
        let (secret, _) = GatewayKeySecret.generate()
        let denied = denial(await authenticator.authenticate(GatewayCredentials(bearer: secret, apiKey: nil)))
        XCTAssertEqual(denied?.kind, .unavailable)
        XCTAssertEqual(GatewayError.denial(try XCTUnwrap(denied)).status, 503)
    }

    func testModelPatternsGive403() async throws {
        let (keys, secret, _) = try await setUp(GatewayKeyLimits(models: ["gpt-4o*", "auto"]))
        guard case .success(let caller) = await KeyedGatewayAuthenticator(keys: keys)
            .authenticate(GatewayCredentials(bearer: secret, apiKey: nil)) else { return XCTFail("let in") }
        XCTAssertNil(caller.denial(forModel: "gpt-4o-mini"))
        XCTAssertNil(caller.denial(forModel: "auto"))
        let refused = try XCTUnwrap(caller.denial(forModel: "anthropic/claude-sonnet-4"))
        XCTAssertEqual(refused.kind, .forbidden)
        XCTAssertEqual(GatewayError.denial(refused).status, 403)
        XCTAssertTrue(refused.message.contains("gpt-4o*, auto"), refused.message)
        XCTAssertNil(GatewayCaller.anonymous.denial(forModel: "anything"), "--no-auth limits no model")
    }

    func testTheRateWindowSlidesAndSaysWhenToRetry() async throws {
        let (keys, secret, _) = try await setUp(GatewayKeyLimits(rpm: 2))
        let clock = TestInstant()
        let authenticator = KeyedGatewayAuthenticator(keys: keys, rates: AuthRateWindow(now: { clock.now }))
        let credentials = GatewayCredentials(bearer: secret, apiKey: nil)
        let first = await authenticator.authenticate(credentials)
        XCTAssertNil(denial(first))
        clock.advance(.seconds(20))
        let second = await authenticator.authenticate(credentials)
        XCTAssertNil(denial(second))
        clock.advance(.seconds(10))
        let limited = denial(await authenticator.authenticate(credentials))
        XCTAssertEqual(limited?.kind, .rateLimited(retryAfterSeconds: 30))
        let error = GatewayError.denial(try XCTUnwrap(limited))
        XCTAssertEqual(error.status, 429)
        XCTAssertEqual(error.retryAfterSeconds, 30)
        clock.advance(.seconds(30))
        let later = await authenticator.authenticate(credentials)
        XCTAssertNil(denial(later), "the first request left the window")
    }
}

/// A settable instant for the rate window.
private final class TestInstant: @unchecked Sendable {
    private let lock = NSLock()
    private var instant = ContinuousClock.now
    var now: ContinuousClock.Instant { lock.withLock { instant } }
    func advance(_ duration: Duration) { lock.withLock { instant += duration } }
}

/// Keys in memory, as the SQLite store keeps them (tested on a real file in SwitchboardStoreTests).
private final class MemoryKeys: GatewayKeyStore, @unchecked Sendable {
    private let lock = NSLock()
    private var keys: [(key: GatewayKey, stored: GatewayKeySecret.Stored)] = []

    func createGatewayKey(name: String, limits: GatewayKeyLimits, stored: GatewayKeySecret.Stored, at: Date) async throws -> GatewayKey {
        lock.withLock {
            let key = GatewayKey(id: Int64(keys.count + 1), name: name, prefix: stored.prefix, createdAt: at, limits: limits)
            keys.append((key, stored))
            return key
        }
    }

    func gatewayKeys() async throws -> [GatewayKeyUsage] {
        lock.withLock { keys.map { GatewayKeyUsage(key: $0.key, today: .zero, thisMonth: .zero) } }
    }

    func revokeGatewayKey(named: String, at: Date) async throws -> GatewayKey {
        try lock.withLock {
            guard let index = keys.firstIndex(where: { $0.key.name == named }) else { throw GatewayKeyError.unknownName(named) }
            keys[index].key.revokedAt = keys[index].key.revokedAt ?? at
            return keys[index].key
        }
    }

    func gatewayKeyCandidates(prefix: String) async throws -> [(key: GatewayKey, stored: GatewayKeySecret.Stored)] {
        lock.withLock { keys.filter { $0.stored.prefix == prefix } }
    }

    func attributeTurn(_ turn: UUID, key: Int64?, tags: [String]) async throws {}
}

private struct FailingKeys: GatewayKeyStore {
    struct Down: Error {}
    func createGatewayKey(name: String, limits: GatewayKeyLimits, stored: GatewayKeySecret.Stored, at: Date) async throws -> GatewayKey { throw Down() }
    func gatewayKeys() async throws -> [GatewayKeyUsage] { throw Down() }
    func revokeGatewayKey(named: String, at: Date) async throws -> GatewayKey { throw Down() }
    func gatewayKeyCandidates(prefix: String) async throws -> [(key: GatewayKey, stored: GatewayKeySecret.Stored)] { throw Down() }
    func attributeTurn(_ turn: UUID, key: Int64?, tags: [String]) async throws { throw Down() }
}
