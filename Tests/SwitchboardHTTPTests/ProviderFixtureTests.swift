import Foundation
import SwitchboardCore
import SwitchboardHTTP
import SwitchboardTestSupport
import XCTest

final class ProviderFixtureTests: FixtureTestCase {
    func testUnknownPathIs404AndCountsNothing() async throws {
        var request = FixtureRequests.openAI(fixture)
        request.url = fixture.server.url("/v1/completions")
        let (response, _) = try await exchange(request)
        XCTAssertEqual(response.status, 404)
        XCTAssertTrue(FixtureWire.allCases.allSatisfy { fixture.requestCount($0) == 0 })
        XCTAssertEqual(fixture.requestCount(path: "/v1/completions"), 1)
    }

    func testAnswersByModelAndUpdates() async throws {
        fixture.update { $0.answersByModel["special"] = FixtureAnswer(chunks: ["spe", "cial"]) }
        let (_, special) = try await events(FixtureRequests.anthropic(fixture, model: "special"))
        XCTAssertEqual(special.filter { $0.event == "content_block_delta" }.count, 2)
        let (_, ordinary) = try await events(FixtureRequests.anthropic(fixture))
        XCTAssertEqual(ordinary.filter { $0.event == "content_block_delta" }.count, answer.chunks.count)
    }

    func testNonStreamingRequestIsRejectedInTheProvidersShape() async throws {
        var request = FixtureRequests.openAI(fixture)
        request.body = Array("{\"model\":\"m\",\"messages\":[]}".utf8)
        let (response, body) = try await exchange(request)
        XCTAssertEqual(response.status, 400)
        XCTAssertEqual(mappedError(response, body).kind, .badRequest)
    }

    func testRecordsWhatTheClientSent() async throws {
        _ = try await exchange(FixtureRequests.gemini(fixture, model: "gemini-2.5-pro"))
        let recorded = try XCTUnwrap(fixture.recordedRequests().last)
        XCTAssertEqual(recorded.path, "/v1beta/models/gemini-2.5-pro:streamGenerateContent")
        XCTAssertEqual(recorded.queryValue("alt"), "sse")
        XCTAssertEqual(recorded.headers["x-goog-api-key"], FixtureRequests.key)
        XCTAssertNotNil(recorded.jsonBody()?["contents"])
        XCTAssertEqual(fixture.requestCount(.gemini), 1)
    }

    // MARK: - Core's adapters read what the fixtures write

    private func roundTrip(_ adapter: any ProviderAdapter, _ endpoint: ProviderEndpoint,
                           model: String) async throws -> [StreamEvent] {
        let request = try adapter.makeRequest(ChatRequest(messages: [.user("hi")], maxTokens: 256), model: model,
                                              endpoint: endpoint)
        let response = try await transport.send(request, connectTimeout: .seconds(2))
        XCTAssertEqual(response.status, 200, "\(endpoint.name)")
        let decoder = adapter.makeDecoder(endpoint: endpoint)
        var events: [StreamEvent] = []
        for try await chunk in response.body { events += try decoder.consume(chunk) }
        return events + (try decoder.finish())
    }

    private func text(_ events: [StreamEvent]) -> String {
        events.map { if case .text(let piece) = $0 { piece } else { "" } }.joined()
    }

    private func lastUsage(_ events: [StreamEvent]) -> Usage? {
        events.compactMap { if case .usage(let usage) = $0 { usage } else { nil } }.last
    }

    func testCoreAdaptersDecodeEveryFixtureStream() async throws {
        let key = FixtureRequests.key
        fixture.update { $0.expectedAPIKey = key }
        let expected = answer.usage

        let openAI = try await roundTrip(
            OpenAIChatAdapter(),
            ProviderEndpoint(name: "openai", wire: .openAIChat, baseURL: fixture.openAIBaseURL, apiKey: key,
                             quirks: WireQuirks(maxTokensField: "max_completion_tokens")),
            model: "gpt-4o-mini")
        XCTAssertEqual(text(openAI), answer.text)
        XCTAssertEqual(lastUsage(openAI), expected)
        XCTAssertTrue(openAI.contains(.finished(reason: "stop")))

        let router = try await roundTrip(
            OpenAICompatibleAdapter(),
            ProviderEndpoint(name: "openrouter", wire: .openAICompatible, baseURL: fixture.openRouterBaseURL,
                             apiKey: key, quirks: WireQuirks(streamUsageOption: false, reportsCost: true)),
            model: "openai/gpt-4o-mini")
        XCTAssertEqual(text(router), answer.text)
        XCTAssertEqual(lastUsage(router), expected)
        XCTAssertTrue(router.contains(.reportedCost(Money(answer.cost))))

        let anthropic = try await roundTrip(
            AnthropicAdapter(),
            ProviderEndpoint(name: "anthropic", wire: .anthropic, baseURL: fixture.anthropicBaseURL, apiKey: key),
            model: "claude-sonnet-4-5")
        XCTAssertEqual(text(anthropic), answer.text)
        // Anthropic does not report reasoning separately: it is inside output_tokens.
        var anthropicUsage = expected
        anthropicUsage.reasoning = 0
        XCTAssertEqual(lastUsage(anthropic), anthropicUsage)
        XCTAssertTrue(anthropic.contains(.finished(reason: "end_turn")))

        let gemini = try await roundTrip(
            GeminiAdapter(),
            ProviderEndpoint(name: "gemini", wire: .gemini, baseURL: fixture.geminiBaseURL, apiKey: key),
            model: "gemini-2.5-flash")
        XCTAssertEqual(text(gemini), answer.text)
        XCTAssertEqual(lastUsage(gemini), expected)
        XCTAssertTrue(gemini.contains(.finished(reason: "STOP")))
    }

    func testCoreDecodersReportTruncationAndStreamErrors() async throws {
        let endpoint = ProviderEndpoint(name: "anthropic", wire: .anthropic, baseURL: fixture.anthropicBaseURL,
                                        apiKey: "k")
        fixture.faults.enqueue(.truncate)
        do {
            _ = try await roundTrip(AnthropicAdapter(), endpoint, model: "claude-sonnet-4-5")
            XCTFail("expected truncation")
        } catch let error as ProviderError {
            XCTAssertEqual(error.kind, .truncated)
        }
        fixture.faults.enqueue(.midStreamError)
        do {
            _ = try await roundTrip(AnthropicAdapter(), endpoint, model: "claude-sonnet-4-5")
            XCTFail("expected the stream's error")
        } catch let error as ProviderError {
            XCTAssertEqual(error.kind, .overloaded)
        }
    }
}
