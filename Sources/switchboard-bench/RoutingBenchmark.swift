import Foundation
import SwitchboardCore
import SwitchboardHTTP
import SwitchboardTestSupport

/// How long a routing decision takes over the full bundled catalog (policy, constraints, health, budget check),
/// and what failing over costs beyond the failed attempt itself.
enum RoutingBenchmark {
    static func run() async throws {
        try decisionTimes()
        try await failoverOverhead()
    }

    /// Every provider configured, so each model has all its deployments in play.
    static func decisionTimes() throws {
        let catalog = BundledCatalog.catalog.merging(DemoProvider.models)
        let endpoints = ProviderDirectory.all.compactMap { known -> ProviderEndpoint? in
            URL(string: known.defaultBaseURL).map { ProviderEndpoint(name: known.name, wire: known.wire, baseURL: $0, apiKey: "sk-bench-0000000001") }
        }
        var routing = RoutingConfiguration()
        routing.budget = BudgetLimits(daily: Money(5), perRequest: Money(1))
        routing.constraints = RouteConstraints(maxInputPerMillion: 20)
        routing.rules = [TaskRule(keywords: ["sql"], target: .model(ModelRef(id: "openai/gpt-4o-mini")))]
        let resolver = try RouteResolver(planner: RoutePlanner(catalog: catalog, registry: ProviderRegistry(endpoints: endpoints)),
                                         routing: routing)
        let policy = BudgetPolicy(limits: routing.budget)
        let spend = BudgetSpend(today: Money(1), thisMonth: Money(3), thisSession: Money(0))
        let conversation: [ChatMessage] = [.system("You are helpful."), .user("Compare two approaches to caching."),
                                           .assistant(String(repeating: "Caching trades memory for time. ", count: 20))]
        let plain: [ChatMessage] = [.user("Write a Swift function that merges two sorted arrays, then test it.")]
        // Capability constraints: tools offered and a screenshot in the question need tools and vision.
        let screenshot = ChatMessage(role: .user, parts: [.text("Why does this crash? Use the tool to look up the symbol."),
                                                          .image(ImagePart(data: Data(repeating: 0x89, count: 4096), mediaType: "image/png"))])
        let tools = ChatOptions(tools: [ToolDefinition(name: "lookup_symbol", description: "Find a symbol's definition",
                                                       parameters: try JSONText(#"{"type":"object","properties":{"name":{"type":"string"}}}"#))])
        let cases: [(String, String, [ChatMessage], ChatOptions)] = [
            ("explicit model", "anthropic/claude-sonnet-4-5", plain, .none),
            (":floor across providers", "openai/gpt-oss-120b:floor", plain, .none),
            (":nitro", "openai/gpt-4o-mini:nitro", plain, .none),
            ("auto (scorer + tiers)", "auto", plain, .none),
            ("tools + image, explicit", "anthropic/claude-sonnet-4-5", [screenshot], tools),
            ("tools + image, :floor", "openai/gpt-4o-mini:floor", [screenshot], tools),
            ("tools + image, auto", "auto", [screenshot], tools),
        ]
        print("Routing decision over the bundled catalog: \(catalog.models.count) models, \(catalog.deploymentCount) deployments, every provider configured")
        for (name, model, question, options) in cases {
            let turn = TurnRequest(messages: conversation + question,
                                   model: ModelRef(id: model.replacingOccurrences(of: ":floor", with: "").replacingOccurrences(of: ":nitro", with: ""),
                                                   variant: model.hasSuffix(":floor") ? .floor : model.hasSuffix(":nitro") ? .nitro : nil),
                                   options: options)
            var samples = Samples<Double>()
            let clock = ContinuousClock()
            var last: RouteDecision?
            for round in 0..<3_200 {
                let start = clock.now
                let decision = try resolver.resolve(turn)
                _ = policy.decide(candidates: decision.candidates, promptTokens: decision.promptTokens, maxOutputTokens: nil, spend: spend)
                if round >= 200 { samples.append((clock.now - start).seconds) }
                last = decision
            }
            let needs = CapabilityNeeds.of(turn)
            guard let last, last.needs == needs,
                  last.candidates.allSatisfy({ candidate in needs.allSatisfy { candidate.deployment.capabilityFacts.supports($0) != false } })
            else { throw BenchmarkError.failed("\(name): a candidate lacks what the request needs") }
            let left = last.rejected.filter { !$0.lacking.isEmpty }.count
            print(String(format: "  %@ median %6.1f µs   p99 %6.1f µs   (target: < 50 µs median)%@",
                         name.padding(toLength: 26, withPad: " ", startingAt: 0), samples.at(50) * 1e6, samples.at(99) * 1e6,
                         needs.isEmpty ? "" : "   \(last.candidates.count) kept, \(left) left out for lacking a capability"))
        }
    }

    /// A 529 on the first deployment, success on the second: turn time minus both attempts' own times.
    static func failoverOverhead() async throws {
        let fixture = try await ProviderFixture.start()
        let transport = AsyncHTTPTransport()
        let endpoints = (0..<2).compactMap { index in
            ProviderEndpoint(name: "p\(index)", wire: .openAICompatible, baseURL: fixture.server.url("/p\(index)/v1"), apiKey: "sk-bench-00000000\(index)")
        }
        let catalog = ModelCatalog(models: [CatalogModel(id: "acme/model", name: "bench", deployments: endpoints.enumerated().map {
            Deployment(provider: $0.element.name, providerModel: "m", price: Price(input: Decimal($0.offset + 1) / 1_000_000, output: 0.000002))
        })])
        // Every round fails p0 on purpose; a breaker that never trips keeps the failover on the measured path.
        var routing = RoutingConfiguration()
        routing.health = HealthTracker.Settings(consecutiveFailures: .max, errorShare: 2)
        let resolver = try RouteResolver(planner: RoutePlanner(catalog: catalog, registry: ProviderRegistry(endpoints: endpoints)), routing: routing)
        let engine = RoutingEngine(resolver: resolver, transport: transport)
        defer { Task { try? await transport.shutdown(); try? await fixture.shutdown() } }
        var overhead = Samples<Double>()
        let clock = ContinuousClock()
        for round in 0..<550 {
            fixture.faults.enqueue(.status(529), for: .path("/p0/v1/chat/completions"))
            let start = clock.now
            var summary: TurnSummary?
            for try await event in engine.run(TurnRequest(messages: [.user("hi")], model: ModelRef(id: "acme/model"))) {
                if case .finished(let finished) = event { summary = finished }
            }
            let total = clock.now - start
            guard let summary, summary.attempts.count == 2, summary.complete else { throw BenchmarkError.failed("failover did not happen") }
            let attempts = summary.attempts.reduce(Duration.zero) { $0 + $1.duration }
            if round >= 50 { overhead.append((total - attempts).seconds) }
        }
        print("Failover: 529 on the first deployment, success on the second, \(overhead.count) turns")
        print(String(format: "  added beyond the two attempts: median %.3f ms, p99 %.3f ms   (target: < 5 ms)",
                     overhead.at(50) * 1000, overhead.at(99) * 1000))
    }
}
