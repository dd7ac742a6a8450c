import Foundation
import SwitchboardCore
import SwitchboardHTTP
import SwitchboardTestSupport
import XCTest

/// The OpenRouter half of the engine over real loopback HTTP: variants, health and cooldown, continuation
/// after a broken stream, context-length rerouting, auto tiers, task rules and budgets.
final class RoutingPolicyWireTests: FixtureTestCase {
    private let ledger = MemoryLedger()

    /// OpenAI-compatible endpoints named `p0`, `p1`, ... all pointing at the fixture, one deployment each of
    /// `acme/model` with the given prices and context windows.
    private func engine(prices: [(String, String)], windows: [Int?]? = nil, routing: RoutingConfiguration = RoutingConfiguration(),
                        continueOnFailure: Bool = false, budget: (any BudgetLedger)? = nil,
                        extraModels: [CatalogModel] = []) throws -> RoutingEngine {
        let endpoints = prices.indices.map { index in
            ProviderEndpoint(name: "p\(index)", wire: .openAICompatible, baseURL: fixture.server.url("/p\(index)/v1"), apiKey: "sk-p\(index)-key-000001")
        }
        let deployments = prices.enumerated().map { index, price in
            Deployment(provider: "p\(index)", providerModel: "model-p\(index)",
                       price: Price(input: perMillion(price.0), output: perMillion(price.1)),
                       contextWindow: windows?[index])
        }
        let catalog = ModelCatalog(models: [CatalogModel(id: "acme/model", name: "Model", deployments: deployments)] + extraModels)
        let planner = RoutePlanner(catalog: catalog, registry: ProviderRegistry(endpoints: endpoints))
        return RoutingEngine(resolver: try RouteResolver(planner: planner, routing: routing), transport: transport, ledger: ledger,
                             budgetLedger: budget,
                             timeouts: Timeouts(connect: .seconds(2), firstToken: .seconds(2), stall: .milliseconds(400)),
                             retry: RetryPolicy(baseBackoff: .milliseconds(20)), continueOnFailure: continueOnFailure)
    }

    private func turn(_ model: String, prompt: String = "Hello", maxTokens: Int? = 256, task: String? = nil,
                      fallbacks: [String] = []) throws -> TurnRequest {
        TurnRequest(messages: [.user(prompt)], model: try ModelRef(parsing: model),
                    fallbacks: try fallbacks.map { try ModelRef(parsing: $0) }, maxTokens: maxTokens, task: task)
    }

    func testFloorPicksTheCheapestOfThreeDeployments() async throws {
        let engine = try engine(prices: [("3", "15"), ("0.5", "1.5"), ("1", "4")])
        let (events, _) = try await collectTurn(engine, turn("acme/model:floor"))
        let summary = try finishedSummary(events)
        XCTAssertEqual(summary.route.provider, "p1")
        XCTAssertEqual(fixture.requestCount(path: "/p1/v1/chat/completions"), 1)
        XCTAssertEqual(fixture.requestCount(path: "/p0/v1/chat/completions"), 0)
        let order = try await engine.decide(turn("acme/model:floor")).candidates.map(\.deployment.provider)
        XCTAssertEqual(order, ["p1", "p2", "p0"])
        XCTAssertTrue(summary.attempts[0].reason.hasPrefix("floor: $0.5/M in"), summary.attempts[0].reason)
    }

    func testNitroPrefersTheFastestObservedDeployment() async throws {
        var routing = RoutingConfiguration()
        routing.health = HealthTracker.Settings()
        let engine = try engine(prices: [("1", "1"), ("1", "1")])
        // Teach the engine that p1 is fast and p0 slow, then ask for :nitro.
        fixture.update { $0.pacing = .milliseconds(15) }
        _ = try await collectTurn(engine, turn("acme/model@p0"))
        fixture.update { $0.pacing = nil }
        _ = try await collectTurn(engine, turn("acme/model@p1"))
        let decision = try await engine.decide(turn("acme/model:nitro"))
        XCTAssertEqual(decision.candidates.map(\.deployment.provider), ["p1", "p0"])
        XCTAssertTrue(decision.candidates[0].reason.contains("observed"), decision.candidates[0].reason)
    }

    func testADeploymentInCooldownIsSkippedThenProbedAgain() async throws {
        var routing = RoutingConfiguration()
        routing.health = HealthTracker.Settings(consecutiveFailures: 1, baseCooldown: .milliseconds(600))
        let engine = try engine(prices: [("1", "1"), ("2", "2")], routing: routing)
        fixture.faults.enqueue(.status(529), for: .path("/p0/v1/chat/completions"))

        let first = try finishedSummary(try await collectTurn(engine, turn("acme/model")).events)
        XCTAssertEqual(first.attempts.map(\.provider), ["p0", "p1"])

        let second = try finishedSummary(try await collectTurn(engine, turn("acme/model")).events)
        XCTAssertEqual(second.attempts.map(\.provider), ["p1"], "p0 is cooling down and is not tried")
        let health = await engine.healthSnapshot()
        XCTAssertEqual(health.first { $0.key == "p0/model-p0" }?.status, .coolingDown)

        try await Task.sleep(for: .milliseconds(700))
        let third = try finishedSummary(try await collectTurn(engine, turn("acme/model")).events)
        XCTAssertEqual(third.attempts.map(\.provider), ["p0"], "after the cooldown p0 gets a probe, which succeeds")
        let healed = await engine.healthSnapshot()
        XCTAssertEqual(healed.first { $0.key == "p0/model-p0" }?.status, .healthy)
    }

    func testAStallAfterTheFirstTokenIsContinuedByTheNextCandidateWhenConfigured() async throws {
        let engine = try engine(prices: [("1", "1"), ("2", "2")], continueOnFailure: true)
        fixture.faults.enqueue(.stallAfter(chunks: 2), for: .path("/p0/v1/chat/completions"))
        let (events, text) = try await collectTurn(engine, turn("acme/model"))
        let summary = try finishedSummary(events)
        let partial = answer.chunks.prefix(2).joined()
        XCTAssertTrue(summary.complete)
        XCTAssertEqual(summary.seams, [partial.count])
        XCTAssertEqual(summary.text, partial + answer.text)
        XCTAssertEqual(text, summary.text)
        XCTAssertEqual(summary.attempts.map(\.outcome.label), ["timeout", "success"])
        // The continuation carries the partial answer and asks to carry on from it.
        let body = try XCTUnwrap(fixture.recordedRequests().last?.bodyText)
        XCTAssertTrue(body.contains("Continue it exactly where it stops"), body)
        XCTAssertTrue(body.contains(#""role":"assistant""#), body)
    }

    func testAContextLengthErrorReroutesToALargerWindow() async throws {
        let engine = try engine(prices: [("1", "1"), ("1", "1"), ("2", "2")], windows: [16_000, 16_000, 200_000])
        fixture.faults.enqueue(.contextLength, for: .path("/p0/v1/chat/completions"))
        let (events, _) = try await collectTurn(engine, turn("acme/model"))
        let summary = try finishedSummary(events)
        XCTAssertEqual(summary.attempts.map(\.provider), ["p0", "p2"], "p1's window is no larger, so it is skipped")
        XCTAssertEqual(summary.attempts.first?.outcome.label, "context_length")
        XCTAssertTrue(events.contains { if case .notice(let text) = $0 { text.contains("larger window") } else { false } })
    }

    func testConstraintsLeaveOutDeploymentsThatCannotHoldTheConversation() async throws {
        let engine = try engine(prices: [("1", "1"), ("2", "2")], windows: [600, 100_000])
        let long = String(repeating: "lorem ipsum dolor ", count: 200)     // ~1,000 tokens
        let decision = try await engine.decide(turn("acme/model", prompt: long))
        XCTAssertEqual(decision.candidates.map(\.deployment.provider), ["p1"])
        XCTAssertTrue(decision.rejected.first?.reason.contains("context window 600") ?? false)
    }

    func testAutoSendsSimplePromptsToTheSimpleTierAndCodingTasksHigher() async throws {
        var routing = RoutingConfiguration()
        routing.auto = [.simple: [ModelRef(id: "acme/cheap")], .medium: [ModelRef(id: "acme/cheap")],
                        .complex: [ModelRef(id: "acme/strong")], .reasoning: [ModelRef(id: "acme/strong")]]
        let extra = [
            CatalogModel(id: "acme/cheap", name: "cheap", deployments: [Deployment(provider: "p0", providerModel: "cheap", price: .free)]),
            CatalogModel(id: "acme/strong", name: "strong", deployments: [Deployment(provider: "p0", providerModel: "strong", price: .free)]),
        ]
        let engine = try engine(prices: [("1", "1")], routing: routing, extraModels: extra)
        let simple = try finishedSummary(try await collectTurn(engine, turn("auto", prompt: "what is 2+2?")).events)
        XCTAssertEqual(simple.route.model, "acme/cheap")
        let coding = "Write a Swift function that parses ISO-8601 dates, then add unit tests and explain the edge cases step by step"
        let hard = try finishedSummary(try await collectTurn(engine, turn("auto", prompt: coding)).events)
        XCTAssertEqual(hard.route.model, "acme/strong")
        let decision = try await engine.decide(turn("auto", prompt: coding))
        XCTAssertGreaterThanOrEqual(try XCTUnwrap(decision.difficulty?.tier), .complex)
        XCTAssertTrue(decision.notes.contains { $0.hasPrefix("auto: score") })
    }

    func testTheFirstMatchingTaskRuleChoosesTheRoute() async throws {
        var routing = RoutingConfiguration()
        routing.routes["db"] = NamedRoute(name: "db", models: [ModelRef(id: "acme/model", provider: "p1")])
        routing.rules = [TaskRule(keywords: ["sql"], target: .route("db")), TaskRule(task: "code", target: .model(ModelRef(id: "acme/model", provider: "p0")))]
        let engine = try engine(prices: [("1", "1"), ("2", "2")], routing: routing)
        let sql = try finishedSummary(try await collectTurn(engine, turn("auto", prompt: "write a SQL query for top customers")).events)
        XCTAssertEqual(sql.route.provider, "p1")
        let code = try finishedSummary(try await collectTurn(engine, turn("auto", prompt: "refactor this", task: "code")).events)
        XCTAssertEqual(code.route.provider, "p0")
    }

    func testBudgetBlocksOrDowngradesBeforeSending() async throws {
        var routing = RoutingConfiguration()
        // Worst case on p0: 256 output tokens at $100/M = $0.0256 > $0.01 per request; p1 fits.
        routing.budget = BudgetLimits(perRequest: Money(Decimal(string: "0.01") ?? 0), onExceed: .block)
        let blocking = try engine(prices: [("100", "100"), ("1", "1")], routing: routing, budget: MemoryBudgetLedger())
        let (blocked, _) = try await collectTurn(blocking, turn("acme/model@p0"))
        guard case .failed(let failure)? = blocked.last else { return XCTFail("expected a refusal: \(blocked)") }
        XCTAssertTrue(failure.summary.contains("per-request budget"), failure.summary)
        XCTAssertEqual(fixture.server.requestCount, 0, "nothing was sent")
        XCTAssertTrue(plannedNotes(blocked).contains { $0.hasPrefix("budget: refused") }, "the stored why names the budget")

        routing.budget.onExceed = .downgrade
        let downgrading = try engine(prices: [("100", "100"), ("1", "1")], routing: routing, budget: MemoryBudgetLedger())
        let (events, _) = try await collectTurn(downgrading, turn("acme/model@p0", fallbacks: ["acme/model@p1"]))
        XCTAssertEqual(try finishedSummary(events).route.provider, "p1")
        XCTAssertTrue(events.contains { if case .notice(let text) = $0 { text.contains("downgraded") } else { false } })
        XCTAssertTrue(plannedNotes(events).contains { $0.hasPrefix("budget: ") && $0.contains("downgraded") }, "\(plannedNotes(events))")
    }

    /// The notes of the decision the engine reported (and the workbench stores) for the turn.
    private func plannedNotes(_ events: [EngineEvent]) -> [String] {
        events.compactMap { if case .planned(let decision) = $0 { decision.notes } else { nil } }.flatMap { $0 }
    }
}
