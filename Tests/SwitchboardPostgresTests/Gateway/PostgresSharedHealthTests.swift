import Foundation
import SwitchboardCore
@testable import SwitchboardPostgres
import XCTest

/// Deployment health shared by instances on one database (LISTEN/NOTIFY plus the table of running cooldowns).
final class PostgresSharedHealthTests: PostgresTestCase, @unchecked Sendable {
    private let deployment = "openai/gpt-4o-mini"

    /// The next change `stream` delivers, or nil after `limit`.
    private func next(_ stream: AsyncStream<SharedHealthChange>, within limit: Duration) async -> SharedHealthChange? {
        await withTaskGroup(of: SharedHealthChange?.self) { group in
            group.addTask {
                for await change in stream { return change }
                return nil
            }
            group.addTask {
                try? await Task.sleep(for: limit)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    func testACooldownPublishedByOneInstanceReachesTheOtherWithinASecond() async throws {
        let first = try await open()
        let second = try await open()
        let heard = try await second.sharedHealthChanges()
        let own = try await first.sharedHealthChanges()
        let until = Date().addingTimeInterval(30)
        let started = ContinuousClock.now
        try await first.publishHealth(SharedHealthChange(deployment: deployment, coolingUntil: until, reason: "3 failures in a row"))
        let change = await next(heard, within: .seconds(1))
        XCTAssertLessThan(ContinuousClock.now - started, .seconds(1))
        XCTAssertEqual(change?.deployment, deployment)
        XCTAssertEqual(change?.reason, "3 failures in a row")
        XCTAssertEqual(change?.instance, first.instance)
        XCTAssertEqual(try XCTUnwrap(change?.coolingUntil).timeIntervalSince1970, until.timeIntervalSince1970, accuracy: 0.002)
        let echo = await next(own, within: .milliseconds(300))
        XCTAssertNil(echo, "an instance does not hear its own changes")
        try await first.publishHealth(SharedHealthChange(deployment: deployment, coolingUntil: nil))
        let recovered = await next(heard, within: .seconds(1))
        XCTAssertEqual(recovered, SharedHealthChange(deployment: deployment, coolingUntil: nil, reason: nil, instance: first.instance))
    }

    func testANewInstanceStartsFromTheCooldownsRunning() async throws {
        let first = try await open()
        try await first.publishHealth(SharedHealthChange(deployment: deployment, coolingUntil: Date().addingTimeInterval(60), reason: "r"))
        try await first.publishHealth(SharedHealthChange(deployment: "p/expired", coolingUntil: Date().addingTimeInterval(-1)))
        try await first.publishHealth(SharedHealthChange(deployment: "p/back", coolingUntil: Date().addingTimeInterval(60)))
        try await first.publishHealth(SharedHealthChange(deployment: "p/back", coolingUntil: nil))
        // A shorter cooldown published later does not cut a longer one short.
        try await first.publishHealth(SharedHealthChange(deployment: deployment, coolingUntil: Date().addingTimeInterval(5), reason: "short"))
        let late = try await open()
        let current = try await late.sharedCooldowns(at: Date())
        XCTAssertEqual(current.map(\.deployment), [deployment])
        XCTAssertEqual(current.first?.reason, "r")
        XCTAssertGreaterThan(try XCTUnwrap(current.first?.coolingUntil).timeIntervalSinceNow, 50)
    }

    /// Closing the store ends what it hears: the stream finishes and nothing keeps listening.
    func testTheStreamEndsWhenTheStoreCloses() async throws {
        let store = try await open()
        let changes = try await store.sharedHealthChanges()
        await store.close()
        let ended = await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                for await _ in changes {}
                return true
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(3))
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
        XCTAssertTrue(ended)
    }

    /// The engines of two instances: a trip on one keeps the other off the deployment within a second, and an
    /// engine started later starts cooling it down too.
    func testEnginesOnTwoInstancesShareATrip() async throws {
        let first = try await open()
        let second = try await open()
        let failing = try engine()
        let other = try engine()
        try await failing.shareHealth(first)
        try await other.shareHealth(second)
        for try await _ in failing.run(TurnRequest(messages: [.user("Hi")], model: try ModelRef(parsing: "acme/model@p0"))) {}
        let key = "p0/model-p0"
        let failingStatus = await failing.healthSnapshot().first { $0.key == key }?.status
        XCTAssertEqual(failingStatus, .coolingDown)
        let deadline = ContinuousClock.now + .seconds(1)
        var seen: HealthSnapshot.Status?
        repeat {
            seen = await other.healthSnapshot().first { $0.key == key }?.status
            if seen == .coolingDown { break }
            try await Task.sleep(for: .milliseconds(10))
        } while ContinuousClock.now < deadline
        XCTAssertEqual(seen, .coolingDown)
        let late = try engine()
        try await late.shareHealth(try await open())
        let lateStatus = await late.healthSnapshot().first { $0.key == key }?.status
        XCTAssertEqual(lateStatus, .coolingDown)
    }

    private func engine() throws -> RoutingEngine {
        let endpoint = ProviderEndpoint(name: "p0", wire: .openAICompatible,
                                        baseURL: URL(string: "http://p0.invalid/v1") ?? URL(fileURLWithPath: "/"), apiKey: "k")
        let deployment = Deployment(provider: "p0", providerModel: "model-p0", price: Price(input: nil, output: nil))
        let catalog = ModelCatalog(models: [CatalogModel(id: "acme/model", name: "Model", deployments: [deployment])])
        let planner = RoutePlanner(catalog: catalog, registry: ProviderRegistry(endpoints: [endpoint]))
        return RoutingEngine(resolver: try RouteResolver(planner: planner, routing: RoutingConfiguration()), transport: Unavailable(),
                             retry: RetryPolicy(baseBackoff: .milliseconds(1), maxBackoff: .milliseconds(2)))
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
