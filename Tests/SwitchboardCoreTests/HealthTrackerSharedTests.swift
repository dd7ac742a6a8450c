import Foundation
@testable import SwitchboardCore
import XCTest

/// Health that one instance learned, taken on by another (`SharedHealth`), and what an instance tells the others.
final class HealthTrackerSharedTests: XCTestCase {
    let origin = ContinuousClock.now
    let wall = Date(timeIntervalSince1970: 1_750_000_000)
    func at(_ seconds: Double) -> ContinuousClock.Instant { origin + .milliseconds(Int(seconds * 1000)) }
    let key = "p/model"

    func testAnAdoptedCooldownKeepsTheDeploymentOutUntilItsWallClockEnd() {
        var tracker = HealthTracker()
        tracker.adopt(SharedHealthChange(deployment: key, coolingUntil: wall.addingTimeInterval(20), reason: "3 failures in a row"),
                      at: at(0), wallNow: wall)
        XCTAssertEqual(tracker.state(key, at: at(0)), .open(until: at(20)))
        XCTAssertFalse(tracker.admits(key, at: at(19.9)))
        XCTAssertTrue(tracker.admits(key, at: at(20)), "then this instance probes it itself")
        XCTAssertEqual(tracker.snapshot(of: key, at: at(1))?.reason, "3 failures in a row (seen by another instance)")
        XCTAssertEqual(tracker.snapshot(of: key, at: at(1))?.trips, 0, "the instance that tripped counts the trips")
    }

    func testAnExpiredCooldownChangesNothing() {
        var tracker = HealthTracker()
        tracker.adopt(SharedHealthChange(deployment: key, coolingUntil: wall.addingTimeInterval(-1)), at: at(0), wallNow: wall)
        XCTAssertEqual(tracker.state(key, at: at(0)), .closed)
        XCTAssertNil(tracker.snapshot(of: key, at: at(0)))
    }

    func testALongerOwnCooldownIsKept() {
        var tracker = HealthTracker()
        tracker.record(key, outcome: .failure(.rateLimited), at: at(0), retryAfter: .seconds(60))
        tracker.adopt(SharedHealthChange(deployment: key, coolingUntil: wall.addingTimeInterval(10)), at: at(0), wallNow: wall)
        XCTAssertEqual(tracker.state(key, at: at(0)), .open(until: at(60)))
    }

    func testAnotherInstancesRecoveryClosesTheBreakerWithAFreshWindow() {
        var tracker = HealthTracker()
        for second in 0..<3 { tracker.record(key, outcome: .failure(.server), at: at(Double(second))) }
        XCTAssertEqual(tracker.state(key, at: at(2)), .open(until: at(32)))
        tracker.adopt(SharedHealthChange(deployment: key, coolingUntil: nil), at: at(10), wallNow: wall)
        XCTAssertEqual(tracker.state(key, at: at(10)), .closed)
        tracker.record(key, outcome: .failure(.server), at: at(11))
        XCTAssertEqual(tracker.state(key, at: at(11)), .closed, "the failures before the recovery no longer count")
    }

    func testATripIsToldWithItsWallClockEndAndReason() throws {
        var tracker = HealthTracker()
        var told: [SharedHealthChange] = []
        for second in 0..<3 {
            let before = tracker.state(key, at: at(Double(second)))
            tracker.record(key, outcome: .failure(.server), at: at(Double(second)))
            if let change = tracker.sharedChange(key, before: before, at: at(Double(second)),
                                                 wallNow: wall.addingTimeInterval(Double(second))) { told.append(change) }
        }
        XCTAssertEqual(told.count, 1, "only the trip is news")
        let change = try XCTUnwrap(told.first)
        XCTAssertEqual(change.deployment, key)
        XCTAssertEqual(try XCTUnwrap(change.coolingUntil).timeIntervalSince(wall), 32, accuracy: 0.001)
        XCTAssertEqual(change.reason, "3 failures in a row (last: server); cooling down 30s")
    }

    func testAProbesSuccessIsToldAsARecoveryAndAHealthySuccessIsNot() {
        var tracker = HealthTracker()
        for second in 0..<3 { tracker.record(key, outcome: .failure(.server), at: at(Double(second))) }
        XCTAssertTrue(tracker.beginProbe(key, at: at(40)))
        let before = tracker.state(key, at: at(41))
        tracker.record(key, outcome: .success, at: at(41))
        XCTAssertEqual(tracker.sharedChange(key, before: before, at: at(41), wallNow: wall),
                       SharedHealthChange(deployment: key, coolingUntil: nil))
        let healthy = tracker.state(key, at: at(42))
        tracker.record(key, outcome: .success, at: at(42))
        XCTAssertNil(tracker.sharedChange(key, before: healthy, at: at(42), wallNow: wall))
    }
}

/// Two engines joined by an in-memory hub: a cooldown one trips reaches the other, and a new engine starts
/// from the cooldowns already held.
final class RoutingEngineSharedHealthTests: XCTestCase {
    private func engine(_ transport: any HTTPTransport) throws -> RoutingEngine {
        let endpoint = ProviderEndpoint(name: "p0", wire: .openAICompatible,
                                        baseURL: URL(string: "http://p0.invalid/v1") ?? URL(fileURLWithPath: "/"), apiKey: "k")
        let deployment = Deployment(provider: "p0", providerModel: "model-p0", price: Price(input: nil, output: nil))
        let catalog = ModelCatalog(models: [CatalogModel(id: "acme/model", name: "Model", deployments: [deployment])])
        let planner = RoutePlanner(catalog: catalog, registry: ProviderRegistry(endpoints: [endpoint]))
        return RoutingEngine(resolver: try RouteResolver(planner: planner, routing: RoutingConfiguration()), transport: transport,
                             retry: RetryPolicy(baseBackoff: .milliseconds(1), maxBackoff: .milliseconds(2)))
    }

    private func status(_ engine: RoutingEngine) async -> HealthSnapshot.Status? {
        await engine.healthSnapshot().first { $0.key == "p0/model-p0" }?.status
    }

    func testATripOnOneEngineCoolsTheDeploymentDownOnTheOther() async throws {
        let hub = HealthHub()
        let failing = try engine(Unavailable())
        let other = try engine(Unavailable())
        try await failing.shareHealth(hub.instance(UUID()))
        try await other.shareHealth(hub.instance(UUID()))
        for try await _ in failing.run(TurnRequest(messages: [.user("Hi")], model: try ModelRef(parsing: "acme/model@p0"))) {}
        let failingStatus = await status(failing)
        XCTAssertEqual(failingStatus, .coolingDown)
        let deadline = ContinuousClock.now + .seconds(1)
        var seen = await status(other)
        while seen != .coolingDown, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
            seen = await status(other)
        }
        XCTAssertEqual(seen, .coolingDown, "the other engine never sent a request, yet knows")
        let late = try engine(Unavailable())
        try await late.shareHealth(hub.instance(UUID()))
        let lateStatus = await status(late)
        XCTAssertEqual(lateStatus, .coolingDown, "a new engine starts from the cooldowns held")
    }

    func testWithoutSharingEachEngineKeepsItsOwnHealth() async throws {
        let failing = try engine(Unavailable())
        let other = try engine(Unavailable())
        for try await _ in failing.run(TurnRequest(messages: [.user("Hi")], model: try ModelRef(parsing: "acme/model@p0"))) {}
        let failingStatus = await status(failing)
        XCTAssertEqual(failingStatus, .coolingDown)
        let otherStatus = await status(other)
        XCTAssertNil(otherStatus)
    }
}

/// Every request fails with 503.
private struct Unavailable: HTTPTransport {
    func send(_ request: HTTPRequest, connectTimeout: Duration, abort: AbortSignal) async throws -> HTTPResponse {
        HTTPResponse(status: 503, headers: HTTPHeaders(), body: AsyncThrowingStream { continuation in
            continuation.yield(Array(#"{"error":{"message":"busy"}}"#.utf8))
            continuation.finish()
        })
    }
}

/// What a shared database does for health, in memory: keeps the cooldowns and hands each change to every other
/// instance.
private final class HealthHub: @unchecked Sendable {
    private let lock = NSLock()
    private var cooldowns: [String: SharedHealthChange] = [:]
    private var listeners: [(UUID, AsyncStream<SharedHealthChange>.Continuation)] = []

    func instance(_ id: UUID) -> Instance { Instance(hub: self, id: id) }

    struct Instance: SharedHealth {
        let hub: HealthHub
        let id: UUID

        func publishHealth(_ change: SharedHealthChange) async throws {
            var change = change
            change.instance = id
            let targets = hub.lock.withLock { () -> [AsyncStream<SharedHealthChange>.Continuation] in
                hub.cooldowns[change.deployment] = change.coolingUntil == nil ? nil : change
                return hub.listeners.filter { $0.0 != id }.map(\.1)
            }
            for target in targets { target.yield(change) }
        }

        func sharedCooldowns(at now: Date) async throws -> [SharedHealthChange] {
            hub.lock.withLock { hub.cooldowns.values.filter { ($0.coolingUntil ?? now) > now } }
        }

        func sharedHealthChanges() async throws -> AsyncStream<SharedHealthChange> {
            let (stream, continuation) = AsyncStream<SharedHealthChange>.makeStream()
            hub.lock.withLock { hub.listeners.append((id, continuation)) }
            return stream
        }
    }
}
