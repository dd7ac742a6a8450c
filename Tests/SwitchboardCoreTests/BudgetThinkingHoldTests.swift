import Foundation
@testable import SwitchboardCore
import XCTest

/// The budget hold covers the output limit the request will really carry, thinking included: Anthropic raises
/// `max_tokens` to thinking budget + answer, and Gemini's thinking budget comes on top of `maxOutputTokens`.
final class BudgetThinkingHoldTests: XCTestCase {
    private func perMillion(_ text: String) -> Decimal? { Decimal(string: text).map { $0 / 1_000_000 } }

    /// `p0` (Gemini, $1/M in, $10/M out) is the route; `p1` (Anthropic, $0.10/M in, $1/M out) the cheap fallback.
    private let endpoints = [
        ProviderEndpoint(name: "p0", wire: .gemini, baseURL: URL(fileURLWithPath: "/"), apiKey: "k0"),
        ProviderEndpoint(name: "p1", wire: .anthropic, baseURL: URL(fileURLWithPath: "/"), apiKey: "k1"),
    ]

    private func deployments() -> [Deployment] {
        [Deployment(provider: "p0", providerModel: "gemini-x", price: Price(input: perMillion("1"), output: perMillion("10"))),
         Deployment(provider: "p1", providerModel: "claude-x", price: Price(input: perMillion("0.1"), output: perMillion("1")))]
    }

    private func candidates() -> [RouteCandidate] {
        deployments().map { RouteCandidate(model: "acme/\($0.providerModel)", deployment: $0, reason: "test") }
    }

    private func turn(reasoning: ReasoningSetting?, maxTokens: Int) throws -> TurnRequest {
        var options = ChatOptions.none
        options.reasoning = reasoning
        return TurnRequest(messages: [.user("Hi")], model: try ModelRef(parsing: "acme/x@p0"), maxTokens: maxTokens, options: options)
    }

    // MARK: - What each adapter's request allows

    func testTheOutputLimitIsWhatTheRequestCarries() throws {
        let registry = ProviderRegistry(endpoints: endpoints)
        // Gemini, high effort on 2,000 answer tokens: a 1,600-token thinking budget beside them.
        XCTAssertEqual(BudgetPolicy.outputLimits(for: try turn(reasoning: .effort(.high), maxTokens: 2000),
                                                 candidates: candidates(), registry: registry), [3600, 2000])
        // Anthropic, a budget of 8,000 with 2,000 answer tokens: max_tokens 10,000; Gemini 2,000 + 8,000.
        XCTAssertEqual(BudgetPolicy.outputLimits(for: try turn(reasoning: .budget(tokens: 8000), maxTokens: 2000),
                                                 candidates: candidates(), registry: registry), [10_000, 10_000])
        // High effort on 1,000: the 1,024-token floor is the budget; Anthropic's does not leave the answer, so 2,024.
        XCTAssertEqual(BudgetPolicy.outputLimits(for: try turn(reasoning: .effort(.high), maxTokens: 1000),
                                                 candidates: candidates(), registry: registry), [2024, 2024])
        // Anthropic, high effort on 8,000: a 6,400 budget inside max_tokens, which stays 8,000.
        XCTAssertEqual(BudgetPolicy.outputLimits(for: try turn(reasoning: .effort(.high), maxTokens: 8000),
                                                 candidates: candidates(), registry: registry), [14_400, 8000])
        // No thinking asked for (or off): the answer length alone.
        XCTAssertEqual(BudgetPolicy.outputLimits(for: try turn(reasoning: nil, maxTokens: 2000),
                                                 candidates: candidates(), registry: registry), [2000, 2000])
        XCTAssertEqual(BudgetPolicy.outputLimits(for: try turn(reasoning: .off, maxTokens: 2000),
                                                 candidates: candidates(), registry: registry), [2000, 2000])
    }

    /// The limit the Anthropic adapter reports is the `max_tokens` its body carries.
    func testAnthropicsLimitMatchesItsBody() throws {
        let endpoint = endpoints[1]
        for (reasoning, answer) in [(ReasoningSetting.effort(.high), 1000), (.effort(.low), 4000), (.budget(tokens: 3000), 2000), (.off, 500)] {
            var options = ChatOptions.none
            options.reasoning = reasoning
            let request = ChatRequest(messages: [.user("Hi")], maxTokens: answer, options: options)
            let body = try AnthropicAdapter().makeRequest(request, model: "m", endpoint: endpoint).body
            let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
            XCTAssertEqual(json["max_tokens"] as? Int, AnthropicAdapter().outputLimit(for: request), "\(reasoning)")
        }
    }

    // MARK: - The budget's verdict

    /// $0.03 per request covers 2,000 answer tokens at $10/M ($0.02 and a few prompt tokens) but not the 1,600
    /// thinking tokens beside them ($0.036 in all).
    private func limits(_ onExceed: BudgetLimits.OnExceed) -> BudgetLimits {
        BudgetLimits(perRequest: Money(Decimal(string: "0.03") ?? 0), onExceed: onExceed)
    }

    func testHighReasoningIsRefusedWhenTheBudgetCoversOnlyTheAnswer() async throws {
        let transport = RecordingTransport()
        _ = try await run(engine(transport, limits: limits(.block)), turn(reasoning: nil, maxTokens: 2000))
        XCTAssertEqual(transport.providers, ["p0"], "without thinking the answer fits and is sent")

        let thinking = try await run(engine(transport, limits: limits(.block)), turn(reasoning: .effort(.high), maxTokens: 2000))
        let failure = try XCTUnwrap(thinking.lazy.compactMap { if case .failed(let failure) = $0 { failure } else { nil } }.first)
        XCTAssertTrue(failure.summary.hasPrefix("refused by budget: per-request budget $0.03 exceeded"), failure.summary)
        XCTAssertEqual(transport.providers, ["p0"], "nothing more was sent")
    }

    func testHighReasoningIsDowngradedWhenTheBudgetSaysSo() async throws {
        let transport = RecordingTransport()
        var turn = try turn(reasoning: .effort(.high), maxTokens: 2000)
        turn.fallbacks = [try ModelRef(parsing: "acme/x@p1")]
        let events = try await run(engine(transport, limits: limits(.downgrade)), turn)
        let notices = events.compactMap { if case .notice(let text) = $0 { text } else { nil } }
        XCTAssertTrue(notices.contains { $0.contains("downgraded from acme/x via p0 to acme/x via p1") }, "\(notices)")
        XCTAssertEqual(transport.providers, ["p1"])
    }

    private func engine(_ transport: RecordingTransport, limits: BudgetLimits) throws -> RoutingEngine {
        let catalog = ModelCatalog(models: [CatalogModel(id: "acme/x", name: "X", deployments: deployments())])
        var routing = RoutingConfiguration()
        routing.budget = limits
        let planner = RoutePlanner(catalog: catalog, registry: ProviderRegistry(endpoints: endpoints))
        return RoutingEngine(resolver: try RouteResolver(planner: planner, routing: routing), transport: transport,
                             budgetLedger: MemoryBudgetLedger())
    }

    private func run(_ engine: RoutingEngine, _ turn: TurnRequest) async throws -> [EngineEvent] {
        var events: [EngineEvent] = []
        for try await event in engine.run(turn) { events.append(event) }
        return events
    }
}

/// Refuses every request with a 400 (never retried) and records which provider each went to, by the key header.
private final class RecordingTransport: HTTPTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var sent: [String] = []

    var providers: [String] { lock.withLock { sent } }

    func send(_ request: HTTPRequest, connectTimeout: Duration, abort: AbortSignal) async throws -> HTTPResponse {
        let key = request.headers["x-goog-api-key"] ?? request.headers["x-api-key"] ?? "?"
        lock.withLock { sent.append(key == "k0" ? "p0" : key == "k1" ? "p1" : key) }
        let body = AsyncThrowingStream<[UInt8], any Error> { continuation in
            continuation.yield(Array(#"{"error":{"message":"no"}}"#.utf8))
            continuation.finish()
        }
        return HTTPResponse(status: 400, headers: HTTPHeaders([("content-type", "application/json")]), body: body)
    }
}
