import Foundation
import SwitchboardCore
import SwitchboardHTTP
import SwitchboardTestSupport
import XCTest

/// The headline case end to end over loopback HTTP: a 250,000-token prompt to google/gemini-2.5-pro via
/// OpenRouter, priced from the bundled catalog, computes what OpenRouter reports ($0.64: above 200k prompt
/// tokens every token costs the higher rate), and the budget hold taken before sending covers it.
final class TieredPriceWireTests: FixtureTestCase {
    private static let billed = Decimal(string: "0.64") ?? 0

    override var configuration: ProviderFixture.Configuration {
        ProviderFixture.Configuration(answer: FixtureAnswer(text: "Read it all.", usage: Usage(input: 250_000, output: 1_000),
                                                            cost: Self.billed))
    }

    /// Remembers every amount the engine asked to hold.
    private final class RecordingBudget: BudgetLedger, @unchecked Sendable {
        let inner = MemoryBudgetLedger()
        private let lock = NSLock()
        private var _holds: [Money] = []
        var holds: [Money] { lock.withLock { _holds } }

        func reserve(session: UUID?, decide: @escaping @Sendable (BudgetSpend) throws -> (Money?, BudgetPolicy.Decision))
            async throws -> (hold: Int64?, decision: BudgetPolicy.Decision) {
            try await inner.reserve(session: session) { spend in
                let (amount, decision) = try decide(spend)
                if let amount { self.lock.withLock { self._holds.append(amount) } }
                return (amount, decision)
            }
        }

        func settle(_ hold: Int64, actual: Money?) async throws { try await inner.settle(hold, actual: actual) }
    }

    func testA250kPromptToGemini25ProViaOpenRouterCostsWhatOpenRouterBillsAndItsHoldCoversIt() async throws {
        let bundled = try XCTUnwrap(BundledCatalog.catalog.model("google/gemini-2.5-pro"))
        let deployment = try XCTUnwrap(bundled.deployments.first { $0.provider == "openrouter" })
        let endpoint = ProviderEndpoint(name: "openrouter", wire: .openAICompatible, baseURL: fixture.openRouterBaseURL,
                                        apiKey: "sk-or-fixture-0001", quirks: WireQuirks(streamUsageOption: false, reportsCost: true))
        let catalog = ModelCatalog(models: [CatalogModel(id: bundled.id, name: bundled.name, deployments: [deployment])])
        var routing = RoutingConfiguration()
        routing.budget = BudgetLimits(daily: Money(100))
        let budget = RecordingBudget()
        let ledger = MemoryLedger()
        let engine = RoutingEngine(resolver: try RouteResolver(planner: RoutePlanner(catalog: catalog, registry: ProviderRegistry(endpoints: [endpoint])),
                                                               routing: routing),
                                   transport: transport, ledger: ledger, budgetLedger: budget,
                                   timeouts: Timeouts(connect: .seconds(5), firstToken: .seconds(10), stall: .seconds(10)))
        // ~250,000 tokens by the offline estimate (3.5 bytes a token), as the provider counts them.
        let prompt = String(repeating: "lorem ipsum dolor sit amet, ", count: 31_250)
        let turn = TurnRequest(messages: [.user(prompt)], model: try ModelRef(parsing: "google/gemini-2.5-pro@openrouter"))

        let (events, _) = try await collectTurn(engine, turn)
        let summary = try finishedSummary(events)
        XCTAssertEqual(summary.usage.promptTotal, 250_000)
        let computed = try XCTUnwrap(summary.cost).amount
        let reported = try XCTUnwrap(summary.reportedCost).amount
        XCTAssertEqual(reported, Self.billed)
        XCTAssertLessThanOrEqual(abs(computed - reported), CostCheck.tolerance, "computed \(computed), reported \(reported)")
        XCTAssertFalse(summary.costDiffers)
        let attempts = await ledger.attempts
        XCTAssertEqual(attempts.last?.cost, Money(Self.billed))
        XCTAssertEqual(attempts.last?.costDiffers, false)

        let hold = try XCTUnwrap(budget.holds.first, "a daily budget holds the worst case before sending")
        XCTAssertGreaterThanOrEqual(hold.amount, computed, "the hold \(hold) must cover the real cost")
        // The hold is the above-200k tier's worst case: the estimated prompt and the 8,192-token reply cap.
        let estimated = TokenEstimator.estimate([ChatMessage.user(prompt)])
        XCTAssertGreaterThan(estimated, 200_000)
        XCTAssertEqual(hold, deployment.price.worstCase(promptTokens: estimated, outputTokens: BudgetPolicy.defaultOutputCap))
        XCTAssertEqual(hold.amount, Decimal(estimated) * Decimal(string: "0.0000025")! + Decimal(8_192) * Decimal(string: "0.000015")!)
    }

}

/// The same tier rule on every wire protocol: 150,000 uncached + 60,000 cached prompt tokens (210,000: above the
/// 200k threshold only because cached tokens count) and 2,000 reply tokens, 500 of them reasoning, cost exactly
/// $0.42 whichever protocol reported them, and OpenRouter's reported cost agrees.
final class TieredPriceEveryWireTests: FixtureTestCase {
    private static let billed = Decimal(string: "0.42") ?? 0
    private static let price = Price(base: TokenRates(input: perMillion("1.25"), output: perMillion("10"), cacheRead: perMillion("0.125")),
                                     tiers: [PriceTier(abovePromptTokens: 200_000, rates: TokenRates(
                                        input: perMillion("2.5"), output: perMillion("15"), cacheRead: perMillion("0.25")))])

    override var configuration: ProviderFixture.Configuration {
        ProviderFixture.Configuration(answer: FixtureAnswer(text: "Long read.", usage: Usage(input: 150_000, output: 2_000,
                                                                                             cacheRead: 60_000, reasoning: 500),
                                                            cost: Self.billed))
    }

    func testCachedTokensDecideTheTierOnEveryProtocol() async throws {
        let endpoints = [
            ProviderEndpoint(name: "anthropic", wire: .anthropic, baseURL: fixture.anthropicBaseURL, apiKey: "sk-ant-fixture-0001"),
            ProviderEndpoint(name: "openrouter", wire: .openAICompatible, baseURL: fixture.openRouterBaseURL,
                             apiKey: "sk-or-fixture-0001", quirks: WireQuirks(streamUsageOption: false, reportsCost: true)),
            ProviderEndpoint(name: "openai", wire: .openAIChat, baseURL: fixture.openAIBaseURL, apiKey: "sk-fixture-0001"),
            ProviderEndpoint(name: "gemini", wire: .gemini, baseURL: fixture.geminiBaseURL, apiKey: "AIzaFixtureKey0000000001"),
        ]
        let models = endpoints.map { endpoint in
            CatalogModel(id: "acme/\(endpoint.name)", name: endpoint.name, deployments: [
                Deployment(provider: endpoint.name, providerModel: "model-\(endpoint.name)", price: Self.price, contextWindow: 1_000_000),
            ])
        }
        let planner = RoutePlanner(catalog: ModelCatalog(models: models), registry: ProviderRegistry(endpoints: endpoints))
        let engine = RoutingEngine(planner: planner, transport: transport, ledger: MemoryLedger(),
                                   timeouts: Timeouts(connect: .seconds(2), firstToken: .seconds(5), stall: .seconds(5)))
        for endpoint in endpoints {
            let turn = TurnRequest(messages: [.user("Summarise the attached report.")],
                                   model: try ModelRef(parsing: "acme/\(endpoint.name)"), maxTokens: 4_000)
            let summary = try finishedSummary(try await collectTurn(engine, turn).events)
            XCTAssertEqual(summary.usage.promptTotal, 210_000, endpoint.name)
            XCTAssertEqual(summary.usage.cacheRead, 60_000, endpoint.name)
            XCTAssertEqual(summary.cost, Money(Self.billed), endpoint.name)
            if endpoint.name == "openrouter" {
                XCTAssertEqual(summary.reportedCost, Money(Self.billed))
                XCTAssertFalse(summary.costDiffers)
            }
        }
    }
}
