import Foundation
import SwitchboardCore
import SwitchboardHTTP
import SwitchboardTestSupport
import XCTest

/// What the engine writes to the ledger and the budget, over real loopback HTTP: every attempt is written before
/// its request is sent and again when it ends, and a write that fails is reported once without stopping the turn.
final class RoutingEngineLedgerTests: FixtureTestCase {
    /// Two OpenAI-compatible deployments of `acme/model`, `p0` and `p1`, both on the fixture.
    private func engine(ledger: any Ledger, budget: (any BudgetLedger)? = nil) throws -> RoutingEngine {
        let endpoints = (0..<2).map { index in
            ProviderEndpoint(name: "p\(index)", wire: .openAICompatible, baseURL: fixture.server.url("/p\(index)/v1"),
                             apiKey: "sk-p\(index)-key-000001")
        }
        let deployments = (0..<2).map { index in
            Deployment(provider: "p\(index)", providerModel: "model-p\(index)",
                       price: Price(input: perMillion("1"), output: perMillion("2")))
        }
        let catalog = ModelCatalog(models: [CatalogModel(id: "acme/model", name: "Model", deployments: deployments)])
        var routing = RoutingConfiguration()
        if budget != nil { routing.budget = BudgetLimits(perRequest: Money(Decimal(1)), onExceed: .block) }
        let planner = RoutePlanner(catalog: catalog, registry: ProviderRegistry(endpoints: endpoints))
        return RoutingEngine(resolver: try RouteResolver(planner: planner, routing: routing), transport: transport,
                             ledger: ledger, budgetLedger: budget,
                             timeouts: Timeouts(connect: .seconds(2), firstToken: .seconds(2), stall: .milliseconds(400)),
                             retry: RetryPolicy(baseBackoff: .milliseconds(20)))
    }

    private func turn() throws -> TurnRequest {
        TurnRequest(messages: [.user("Hello")], model: try ModelRef(parsing: "acme/model@p0"),
                    fallbacks: [try ModelRef(parsing: "acme/model@p1")], maxTokens: 256)
    }

    private func notices(_ events: [EngineEvent]) -> [String] {
        events.compactMap { if case .notice(let text) = $0 { text } else { nil } }
    }

    func testEachAttemptIsInTheLedgerBeforeItsRequestIsSent() async throws {
        fixture.faults.enqueue(.status(529), for: .path("/p0/v1/chat/completions"))
        let ledger = SpyLedger(server: fixture.server)
        let (events, _) = try await collectTurn(try engine(ledger: ledger), turn())
        let summary = try finishedSummary(events)
        XCTAssertTrue(summary.complete)
        let log = ledger.log
        XCTAssertEqual(log.map(\.call), ["begin", "record", "begin", "record"])
        XCTAssertEqual(log.map(\.attempt.ordinal), [1, 1, 2, 2])
        XCTAssertEqual(log.map(\.attempt.provider), ["p0", "p0", "p1", "p1"])
        XCTAssertEqual(log.map(\.requestsSent), [0, 1, 1, 2], "begun before its request reached the server")
        XCTAssertEqual(log.filter { $0.call == "begin" }.map(\.attempt.outcome), [.inFlight, .inFlight])
        XCTAssertEqual(log.filter { $0.call == "record" }.map(\.attempt), summary.attempts)
        XCTAssertNil(summary.ledgerError)
    }

    func testAFailingLedgerIsReportedOnceAndTheTurnGoesOn() async throws {
        fixture.faults.enqueue(.status(529), for: .path("/p0/v1/chat/completions"))
        let (events, text) = try await collectTurn(try engine(ledger: FailingLedger()), turn())
        let summary = try finishedSummary(events)
        XCTAssertTrue(summary.complete, "the answer still arrives")
        XCTAssertEqual(text, answer.text)
        XCTAssertEqual(summary.attempts.count, 2)
        let ledgerNotices = notices(events).filter { $0.contains("ledger") }
        XCTAssertEqual(ledgerNotices.count, 1, "four failed writes, one notice: \(ledgerNotices)")
        XCTAssertTrue(ledgerNotices.first?.contains("disk is full") ?? false, "\(ledgerNotices)")
        XCTAssertEqual(summary.ledgerError, ledgerNotices.first)
    }

    func testAHoldThatCannotBeSettledIsReported() async throws {
        let (events, _) = try await collectTurn(try engine(ledger: MemoryLedger(), budget: UnsettlingBudgetLedger()), turn())
        let summary = try finishedSummary(events)
        XCTAssertTrue(summary.complete)
        let holdNotices = notices(events).filter { $0.contains("budget hold") }
        XCTAssertEqual(holdNotices.count, 1, "\(notices(events))")
        XCTAssertEqual(summary.ledgerError, holdNotices.first)
    }
}

/// Records each ledger call with how many requests the server had received at that moment.
private final class SpyLedger: Ledger, @unchecked Sendable {
    struct Entry {
        var call: String
        var attempt: AttemptRecord
        var requestsSent: Int
    }

    private let server: FixtureServer
    private let lock = NSLock()
    private var entries: [Entry] = []

    init(server: FixtureServer) { self.server = server }

    var log: [Entry] { lock.withLock { entries } }

    func begin(_ attempt: AttemptRecord) async throws { append("begin", attempt) }
    func record(_ attempt: AttemptRecord) async throws { append("record", attempt) }

    private func append(_ call: String, _ attempt: AttemptRecord) {
        let sent = server.requestCount
        lock.withLock { entries.append(Entry(call: call, attempt: attempt, requestsSent: sent)) }
    }
}

private struct DiskFull: Error, CustomStringConvertible {
    var description: String { "database or disk is full" }
}

/// A ledger on a full disk: every write fails.
private struct FailingLedger: Ledger {
    func begin(_ attempt: AttemptRecord) async throws { throw DiskFull() }
    func record(_ attempt: AttemptRecord) async throws { throw DiskFull() }
}

/// Holds in memory that cannot be settled.
private final class UnsettlingBudgetLedger: BudgetLedger, @unchecked Sendable {
    private let memory = MemoryBudgetLedger()

    func reserve(session: UUID?, decide: @escaping @Sendable (BudgetSpend) throws -> (Money?, BudgetPolicy.Decision))
        async throws -> (hold: Int64?, decision: BudgetPolicy.Decision) {
        try await memory.reserve(session: session, decide: decide)
    }

    func settle(_ hold: Int64, actual: Money?) async throws { throw DiskFull() }
}
