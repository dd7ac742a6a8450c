import Foundation
import SwitchboardCore
import SwitchboardTestSupport
import XCTest

final class AnthropicFixtureEncoderTests: FixtureTestCase {
    func testStreamHasTheFullEventSequenceWithMatchingEventLines() async throws {
        let (response, events) = try await events(FixtureRequests.anthropic(fixture))
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.headers["content-type"], "text/event-stream; charset=utf-8")
        XCTAssertNotNil(response.headers["request-id"])

        let names = events.map { $0.event ?? "" }
        let expected = ["message_start", "content_block_start", "ping"]
            + Array(repeating: "content_block_delta", count: answer.chunks.count)
            + ["content_block_stop", "message_delta", "message_stop"]
        XCTAssertEqual(names, expected)
        let objects = try events.map { try TestClient.object($0.data) }
        for (event, object) in zip(events, objects) { XCTAssertEqual(object["type"] as? String, event.event) }

        let texts = objects.compactMap { ($0["delta"] as? [String: Any])?["text"] as? String }
        XCTAssertEqual(texts.joined(), answer.text)

        let message = try XCTUnwrap(objects[0]["message"] as? [String: Any])
        XCTAssertEqual(message["model"] as? String, "claude-sonnet-4-5")
        let startUsage = try XCTUnwrap(message["usage"] as? [String: Any])
        XCTAssertEqual(startUsage["input_tokens"] as? Int, answer.usage.input)
        XCTAssertEqual(startUsage["cache_read_input_tokens"] as? Int, answer.usage.cacheRead)
        XCTAssertEqual(startUsage["cache_creation_input_tokens"] as? Int, answer.usage.cacheWrite)
        XCTAssertEqual(startUsage["output_tokens"] as? Int, 1)

        let delta = objects[objects.count - 2]
        XCTAssertEqual((delta["delta"] as? [String: Any])?["stop_reason"] as? String, "end_turn")
        XCTAssertEqual((delta["usage"] as? [String: Any])?["output_tokens"] as? Int, answer.usage.output)
    }

    func testLengthFinishIsMaxTokens() async throws {
        fixture.update { $0.answer = FixtureAnswer(text: "cut short", finish: .length) }
        let (_, events) = try await events(FixtureRequests.anthropic(fixture))
        let delta = try TestClient.object(try XCTUnwrap(events.first { $0.event == "message_delta" }).data)
        XCTAssertEqual((delta["delta"] as? [String: Any])?["stop_reason"] as? String, "max_tokens")
    }

    func testOverloadedAndRateLimitErrors() async throws {
        fixture.faults.enqueue(.status(529))
        fixture.faults.enqueue(.status(429, retryAfter: .seconds(3)))

        let (overloaded, overloadedBody) = try await exchange(FixtureRequests.anthropic(fixture))
        XCTAssertEqual(overloaded.status, 529)
        let body = try TestClient.object(String(decoding: overloadedBody, as: UTF8.self))
        XCTAssertEqual(body["type"] as? String, "error")
        XCTAssertEqual((body["error"] as? [String: Any])?["type"] as? String, "overloaded_error")
        XCTAssertTrue((body["request_id"] as? String)?.hasPrefix("req_") == true)
        XCTAssertEqual(mappedError(overloaded, overloadedBody).kind, .overloaded)

        let (limited, limitedBody) = try await exchange(FixtureRequests.anthropic(fixture))
        XCTAssertEqual(limited.status, 429)
        XCTAssertEqual(limited.headers["retry-after"], "3")
        let limitedError = try TestClient.object(String(decoding: limitedBody, as: UTF8.self))["error"] as? [String: Any]
        XCTAssertEqual(limitedError?["type"] as? String, "rate_limit_error")
        let mapped = mappedError(limited, limitedBody)
        XCTAssertEqual(mapped.kind, .rateLimited)
        XCTAssertEqual(mapped.retryAfter, .seconds(3))
    }

    func testSubSecondWaitKeepsItsFraction() async throws {
        fixture.faults.enqueue(.status(429, retryAfter: .milliseconds(300)))
        let (response, body) = try await exchange(FixtureRequests.anthropic(fixture))
        XCTAssertEqual(response.headers["retry-after"], "0.3")
        XCTAssertEqual(mappedError(response, body).retryAfter, .milliseconds(300))
    }

    func testContextLengthAndMissingVersion() async throws {
        fixture.faults.enqueue(.contextLength)
        let (tooLong, tooLongBody) = try await exchange(FixtureRequests.anthropic(fixture))
        XCTAssertEqual(tooLong.status, 400)
        XCTAssertEqual(mappedError(tooLong, tooLongBody).kind, .contextLength)

        let (noVersion, noVersionBody) = try await exchange(FixtureRequests.anthropic(fixture, version: nil))
        XCTAssertEqual(noVersion.status, 400)
        XCTAssertTrue(String(decoding: noVersionBody, as: UTF8.self).contains("anthropic-version"))
        // The version check happens before faults are taken: the queue is empty again.
        XCTAssertEqual(fixture.faults.pendingCount, 0)
    }

    func testBadKeyIsAuthenticationError() async throws {
        fixture.update { $0.expectedAPIKey = "sk-ant-right-key-0000" }
        let (response, body) = try await exchange(FixtureRequests.anthropic(fixture))
        XCTAssertEqual(response.status, 401)
        XCTAssertEqual(mappedError(response, body).kind, .auth)
    }

    func testMidStreamErrorIsAnErrorEventAndNoMessageStop() async throws {
        fixture.faults.enqueue(.midStreamError)
        let (_, events) = try await events(FixtureRequests.anthropic(fixture))
        XCTAssertEqual(events.map { $0.event ?? "" },
                       ["message_start", "content_block_start", "ping", "content_block_delta", "error"])
        let error = try TestClient.object(try XCTUnwrap(events.last).data)
        XCTAssertEqual((error["error"] as? [String: Any])?["type"] as? String, "overloaded_error")
    }
}
