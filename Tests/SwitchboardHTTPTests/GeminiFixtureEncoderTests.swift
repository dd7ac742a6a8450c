import Foundation
import SwitchboardCore
import SwitchboardTestSupport
import XCTest

final class GeminiFixtureEncoderTests: FixtureTestCase {
    func testStreamIsDataOnlyWithFinishReasonAndUsageOnTheLastChunk() async throws {
        let (response, body) = try await exchange(FixtureRequests.gemini(fixture))
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.headers["content-type"], "text/event-stream")
        let text = String(decoding: body, as: UTF8.self)
        XCTAssertTrue(text.hasPrefix("data: {"))
        XCTAssertTrue(text.hasSuffix("}\r\n\r\n"))
        XCTAssertFalse(text.contains("event:"))
        XCTAssertFalse(text.contains("[DONE]"))

        let events = TestClient.events(body)
        XCTAssertEqual(events.count, answer.chunks.count)
        let objects = try events.map { try TestClient.object($0.data) }
        func candidate(_ object: [String: Any]) -> [String: Any]? {
            (object["candidates"] as? [[String: Any]])?.first
        }
        let texts = objects.compactMap {
            ((candidate($0)?["content"] as? [String: Any])?["parts"] as? [[String: Any]])?.first?["text"] as? String
        }
        XCTAssertEqual(texts.joined(), answer.text)
        XCTAssertEqual(objects.filter { candidate($0)?["finishReason"] != nil }.count, 1)
        let last = try XCTUnwrap(objects.last)
        XCTAssertEqual(candidate(last)?["finishReason"] as? String, "STOP")
        XCTAssertEqual(last["modelVersion"] as? String, "gemini-2.5-flash")

        let usage = try XCTUnwrap(last["usageMetadata"] as? [String: Any])
        let expected = answer.usage
        XCTAssertEqual(usage["promptTokenCount"] as? Int, expected.promptTotal)
        XCTAssertEqual(usage["cachedContentTokenCount"] as? Int, expected.cacheRead)
        XCTAssertEqual(usage["thoughtsTokenCount"] as? Int, expected.reasoning)
        XCTAssertEqual(usage["candidatesTokenCount"] as? Int, expected.output - expected.reasoning)
        XCTAssertEqual(usage["totalTokenCount"] as? Int, expected.total)
    }

    func testZeroCountsAreLeftOut() async throws {
        fixture.update { $0.answer = FixtureAnswer(text: "plain", usage: Usage(input: 5, output: 2)) }
        let (_, events) = try await events(FixtureRequests.gemini(fixture))
        let usage = try XCTUnwrap(try TestClient.object(try XCTUnwrap(events.last).data)["usageMetadata"] as? [String: Any])
        XCTAssertNil(usage["cachedContentTokenCount"])
        XCTAssertNil(usage["thoughtsTokenCount"])
        XCTAssertEqual(usage["candidatesTokenCount"] as? Int, 2)
    }

    func testRateLimitCarriesRetryInfoAndNoHeaders() async throws {
        fixture.faults.enqueue(.status(429, retryAfter: .seconds(46)))
        let (response, body) = try await exchange(FixtureRequests.gemini(fixture))
        XCTAssertEqual(response.status, 429)
        XCTAssertNil(response.headers["retry-after"])
        let error = try XCTUnwrap(try TestClient.object(String(decoding: body, as: UTF8.self))["error"] as? [String: Any])
        XCTAssertEqual(error["code"] as? Int, 429)
        XCTAssertEqual(error["status"] as? String, "RESOURCE_EXHAUSTED")
        let details = try XCTUnwrap(error["details"] as? [[String: Any]])
        let retryInfo = details.first { $0["@type"] as? String == "type.googleapis.com/google.rpc.RetryInfo" }
        XCTAssertEqual(retryInfo?["retryDelay"] as? String, "46s")
        XCTAssertTrue((error["message"] as? String)?.contains("Please retry in 46s.") == true)
        XCTAssertEqual(mappedError(response, body).kind, .rateLimited)
    }

    func testUnavailableAndBadKey() async throws {
        fixture.faults.enqueue(.status(503))
        let (unavailable, unavailableBody) = try await exchange(FixtureRequests.gemini(fixture))
        XCTAssertEqual(unavailable.status, 503)
        let error = try TestClient.object(String(decoding: unavailableBody, as: UTF8.self))["error"] as? [String: Any]
        XCTAssertEqual(error?["status"] as? String, "UNAVAILABLE")
        XCTAssertEqual(mappedError(unavailable, unavailableBody).kind, .overloaded)

        fixture.update { $0.expectedAPIKey = "AIzaRightKey" }
        let (badKey, badKeyBody) = try await exchange(FixtureRequests.gemini(fixture))
        XCTAssertEqual(badKey.status, 400)
        XCTAssertTrue(String(decoding: badKeyBody, as: UTF8.self).contains("API_KEY_INVALID"))
        // The key may also come as ?key=.
        let (good, _) = try await exchange(FixtureRequests.gemini(fixture, query: "?alt=sse&key=AIzaRightKey", key: nil))
        XCTAssertEqual(good.status, 200)
    }

    func testWithoutAltSSEIsRejected() async throws {
        let (response, _) = try await exchange(FixtureRequests.gemini(fixture, query: ""))
        XCTAssertEqual(response.status, 400)
    }

    func testMidStreamErrorIsADataLineWithError() async throws {
        fixture.faults.enqueue(.midStreamError)
        let (_, events) = try await events(FixtureRequests.gemini(fixture))
        XCTAssertEqual(events.count, 2)
        let error = try TestClient.object(try XCTUnwrap(events.last).data)["error"] as? [String: Any]
        XCTAssertEqual(error?["status"] as? String, "UNAVAILABLE")
    }
}
