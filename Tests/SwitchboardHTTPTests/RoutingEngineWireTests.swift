import Foundation
import SwitchboardCore
import SwitchboardHTTP
import SwitchboardTestSupport
import XCTest

/// The routing engine end to end over real HTTP on 127.0.0.1: every adapter against the fixture server that
/// speaks its wire format, with faults before and after the first token.
final class RoutingEngineWireTests: FixtureTestCase {
    private let ledger = MemoryLedger()
    private static let price = Price(input: Decimal(string: "0.000003"), output: Decimal(string: "0.000015"),
                                     cacheRead: Decimal(string: "0.0000003"), cacheWrite: Decimal(string: "0.00000375"))

    /// One model served by four providers, all pointing at the fixture.
    private func engine(timeouts: Timeouts = Timeouts(connect: .seconds(2), firstToken: .seconds(2), stall: .milliseconds(400)),
                        extraEndpoints: [ProviderEndpoint] = []) -> RoutingEngine {
        let endpoints = [
            ProviderEndpoint(name: "anthropic", wire: .anthropic, baseURL: fixture.anthropicBaseURL, apiKey: "sk-ant-fixture-0001"),
            ProviderEndpoint(name: "openrouter", wire: .openAICompatible, baseURL: fixture.openRouterBaseURL,
                             apiKey: "sk-or-fixture-0001", quirks: WireQuirks(streamUsageOption: false, reportsCost: true)),
            ProviderEndpoint(name: "openai", wire: .openAIChat, baseURL: fixture.openAIBaseURL, apiKey: "sk-fixture-0001",
                             quirks: WireQuirks(maxTokensField: "max_completion_tokens")),
            ProviderEndpoint(name: "gemini", wire: .gemini, baseURL: fixture.geminiBaseURL, apiKey: "AIzaFixtureKey0000000001"),
        ] + extraEndpoints
        let deployments = endpoints.map { Deployment(provider: $0.name, providerModel: "model-\($0.name)", price: Self.price) }
        let catalog = ModelCatalog(models: [
            CatalogModel(id: "acme/any", name: "Any", deployments: Array(deployments.prefix(2))),
            CatalogModel(id: "acme/openai", name: "OpenAI-wire", deployments: [deployments[2]]),
            CatalogModel(id: "acme/gemini", name: "Gemini-wire", deployments: [deployments[3]]),
        ] + extraEndpoints.enumerated().map { index, endpoint in
            CatalogModel(id: "acme/extra\(index)", name: "extra", deployments: [deployments[4 + index]])
        })
        let planner = RoutePlanner(catalog: catalog, registry: ProviderRegistry(endpoints: endpoints))
        return RoutingEngine(planner: planner, transport: transport, ledger: ledger, timeouts: timeouts,
                             retry: RetryPolicy(baseBackoff: .milliseconds(20)))
    }

    private func turn(_ model: String, fallbacks: [String] = []) throws -> TurnRequest {
        TurnRequest(messages: [.system("Be brief."), .user("Hello"), .assistant("Hi!"), .user("Tell me more")],
                    model: try ModelRef(parsing: model), fallbacks: try fallbacks.map { try ModelRef(parsing: $0) },
                    maxTokens: 256)
    }

    func testEachWireProtocolStreamsTextUsageAndExactCost() async throws {
        for (model, provider) in [("acme/any@anthropic", "anthropic"), ("acme/any@openrouter", "openrouter"),
                                  ("acme/openai", "openai"), ("acme/gemini", "gemini")] {
            let (events, text) = try await collectTurn(engine(), turn(model))
            let summary = try finishedSummary(events)
            XCTAssertTrue(summary.complete, model)
            XCTAssertEqual(summary.route.provider, provider)
            XCTAssertEqual(text, answer.text, model)
            XCTAssertEqual(summary.text, answer.text, model)
            XCTAssertFalse(summary.usageIsEstimate, model)
            XCTAssertEqual(summary.usage.output, answer.usage.output, model)
            XCTAssertEqual(summary.cost, Self.price.cost(of: summary.usage), model)
            XCTAssertNotNil(summary.ttft, model)
            if provider == "openrouter" { XCTAssertEqual(summary.reportedCost, Money(answer.cost)) }
        }
        let recorded = await ledger.attempts
        XCTAssertEqual(recorded.count, 4)
        XCTAssertTrue(recorded.allSatisfy { $0.outcome == .success })
    }

    func testA429WithRetryAfterIsWaitedOutOnTheSameDeployment() async throws {
        fixture.faults.enqueue(.status(429, retryAfter: .milliseconds(300)), for: .wire(.anthropic))
        let started = ContinuousClock.now
        let (events, _) = try await collectTurn(engine(), turn("acme/any"))
        let summary = try finishedSummary(events)
        XCTAssertTrue(summary.complete)
        XCTAssertEqual(summary.attempts.map(\.provider), ["anthropic", "anthropic"])
        XCTAssertEqual(summary.attempts.first?.outcome, .failed(.rateLimited, afterFirstToken: false))
        XCTAssertEqual(summary.attempts.first?.status, 429)
        XCTAssertGreaterThanOrEqual(ContinuousClock.now - started, .milliseconds(300))
        XCTAssertTrue(events.contains { if case .retrying(_, let wait, _) = $0 { wait == .milliseconds(300) } else { false } })
    }

    func testOverloadOnTheFirstDeploymentFallsBackToTheSecond() async throws {
        fixture.faults.enqueue(.status(529), for: .wire(.anthropic))
        let (events, text) = try await collectTurn(engine(), turn("acme/any"))
        let summary = try finishedSummary(events)
        XCTAssertTrue(summary.complete)
        XCTAssertEqual(summary.route.provider, "openrouter")
        XCTAssertEqual(text, answer.text, "no text from the failed attempt leaks into the answer")
        XCTAssertEqual(summary.attempts.map(\.outcome.label), ["overloaded", "success"])
        XCTAssertTrue(events.contains { if case .fallback(let from, let to, _) = $0 { from.provider == "anthropic" && to.provider == "openrouter" } else { false } })
    }

    func testSlowFirstTokenTimesOutAndMovesOn() async throws {
        fixture.faults.enqueue(.slowFirstToken(.seconds(5)), for: .wire(.anthropic))
        let timeouts = Timeouts(connect: .seconds(2), firstToken: .milliseconds(300), stall: .seconds(2))
        let (events, _) = try await collectTurn(engine(timeouts: timeouts), turn("acme/any"))
        let summary = try finishedSummary(events)
        XCTAssertEqual(summary.route.provider, "openrouter")
        guard case .attemptFailed(_, let error)? = events.first(where: { if case .attemptFailed = $0 { true } else { false } }) else {
            return XCTFail("expected a failed attempt")
        }
        XCTAssertEqual(error.kind, .timeout)
        XCTAssertEqual(error.phase, .firstToken)
    }

    func testAStallAfterTheFirstTokenEndsTheTurnIncompleteWithWhatArrived() async throws {
        fixture.faults.enqueue(.stallAfter(chunks: 2), for: .wire(.anthropic))
        let (events, text) = try await collectTurn(engine(), turn("acme/any"))
        let summary = try finishedSummary(events)
        XCTAssertFalse(summary.complete)
        XCTAssertEqual(summary.error?.kind, .timeout)
        XCTAssertEqual(summary.error?.phase, .stall)
        XCTAssertEqual(text, answer.chunks.prefix(2).joined())
        XCTAssertEqual(summary.text, text)
        XCTAssertEqual(summary.attempts.count, 1, "after the first token there is no silent retry")
        let closed = await fixture.server.waitForClosedConnections(1, timeout: .seconds(2))
        XCTAssertTrue(closed, "the stalled request was closed")
    }

    func testDisconnectAndTruncationAfterTheFirstTokenAreIncompleteNeverSuccess() async throws {
        for fault in [Fault.disconnectAfter(chunks: 1), .truncate, .midStreamError] {
            fixture.faults.enqueue(fault, for: .wire(.openAIChat))
            let (events, _) = try await collectTurn(engine(), turn("acme/openai"))
            let summary = try finishedSummary(events)
            XCTAssertFalse(summary.complete, "\(fault)")
            XCTAssertNotNil(summary.error, "\(fault)")
            XCTAssertNotEqual(summary.attempts.last?.outcome, .success, "\(fault)")
        }
    }

    func testTruncationBeforeAnyTokenIsRetriedAndMalformedChunksFailTheAttempt() async throws {
        fixture.faults.enqueue(.truncateAfter(chunks: 0), for: .wire(.gemini))
        let (events, _) = try await collectTurn(engine(), turn("acme/gemini"))
        let summary = try finishedSummary(events)
        XCTAssertTrue(summary.complete)
        XCTAssertEqual(summary.attempts.map(\.outcome.label), ["truncated", "success"])

        fixture.faults.enqueue(.malformedChunk, for: .wire(.openAIChat))
        let (malformed, _) = try await collectTurn(engine(), turn("acme/openai"))
        XCTAssertEqual(try finishedSummary(malformed).error?.kind, .malformed)
    }

    func testBadRequestIsNotRetriedOrFallenBackFrom() async throws {
        fixture.faults.enqueue(.status(400), for: .wire(.anthropic))
        let (events, _) = try await collectTurn(engine(), turn("acme/any"))
        guard case .failed(let failure)? = events.last else { return XCTFail("expected failure, got \(events)") }
        XCTAssertEqual(failure.attempts.count, 1)
        XCTAssertTrue(failure.summary.contains("anthropic"), failure.summary)
        XCTAssertFalse(failure.summary.contains("sk-ant-fixture-0001"))
    }

    func testConnectionRefusedFallsBackToTheNextModel() async throws {
        let dead = ProviderEndpoint(name: "dead", wire: .openAIChat, baseURL: try XCTUnwrap(URL(string: "http://127.0.0.1:1/v1")))
        let (events, _) = try await collectTurn(engine(extraEndpoints: [dead]), turn("acme/extra0", fallbacks: ["acme/openai"]))
        let summary = try finishedSummary(events)
        XCTAssertTrue(summary.complete)
        XCTAssertEqual(summary.attempts.map(\.outcome.label), ["transport", "success"])
        XCTAssertTrue(summary.attempts.last?.reason.hasPrefix("fallback 1 of 1") ?? false)
    }

    func testCancellingATurnStopsTheRequestAndKeepsThePartialAnswer() async throws {
        fixture.update { $0.pacing = .milliseconds(100) }
        let engine = engine(timeouts: Timeouts(connect: .seconds(2), firstToken: .seconds(5), stall: .seconds(5)))
        let request = try turn("acme/openai")
        var events: [EngineEvent] = []
        var deltas = 0
        for try await event in engine.run(request) {
            events.append(event)
            if case .delta = event {
                deltas += 1
                if deltas == 2 { engine.cancel(turn: request.id) }
            }
        }
        let summary = try finishedSummary(events)
        XCTAssertTrue(summary.cancelled)
        XCTAssertFalse(summary.complete)
        XCTAssertFalse(summary.text.isEmpty)
        XCTAssertEqual(summary.attempts.last?.outcome, .cancelled)
        let closed = await fixture.server.waitForClosedConnections(1, timeout: .seconds(2))
        XCTAssertTrue(closed, "the request was closed")
    }
}
