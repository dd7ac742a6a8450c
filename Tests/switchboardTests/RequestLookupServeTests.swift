import Foundation
import SwitchboardTestSupport
import XCTest

/// `GET /v1/switchboard/requests/{id}` against a live `serve` process over real HTTP, with an OpenAI-compatible
/// loopback fixture upstream: what a response's `x-switchboard-request-id` finds is the stored route decision,
/// every attempt and the total cost; an unknown id is a 404 in OpenAI's error shape; keys are checked as for
/// every other endpoint.
final class RequestLookupServeTests: XCTestCase {
    private var cli: CLIRunner!
    private var fixture: ProviderFixture!
    private var database: String { cli.home.appendingPathComponent("serve.sqlite").path }

    override func setUp() async throws {
        cli = try CLIRunner(extraEnvironment: ["OPENAI_API_KEY": "sk-fixture"])
        fixture = try await ProviderFixture.start()
        try cli.writeConfig("""
            default_model = "gpt-4o-mini"

            [providers.openai]
            base_url = "\(fixture.openAIBaseURL.absoluteString)"
            """)
    }

    override func tearDown() async throws {
        try await fixture?.shutdown()
        cli?.cleanUp()
    }

    private let chat = #"{"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Say hello"}]}"#

    func testLookupShowsTheRouteAttemptsAndCostOfServedRequests() async throws {
        let serve = try LiveServe.start(cli, ["--no-auth", "--db", database])
        defer { serve.stop() }

        let answered = try await serve.post("/v1/chat/completions", json: chat)
        XCTAssertEqual(answered.status, 200, answered.text)
        let id = try XCTUnwrap(answered.header("x-switchboard-request-id"))
        let headerCost = try XCTUnwrap(answered.header("x-switchboard-cost"))
        let bodyCost = try XCTUnwrap((try answered.json()["usage"] as? [String: Any])?["cost"] as? NSNumber)

        let found = try await serve.get("/v1/switchboard/requests/\(id)")
        XCTAssertEqual(found.status, 200, found.text)
        XCTAssertEqual(found.header("content-type"), "application/json")
        let data = try XCTUnwrap(try found.json()["data"] as? [String: Any], found.text)
        XCTAssertEqual(data["id"] as? String, id)
        XCTAssertEqual(data["status"] as? String, "complete")
        XCTAssertEqual(data["requested_model"] as? String, "gpt-4o-mini")
        XCTAssertEqual(data["provider"] as? String, "openai")
        let attempts = try XCTUnwrap(data["attempts"] as? [[String: Any]])
        XCTAssertEqual(attempts.count, 1)
        let attempt = try XCTUnwrap(attempts.first)
        XCTAssertEqual(attempt["provider"] as? String, "openai")
        XCTAssertEqual(attempt["model"] as? String, "openai/gpt-4o-mini")
        XCTAssertEqual(attempt["provider_model"] as? String, "gpt-4o-mini")
        XCTAssertEqual(attempt["status"] as? String, "success")
        XCTAssertTrue(attempt["error"] is NSNull, "\(attempt)")
        XCTAssertNotNil(attempt["ttft_ms"] as? Int, "\(attempt)")
        XCTAssertNotNil(attempt["duration_ms"] as? Int, "\(attempt)")
        let usage = try XCTUnwrap(attempt["usage"] as? [String: Any])
        let standard = FixtureAnswer.standardUsage
        XCTAssertEqual(usage["prompt_tokens"] as? Int, standard.promptTotal)
        XCTAssertEqual(usage["completion_tokens"] as? Int, standard.output)
        XCTAssertEqual(usage["cache_read_tokens"] as? Int, standard.cacheRead)
        // The cost is the one the response reported, to the last digit, in the header, the body and the lookup.
        let total = try XCTUnwrap(Self.decimal(found.text, member: "total_cost"), found.text)
        XCTAssertEqual(total, Decimal(string: headerCost))
        XCTAssertEqual(Self.decimal(found.text, member: "cost"), total)
        XCTAssertGreaterThan(total, 0)
        XCTAssertEqual(bodyCost.decimalValue, total)
        let route = try XCTUnwrap(data["route"] as? [String: Any], found.text)
        XCTAssertEqual(route["requested"] as? String, "gpt-4o-mini")
        let candidates = try XCTUnwrap(route["candidates"] as? [[String: Any]])
        XCTAssertEqual(candidates.first?["provider"] as? String, "openai")

        // A streamed request is found the same way, by the id its headers carried.
        let streamed = try await serve.post("/v1/chat/completions", json: #"{"model": "gpt-4o-mini", "stream": true, "messages": [{"role": "user", "content": "again"}]}"#)
        XCTAssertEqual(streamed.status, 200, streamed.text)
        XCTAssertTrue(streamed.text.contains("data: [DONE]"), streamed.text)
        let streamedID = try XCTUnwrap(streamed.header("x-switchboard-request-id"))
        XCTAssertNotEqual(streamedID, id)
        let secondReply = try await serve.get("/v1/switchboard/requests/\(streamedID)")
        let second = try XCTUnwrap(try secondReply.json()["data"] as? [String: Any], secondReply.text)
        XCTAssertEqual(second["status"] as? String, "complete")
        XCTAssertEqual((second["attempts"] as? [[String: Any]])?.count, 1)

        // A request retried after an upstream 500: the failed attempt (its class, status and message), then the
        // one that answered; the total is what the answer cost, the failure used no tokens.
        fixture.faults.enqueue(.status(500))
        let retried = try await serve.post("/v1/chat/completions", json: chat)
        XCTAssertEqual(retried.status, 200, retried.text)
        let retriedID = try XCTUnwrap(retried.header("x-switchboard-request-id"))
        XCTAssertEqual(retried.header("x-switchboard-attempts"), "2")
        let retriedReply = try await serve.get("/v1/switchboard/requests/\(retriedID)")
        let retriedData = try XCTUnwrap(try retriedReply.json()["data"] as? [String: Any], retriedReply.text)
        let tried = try XCTUnwrap(retriedData["attempts"] as? [[String: Any]])
        XCTAssertEqual(tried.map { $0["ordinal"] as? Int }, [1, 2])
        XCTAssertEqual(tried.map { $0["status"] as? String }, ["server", "success"])
        XCTAssertEqual(tried.first?["http_status"] as? Int, 500)
        let error = try XCTUnwrap(tried.first?["error"] as? [String: Any], "\(tried)")
        XCTAssertEqual(error["type"] as? String, "server")
        XCTAssertEqual(error["after_first_token"] as? Bool, false)
        XCTAssertNotNil(error["message"] as? String, "\(error)")
        XCTAssertTrue(tried.first?["cost"] is NSNull, "\(tried)")
        XCTAssertEqual(Self.decimal(retriedReply.text, member: "total_cost"), Decimal(string: retried.header("x-switchboard-cost") ?? ""))

        // A request every attempt of which failed.
        for _ in 0..<10 { fixture.faults.enqueue(.status(500)) }
        let failed = try await serve.post("/v1/chat/completions", json: chat)
        fixture.faults.removeAll()
        XCTAssertEqual(failed.status, 502, failed.text)
        let failedID = try XCTUnwrap(failed.header("x-switchboard-request-id"))
        let failureReply = try await serve.get("/v1/switchboard/requests/\(failedID)")
        let failure = try XCTUnwrap(try failureReply.json()["data"] as? [String: Any], failureReply.text)
        XCTAssertEqual(failure["status"] as? String, "failed")
        let all = try XCTUnwrap(failure["attempts"] as? [[String: Any]])
        XCTAssertEqual(all.count, Int(failed.header("x-switchboard-attempts") ?? ""), failureReply.text)
        XCTAssertEqual(Set(all.map { $0["status"] as? String }), ["server"])
        XCTAssertEqual(Self.decimal(failureReply.text, member: "total_cost"), 0)
    }

    func testAnUnknownIdIsA404InOpenAIsErrorShape() async throws {
        let serve = try LiveServe.start(cli, ["--no-auth", "--db", database])
        defer { serve.stop() }
        for id in [UUID().uuidString.lowercased(), "not-a-request"] {
            let reply = try await serve.get("/v1/switchboard/requests/\(id)")
            XCTAssertEqual(reply.status, 404, reply.text)
            let error = try XCTUnwrap(try reply.json()["error"] as? [String: Any], reply.text)
            XCTAssertEqual(error["code"] as? String, "request_not_found")
            XCTAssertEqual(error["type"] as? String, "invalid_request_error")
            XCTAssertTrue((error["message"] as? String)?.contains(id) == true, reply.text)
        }
    }

    func testTheLookupNeedsAKeyLikeEveryEndpoint() async throws {
        let created = try cli.run(["keys", "create", "lookup", "--db", database])
        XCTAssertEqual(created.status, 0, created.stderr)
        let key = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let serve = try LiveServe.start(cli, ["--db", database])
        defer { serve.stop() }

        let answered = try await serve.post("/v1/chat/completions", json: chat, key: key)
        XCTAssertEqual(answered.status, 200, answered.text)
        let id = try XCTUnwrap(answered.header("x-switchboard-request-id"))
        let path = "/v1/switchboard/requests/\(id)"
        let anonymous = try await serve.get(path)
        XCTAssertEqual(anonymous.status, 401, anonymous.text)
        XCTAssertNotNil(try anonymous.json()["error"] as? [String: Any], anonymous.text)
        XCTAssertFalse(anonymous.text.contains(id), "a refused lookup says nothing of the request")
        let wrong = try await serve.get(path, key: "sb-" + String(repeating: "0", count: 64))
        XCTAssertEqual(wrong.status, 401, wrong.text)
        let allowed = try await serve.get(path, key: key)
        XCTAssertEqual(allowed.status, 200, allowed.text)
        XCTAssertEqual((try allowed.json()["data"] as? [String: Any])?["id"] as? String, id)
    }

    /// A member's number exactly as written (JSONSerialization would round it through Double).
    static func decimal(_ text: String, member: String) -> Decimal? {
        guard let range = text.range(of: "\"\(member)\":") else { return nil }
        let digits = text[range.upperBound...].prefix { "0123456789.-eE".contains($0) }
        return Decimal(string: String(digits), locale: Locale(identifier: "en_US_POSIX"))
    }
}
