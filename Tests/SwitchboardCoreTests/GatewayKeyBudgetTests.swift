import Foundation
@testable import SwitchboardCore
import XCTest

/// A gateway key's caps are judged beside the global limits, held per key, and refused with the key's name.
final class GatewayKeyBudgetTests: XCTestCase {
    private func money(_ text: String) -> Money { Money(Decimal(string: text) ?? -1) }

    func testKeyCapsAreCheckedBesideTheGlobalLimits() {
        let key = GatewayKeyBudget(id: 7, name: "ci", daily: money("1"), monthly: money("5"))
        let policy = BudgetPolicy(limits: BudgetLimits(daily: money("10")), key: key)
        XCTAssertFalse(policy.isEmpty)
        if case .exceeds(let scope, let message) = policy.check(worstCase: money("0.2"), spend: BudgetSpend(keyToday: money("0.9")), label: "m") {
            XCTAssertEqual(scope, .keyDaily)
            XCTAssertEqual(message, "key 'ci' daily budget $1.00 reached: spent $0.90 + this request up to $0.20 on m")
        } else {
            XCTFail("the key's daily cap must refuse")
        }
        if case .exceeds(let scope, _) = policy.check(worstCase: money("0.2"), spend: BudgetSpend(keyThisMonth: money("4.9")), label: "m") {
            XCTAssertEqual(scope, .keyMonthly)
        } else {
            XCTFail("the key's monthly cap must refuse")
        }
        // The global limit still applies to a key's request.
        if case .exceeds(let scope, _) = policy.check(worstCase: money("0.2"), spend: BudgetSpend(today: money("9.9")), label: "m") {
            XCTAssertEqual(scope, .daily)
        } else {
            XCTFail("the global daily limit must refuse")
        }
        // Unknown price: a capped key cannot be shown to fit.
        if case .exceeds(_, let message) = BudgetPolicy(limits: BudgetLimits(), key: key).check(worstCase: nil, spend: BudgetSpend(), label: "m") {
            XCTAssertTrue(message.hasPrefix("key 'ci' daily budget $1.00 is set and m has no known price"), message)
        } else {
            XCTFail("an unknown price must not fit a capped key")
        }
        guard case .fits(let reserve, _) = policy.check(worstCase: money("0.2"), spend: BudgetSpend(keyToday: money("0.5")), label: "m") else {
            return XCTFail("within every cap it fits")
        }
        XCTAssertEqual(reserve, money("0.2"))
        XCTAssertTrue(BudgetPolicy(limits: BudgetLimits(), key: GatewayKeyBudget(id: 1, name: "free")).isEmpty)
    }

    func testMemoryLedgerHoldsEachKeysSpendApartAndConcurrentHoldsStayUnderTheCap() async throws {
        let ledger = MemoryBudgetLedger()
        let key = GatewayKeyBudget(id: 1, name: "ci", daily: money("1"))
        let policy = BudgetPolicy(limits: BudgetLimits(), key: key)
        let cost = money("0.3")
        let holds = try await withThrowingTaskGroup(of: Int64?.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    try await ledger.reserve(session: nil, key: key, turn: UUID()) { spend in
                        switch policy.check(worstCase: cost, spend: spend, label: "m") {
                        case .fits(let reserve, let warnings): return (reserve, .fits(reserve: reserve, warnings: warnings))
                        case .exceeds(_, let message): return (nil, .block(message))
                        }
                    }.hold
                }
            }
            return try await group.reduce(into: [Int64]()) { if let hold = $1 { $0.append(hold) } }
        }
        XCTAssertEqual(holds.count, 3)
        // Settled at less than held: room for one more.
        for hold in holds { try await ledger.settle(hold, actual: money("0.2")) }
        let other = GatewayKeyBudget(id: 2, name: "other", daily: money("1"))
        // What the ledger hands `decide`, told back through the decision.
        let look: @Sendable (BudgetSpend) -> (Money?, BudgetPolicy.Decision) = { spend in
            (nil, .block("key \(spend.keyToday) all \(spend.today)"))
        }
        let seen = try await ledger.reserve(session: nil, key: other, turn: UUID(), decide: look)
        XCTAssertEqual(seen.decision, .block("key $0.00 all $0.60"), "another key's spend is its own")
        let again = try await ledger.reserve(session: nil, key: key, turn: UUID(), decide: look)
        XCTAssertEqual(again.decision, .block("key $0.60 all $0.60"))
    }

    func testTheEngineRefusesAKeyOverItsCapNamingItAndSendsNothing() async throws {
        let transport = CountingTransport()
        let engine = try engine(transport, ledger: MemoryBudgetLedger())
        var turn = try TurnRequest(messages: [.user("Hi")], model: ModelRef(parsing: "acme/x"), maxTokens: 1000)
        turn.gatewayKey = GatewayKey(id: 3, name: "ci", prefix: "sb-00000000", createdAt: Date(),
                                     limits: GatewayKeyLimits(daily: money("0.001")))
        let events = try await run(engine, turn)
        let failure = try XCTUnwrap(events.lazy.compactMap { if case .failed(let failure) = $0 { failure } else { nil } }.first)
        XCTAssertTrue(failure.summary.hasPrefix("refused by budget: key 'ci' daily budget $0.001 reached"), failure.summary)
        XCTAssertEqual(transport.count, 0)
        // The same turn without the key goes out: no global limit is set.
        turn.gatewayKey = nil
        _ = try await run(engine, turn)
        XCTAssertEqual(transport.count, 1)
    }

    /// A ledger that knows nothing of keys refuses a capped key's turn instead of letting the cap go unchecked.
    func testALedgerWithoutKeyScopeRefusesACappedKey() async throws {
        let transport = CountingTransport()
        let engine = try engine(transport, ledger: PlainLedger())
        var turn = try TurnRequest(messages: [.user("Hi")], model: ModelRef(parsing: "acme/x"), maxTokens: 1000)
        turn.gatewayKey = GatewayKey(id: 3, name: "ci", prefix: "sb-00000000", createdAt: Date(),
                                     limits: GatewayKeyLimits(daily: money("100")))
        let events = try await run(engine, turn)
        let failure = try XCTUnwrap(events.lazy.compactMap { if case .failed(let failure) = $0 { failure } else { nil } }.first)
        XCTAssertTrue(failure.summary.hasPrefix("could not check the budget"), failure.summary)
        XCTAssertEqual(transport.count, 0)
    }

    private func engine(_ transport: CountingTransport, ledger: any BudgetLedger) throws -> RoutingEngine {
        let endpoint = ProviderEndpoint(name: "p0", wire: .openAIChat, baseURL: URL(fileURLWithPath: "/"), apiKey: "k0")
        let price = Price(input: Decimal(string: "1").map { $0 / 1_000_000 }, output: Decimal(string: "10").map { $0 / 1_000_000 })
        let catalog = ModelCatalog(models: [CatalogModel(id: "acme/x", name: "X",
                                                         deployments: [Deployment(provider: "p0", providerModel: "x", price: price)])])
        let planner = RoutePlanner(catalog: catalog, registry: ProviderRegistry(endpoints: [endpoint]))
        return RoutingEngine(resolver: try RouteResolver(planner: planner, routing: RoutingConfiguration()), transport: transport,
                             budgetLedger: ledger)
    }

    private func run(_ engine: RoutingEngine, _ turn: TurnRequest) async throws -> [EngineEvent] {
        var events: [EngineEvent] = []
        for try await event in engine.run(turn) { events.append(event) }
        return events
    }
}

/// A ledger that only implements the unkeyed hold (as older test doubles do).
private final class PlainLedger: BudgetLedger, @unchecked Sendable {
    func reserve(session: UUID?, decide: @escaping @Sendable (BudgetSpend) throws -> (Money?, BudgetPolicy.Decision))
        async throws -> (hold: Int64?, decision: BudgetPolicy.Decision) {
        let (amount, decision) = try decide(BudgetSpend())
        return (amount == nil ? nil : 1, decision)
    }

    func settle(_ hold: Int64, actual: Money?) async throws {}
}

/// Counts requests and refuses each with a 400 (never retried).
private final class CountingTransport: HTTPTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var sent = 0

    var count: Int { lock.withLock { sent } }

    func send(_ request: HTTPRequest, connectTimeout: Duration, abort: AbortSignal) async throws -> HTTPResponse {
        lock.withLock { sent += 1 }
        let body = AsyncThrowingStream<[UInt8], any Error> { continuation in
            continuation.yield(Array(#"{"error":{"message":"no"}}"#.utf8))
            continuation.finish()
        }
        return HTTPResponse(status: 400, headers: HTTPHeaders([("content-type", "application/json")]), body: body)
    }
}
