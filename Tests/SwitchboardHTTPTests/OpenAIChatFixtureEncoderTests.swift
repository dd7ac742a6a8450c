import Foundation
import SwitchboardCore
import SwitchboardTestSupport
import XCTest

final class OpenAIChatFixtureEncoderTests: FixtureTestCase {
    private func choices(_ object: [String: Any]) -> [[String: Any]] { object["choices"] as? [[String: Any]] ?? [] }
    private func delta(_ object: [String: Any]) -> [String: Any]? { choices(object).first?["delta"] as? [String: Any] }

    func testOpenAIStreamWithUsageHasRoleContentFinishUsageAndDone() async throws {
        let (response, events) = try await events(FixtureRequests.openAI(fixture, includeUsage: true))
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.headers["content-type"], "text/event-stream; charset=utf-8")
        XCTAssertNotNil(response.headers["x-request-id"])
        XCTAssertNotNil(response.headers["x-ratelimit-remaining-tokens"])
        XCTAssertEqual(events.last?.data, "[DONE]")
        XCTAssertTrue(events.allSatisfy { $0.event == nil })

        let objects = try events.dropLast().map { try TestClient.object($0.data) }
        XCTAssertEqual(objects.count, answer.chunks.count + 3)
        XCTAssertEqual(delta(objects[0])?["role"] as? String, "assistant")
        let texts = objects.dropFirst().compactMap { delta($0)?["content"] as? String }
        XCTAssertEqual(texts.joined(), answer.text)
        XCTAssertEqual(texts, answer.chunks)

        let finish = objects[objects.count - 2]
        XCTAssertEqual(choices(finish).first?["finish_reason"] as? String, "stop")
        XCTAssertEqual(delta(finish)?.count, 0)
        let usageChunk = objects[objects.count - 1]
        XCTAssertEqual(choices(usageChunk).count, 0)
        let usage = try XCTUnwrap(usageChunk["usage"] as? [String: Any])
        let expected = answer.usage
        XCTAssertEqual(usage["prompt_tokens"] as? Int, expected.promptTotal)
        XCTAssertEqual(usage["completion_tokens"] as? Int, expected.output)
        XCTAssertEqual(usage["total_tokens"] as? Int, expected.total)
        XCTAssertEqual((usage["prompt_tokens_details"] as? [String: Any])?["cached_tokens"] as? Int, expected.cacheRead)
        XCTAssertEqual((usage["completion_tokens_details"] as? [String: Any])?["reasoning_tokens"] as? Int,
                       expected.reasoning)
        // With include_usage every other chunk carries "usage":null.
        for object in objects.dropLast() { XCTAssertTrue(object["usage"] is NSNull) }
        for object in objects {
            XCTAssertEqual(object["object"] as? String, "chat.completion.chunk")
            XCTAssertEqual(object["model"] as? String, "gpt-4o-mini")
            XCTAssertEqual(object["id"] as? String, objects[0]["id"] as? String)
        }
    }

    func testOpenAIStreamWithoutUsageOptionCarriesNoUsage() async throws {
        let (_, events) = try await events(FixtureRequests.openAI(fixture, includeUsage: false))
        XCTAssertEqual(events.last?.data, "[DONE]")
        let objects = try events.dropLast().map { try TestClient.object($0.data) }
        XCTAssertEqual(objects.count, answer.chunks.count + 2)
        XCTAssertTrue(objects.allSatisfy { $0["usage"] == nil && !choices($0).isEmpty })
        XCTAssertEqual(choices(objects[objects.count - 1]).first?["finish_reason"] as? String, "stop")
    }

    func testOpenRouterStreamHasCommentProviderAndAlwaysUsageWithCost() async throws {
        fixture.update { $0.openRouterUpstream = "Anthropic" }
        let (response, body) = try await exchange(FixtureRequests.openAI(fixture, includeUsage: false, openRouter: true))
        XCTAssertTrue(body.starts(with: Array(": OPENROUTER PROCESSING\n\n".utf8)))
        XCTAssertTrue(response.headers["x-generation-id"]?.hasPrefix("gen-") == true)
        let events = TestClient.events(body)
        XCTAssertEqual(events.last?.data, "[DONE]")
        let objects = try events.dropLast().map { try TestClient.object($0.data) }
        XCTAssertTrue(objects.allSatisfy { $0["provider"] as? String == "Anthropic" })
        let texts = objects.compactMap { delta($0)?["content"] as? String }
        XCTAssertEqual(texts.joined(), answer.text)
        let usage = try XCTUnwrap(objects.last?["usage"] as? [String: Any])
        XCTAssertEqual(choices(try XCTUnwrap(objects.last)).count, 0)
        let cost = try XCTUnwrap(usage["cost"] as? NSNumber)
        XCTAssertEqual(Decimal(string: cost.stringValue), answer.cost)
        XCTAssertEqual(usage["prompt_tokens"] as? Int, answer.usage.promptTotal)
        let finish = objects[objects.count - 2]
        XCTAssertEqual(choices(finish).first?["finish_reason"] as? String, "stop")
        XCTAssertEqual(choices(finish).first?["native_finish_reason"] as? String, "stop")
    }

    func testOpenAIRateLimitHasRetryHeadersAndBody() async throws {
        fixture.faults.enqueue(.status(429, retryAfter: .milliseconds(1500)))
        let (response, body) = try await exchange(FixtureRequests.openAI(fixture))
        XCTAssertEqual(response.status, 429)
        XCTAssertEqual(response.headers["retry-after-ms"], "1500")
        XCTAssertEqual(response.headers["retry-after"], "2")
        XCTAssertEqual(response.headers["x-ratelimit-remaining-tokens"], "0")
        let error = try XCTUnwrap(try TestClient.object(String(decoding: body, as: UTF8.self))["error"] as? [String: Any])
        XCTAssertEqual(error["code"] as? String, "rate_limit_exceeded")
        XCTAssertEqual(error["type"] as? String, "tokens")
        XCTAssertTrue(error["param"] is NSNull)
        XCTAssertTrue((error["message"] as? String)?.contains("Please try again in 1.5s") == true)
        let mapped = mappedError(response, body)
        XCTAssertEqual(mapped.kind, .rateLimited)
        XCTAssertEqual(mapped.retryAfter, .milliseconds(1500))
    }

    func testOpenAIErrorBodiesMapToTheirKinds() async throws {
        let cases: [(Fault, Int, ProviderError.Kind, String?)] = [
            (.status(500), 500, .server, nil),
            (.contextLength, 400, .contextLength, "context_length_exceeded"),
            (.insufficientQuota, 429, .billing, "insufficient_quota"),
            (.status(404), 404, .notFound, "model_not_found"),
        ]
        for (fault, status, kind, code) in cases {
            fixture.faults.enqueue(fault)
            let (response, body) = try await exchange(FixtureRequests.openAI(fixture))
            XCTAssertEqual(response.status, status, "\(fault)")
            XCTAssertEqual(mappedError(response, body).kind, kind, "\(fault)")
            let error = try XCTUnwrap(try TestClient.object(String(decoding: body, as: UTF8.self))["error"] as? [String: Any])
            XCTAssertEqual(error["code"] as? String, code, "\(fault)")
        }
    }

    func testBadKeyGets401WithTheKeyMasked() async throws {
        fixture.update { $0.expectedAPIKey = "sk-the-right-key-000000" }
        let (response, body) = try await exchange(FixtureRequests.openAI(fixture))
        XCTAssertEqual(response.status, 401)
        let text = String(decoding: body, as: UTF8.self)
        XCTAssertTrue(text.contains("invalid_api_key"))
        XCTAssertFalse(text.contains(FixtureRequests.key))
        XCTAssertTrue(text.contains("sk-************6789"), text)
        XCTAssertEqual(mappedError(response, body).kind, .auth)
    }

    func testOpenRouterErrorsCarryStatusAsCodeAndProviderName() async throws {
        fixture.faults.enqueue(.status(502))
        fixture.faults.enqueue(.status(402))
        fixture.faults.enqueue(.status(429, retryAfter: .seconds(7)))
        let request = FixtureRequests.openAI(fixture, openRouter: true)

        let (badGateway, badGatewayBody) = try await exchange(request)
        XCTAssertEqual(badGateway.status, 502)
        let error = try XCTUnwrap(try TestClient.object(String(decoding: badGatewayBody, as: UTF8.self))["error"] as? [String: Any])
        XCTAssertEqual(error["code"] as? Int, 502)
        XCTAssertEqual((error["metadata"] as? [String: Any])?["provider_name"] as? String, "OpenAI")
        XCTAssertEqual(mappedError(badGateway, badGatewayBody).kind, .server)

        let (payment, paymentBody) = try await exchange(request)
        XCTAssertEqual(payment.status, 402)
        XCTAssertEqual(mappedError(payment, paymentBody).kind, .billing)

        let (limited, limitedBody) = try await exchange(request)
        XCTAssertEqual(limited.headers["retry-after"], "7")
        XCTAssertEqual(mappedError(limited, limitedBody).retryAfter, .seconds(7))
    }

    func testMidStreamErrorShapes() async throws {
        fixture.faults.enqueue(.midStreamError)
        let (_, openAI) = try await events(FixtureRequests.openAI(fixture))
        XCTAssertFalse(openAI.contains { $0.data == "[DONE]" })
        let openAIError = try TestClient.object(try XCTUnwrap(openAI.last).data)
        XCTAssertEqual((openAIError["error"] as? [String: Any])?["type"] as? String, "server_error")
        // Role chunk and one text chunk came first.
        XCTAssertEqual(openAI.count, 3)

        fixture.faults.enqueue(.midStreamErrorAfter(chunks: 2))
        let (_, router) = try await events(FixtureRequests.openAI(fixture, openRouter: true))
        XCTAssertFalse(router.contains { $0.data == "[DONE]" })
        XCTAssertEqual(router.count, 4)
        let routerError = try TestClient.object(try XCTUnwrap(router.last).data)
        XCTAssertEqual((routerError["error"] as? [String: Any])?["code"] as? String, "server_error")
        XCTAssertEqual(choices(routerError).first?["finish_reason"] as? String, "error")
    }
}
