import Foundation
import SwitchboardCore
import SwitchboardTestSupport
import XCTest

/// `POST /v1/messages` and `/v1/messages/count_tokens` as Anthropic's own clients see them: the official
/// `anthropic` Python SDK (and curl for the raw SSE) against the real `serve` binary, with OpenAI-wire and
/// Anthropic-wire providers on a loopback fixture behind it, so the same Anthropic answer comes from either.
final class AnthropicSDKTests: XCTestCase {
    private var cli: CLIRunner!
    private var fixture: ProviderFixture!
    private var serve: GatewayServeProcess?
    private var db: String { cli.home.appendingPathComponent("gateway.sqlite").path }

    static let answer = FixtureAnswer(text: "Routed through Switchboard, answered in Anthropic's own words.", chunkCount: 9)
    static let models = ["openai/gpt-4o-mini", "anthropic/claude-sonnet-4-5"]

    override func setUp() async throws {
        try GatewaySDKScript.require("anthropic")
        fixture = try await ProviderFixture.start(.init(answer: Self.answer))
        cli = try CLIRunner(extraEnvironment: [
            "OPENAI_API_KEY": "sk-fixture-0001", "OPENAI_BASE_URL": fixture.openAIBaseURL.absoluteString,
            "ANTHROPIC_API_KEY": "sk-ant-fixture-0001", "ANTHROPIC_BASE_URL": fixture.anthropicBaseURL.absoluteString,
        ])
        serve = try GatewayServeProcess.start(cli, ["--no-auth", "--db", db])
    }

    override func tearDown() async throws {
        _ = serve?.stop(signal: SIGKILL)
        try await fixture?.shutdown()
        cli?.cleanUp()
    }

    private func sdk(_ step: String, _ model: String, key: String = "sk-ant-client-unused") throws -> [String: Any] {
        let server = try XCTUnwrap(serve)
        return try GatewaySDKScript.run("anthropic_client_check.py", [step, model], environment: [
            "ANTHROPIC_BASE_URL": server.baseURL, "ANTHROPIC_API_KEY": key,
        ])
    }

    /// The fixture's usage in Anthropic's words: input excludes the 8 cached tokens, reported apart.
    static let expectedUsage: [String: Int] = [
        "input_tokens": FixtureAnswer.standardUsage.input, "output_tokens": FixtureAnswer.standardUsage.output,
        "cache_read_input_tokens": FixtureAnswer.standardUsage.cacheRead, "cache_creation_input_tokens": 0,
    ]

    /// Streamed and not, through an OpenAI-wire and an Anthropic-wire provider: the same text, stop reason and
    /// usage — the stream's input count arrives in `message_delta` and the SDK's final message has it.
    func testTextStreamedAndNotAgreeWhicheverWireServesIt() throws {
        for model in Self.models {
            let result = try sdk("text", model)
            XCTAssertEqual(result["whole_text"] as? String, Self.answer.text, model)
            XCTAssertEqual(result["stream_text"] as? String, Self.answer.text, model)
            XCTAssertGreaterThan(result["stream_pieces"] as? Int ?? 0, 1, "\(model) streamed in pieces")
            XCTAssertEqual(result["whole_stop"] as? String, "end_turn", model)
            XCTAssertEqual(result["stream_stop"] as? String, "end_turn", model)
            XCTAssertEqual(result["whole_usage"] as? [String: Int], Self.expectedUsage, model)
            XCTAssertEqual(result["stream_usage"] as? [String: Int], result["whole_usage"] as? [String: Int], model)
            XCTAssertEqual(result["whole_model"] as? String, model)
            XCTAssertTrue((result["whole_id"] as? String ?? "").hasPrefix("msg_"))
        }
        // Each request was recorded in the history like any other turn: naming no conversation, all four in the
        // day's session of requests without a key.
        let list = try cli.run(["history", "list", "--json", "--db", db])
        let sessions = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]], list.stderr)
        XCTAssertEqual(sessions.count, 1, list.stdout)
        let id = try XCTUnwrap(sessions.first?["id"] as? String)
        let shown = try jsonObject(try cli.run(["history", "show", id, "--json", "--db", db]).stdout)
        let replies = try XCTUnwrap(shown["messages"] as? [[String: Any]]).filter { $0["role"] as? String == "assistant" }
        XCTAssertEqual(replies.map { $0["text"] as? String }, Array(repeating: Self.answer.text, count: 4))
    }

    /// A tool call comes back as a `tool_use` block (streamed as `input_json_delta`), and the client's
    /// `tool_result` reaches the upstream as that wire's tool message.
    func testToolRoundTrip() throws {
        var calling = FixtureAnswer(text: "", chunkCount: 1, finish: .toolCalls)
        calling.toolCalls = [FixtureToolCall(id: "call_abc", name: "get_weather", argumentChunks: [#"{"ci"#, #"ty":"Paris"}"#])]
        fixture.update { $0.answer = calling }
        let call = try sdk("tool-call", "openai/gpt-4o-mini")
        for key in ["whole_calls", "stream_calls"] {
            let calls = try XCTUnwrap(call[key] as? [[String: Any]], "\(call)")
            XCTAssertEqual(calls.count, 1, key)
            XCTAssertEqual(calls.first?["id"] as? String, "call_abc", key)
            XCTAssertEqual(calls.first?["name"] as? String, "get_weather", key)
            XCTAssertEqual(calls.first?["input"] as? [String: String], ["city": "Paris"], key)
        }
        XCTAssertEqual(call["whole_stop"] as? String, "tool_use")
        XCTAssertEqual(call["stream_stop"] as? String, "tool_use")

        fixture.update { $0.answer = Self.answer }
        let answered = try sdk("tool-result", "openai/gpt-4o-mini")
        XCTAssertEqual(answered["text"] as? String, Self.answer.text)
        let upstream = try XCTUnwrap(fixture.recordedRequests().last?.jsonBody())
        let messages = try XCTUnwrap(upstream["messages"] as? [[String: Any]])
        let tool = try XCTUnwrap(messages.first { $0["role"] as? String == "tool" }, "\(messages)")
        XCTAssertEqual(tool["tool_call_id"] as? String, "toolu_01")
        XCTAssertEqual(tool["content"] as? String, "18C and sunny")
        let assistant = try XCTUnwrap(messages.first { $0["role"] as? String == "assistant" })
        let sent = try XCTUnwrap((assistant["tool_calls"] as? [[String: Any]])?.first?["function"] as? [String: Any])
        XCTAssertEqual(sent["name"] as? String, "get_weather")
        XCTAssertEqual(try jsonObject(sent["arguments"] as? String ?? "") as? [String: String], ["city": "Paris"])
    }

    /// Errors in Anthropic's shape and status, before the first byte (an unknown model: NotFoundError) and
    /// after it (an upstream break: `event: error`, which the SDK raises, never a quietly short answer).
    func testErrorsBeforeAndAfterTheFirstByte() throws {
        let missing = try sdk("unknown-model", "unused")
        XCTAssertEqual(missing["raised"] as? String, "NotFoundError")
        XCTAssertEqual(missing["status"] as? Int, 404)
        XCTAssertEqual(missing["type"] as? String, "not_found_error")
        XCTAssertEqual(missing["shape"] as? String, "error")
        XCTAssertTrue((missing["message"] as? String ?? "").contains("unknown model 'no-such-model-xyz'"), "\(missing)")

        fixture.faults.enqueue(.midStreamErrorAfter(chunks: 3))
        let broken = try sdk("mid-stream-error", "openai/gpt-4o-mini")
        XCTAssertEqual(broken["raised"] as? String, "APIStatusError", "\(broken)")
        XCTAssertGreaterThan(broken["pieces"] as? Int ?? 0, 0, "text arrived before the break")
        XCTAssertTrue((broken["message"] as? String ?? "").contains("broke off"), "\(broken)")
    }

    /// count_tokens answers from the bundled tokenizer: exact for an OpenAI model, estimated (and said so) for
    /// Claude, whose tokenizer is not public; never zero.
    func testCountTokensSaysWhetherItIsAnEstimate() throws {
        let claude = try sdk("count", "anthropic/claude-sonnet-4-5")
        XCTAssertEqual(claude["estimated"] as? String, "true")
        XCTAssertGreaterThan(claude["input_tokens"] as? Int ?? 0, 0)
        let gpt = try sdk("count", "openai/gpt-4o-mini")
        XCTAssertEqual(gpt["estimated"] as? String, "false")
        XCTAssertGreaterThan(gpt["input_tokens"] as? Int ?? 0, 0)
    }

    /// The raw stream: every event line names its payload's type, in the documented order, with the gateway's
    /// headers; `x-api-key` and `anthropic-version` are accepted.
    func testRawSSEShape() throws {
        let server = try XCTUnwrap(serve)
        let reply = try server.curl("/v1/messages", ["-N", "-H", "x-api-key: sk-ant-client", "-H", "anthropic-version: 2023-06-01"],
                                    body: #"{"model":"anthropic/claude-sonnet-4-5","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"hi"}]}"#)
        XCTAssertEqual(reply.status, 200, reply.body)
        XCTAssertEqual(reply.headers["content-type"], "text/event-stream")
        XCTAssertEqual(reply.headers["x-switchboard-provider"], "anthropic")
        XCTAssertNotNil(reply.headers["x-switchboard-request-id"])
        var names: [String] = []
        for frame in reply.body.components(separatedBy: "\n\n") where !frame.isEmpty {
            let lines = frame.components(separatedBy: "\n")
            XCTAssertEqual(lines.count, 2, frame)
            let name = String(try XCTUnwrap(lines.first?.dropFirst("event: ".count)))
            let data = try jsonObject(String(try XCTUnwrap(lines.last?.dropFirst("data: ".count))))
            XCTAssertEqual(data["type"] as? String, name, frame)
            names.append(name)
        }
        let deltas = Self.answer.chunks.count
        XCTAssertEqual(names, ["message_start", "ping", "content_block_start"]
                       + Array(repeating: "content_block_delta", count: deltas)
                       + ["content_block_stop", "message_delta", "message_stop"])

        let bad = try server.curl("/v1/messages", [], body: #"{"model":"anthropic/claude-sonnet-4-5","messages":[{"role":"user","content":"hi"}]}"#)
        XCTAssertEqual(bad.status, 400)
        XCTAssertEqual(try bad.json()["type"] as? String, "error")
        XCTAssertEqual((try bad.json()["error"] as? [String: String])?["type"], "invalid_request_error")
        XCTAssertEqual((try bad.json()["error"] as? [String: String])?["message"], "max_tokens: Field required")

        // Not streamed, the cost is known before the body and goes in its header.
        let whole = try server.curl("/v1/messages", [], body: #"{"model":"openai/gpt-4o-mini","max_tokens":64,"messages":[{"role":"user","content":"hi"}]}"#)
        XCTAssertEqual(whole.status, 200, whole.body)
        XCTAssertEqual(whole.headers["x-switchboard-attempts"], "1")
        XCTAssertGreaterThan(Decimal(string: whole.headers["x-switchboard-cost"] ?? "") ?? 0, 0, "\(whole.headers)")

        // Every request is counted in /metrics under its endpoint, the refused one with its error class.
        let metrics = try server.curl("/metrics").body
        let requests = metrics.components(separatedBy: "\n").filter { $0.contains("requests") && $0.contains(#"endpoint="messages""#) }
        XCTAssertTrue(requests.contains { $0.contains(#"status="200""#) && $0.hasSuffix(" 2") }, "\(requests)")
        XCTAssertTrue(requests.contains { $0.contains(#"status="400""#) && $0.hasSuffix(" 1") }, "\(requests)")
        XCTAssertTrue(metrics.contains(#"endpoint="messages""#) && metrics.contains("invalid_request_error"), metrics)
    }

    /// With virtual keys, the key Anthropic's SDK sends as `x-api-key` is checked like a Bearer one: a good key
    /// is served, an unknown one is Anthropic's 401 `authentication_error`, a model outside the key's patterns
    /// its 403 `permission_error`.
    func testVirtualKeysArriveAsXAPIKey() throws {
        let created = try cli.run(["keys", "create", "claude-code", "--models", "openai/*", "--db", db])
        XCTAssertEqual(created.status, 0, created.stderr)
        let key = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        _ = serve?.stop(signal: SIGKILL)
        serve = try GatewayServeProcess.start(cli, ["--db", db])

        let served = try sdk("text", "openai/gpt-4o-mini", key: key)
        XCTAssertEqual(served["whole_text"] as? String, Self.answer.text)
        let unknown = try sdk("refused", "openai/gpt-4o-mini", key: "sb-" + String(repeating: "0", count: 64))
        XCTAssertEqual(unknown["raised"] as? String, "AuthenticationError", "\(unknown)")
        XCTAssertEqual(unknown["status"] as? Int, 401)
        XCTAssertEqual(unknown["type"] as? String, "authentication_error")
        let outside = try sdk("refused", "anthropic/claude-sonnet-4-5", key: key)
        XCTAssertEqual(outside["raised"] as? String, "PermissionDeniedError", "\(outside)")
        XCTAssertEqual(outside["status"] as? Int, 403)
        XCTAssertEqual(outside["type"] as? String, "permission_error")
    }

    /// Tags come from `X-Switchboard-Tag` and from `metadata` (Claude Code's `metadata.user_id`), and
    /// `spend --by tag` counts the request under each.
    func testTagsFromTheHeaderAndMetadata() throws {
        let server = try XCTUnwrap(serve)
        let reply = try server.curl("/v1/messages", ["-H", "X-Switchboard-Tag: team-a"],
                                    body: #"{"model":"openai/gpt-4o-mini","max_tokens":16,"metadata":{"user_id":"u-42"},"messages":[{"role":"user","content":"hi"}]}"#)
        XCTAssertEqual(reply.status, 200, reply.body)
        let spend = try cli.run(["spend", "--by", "tag", "--json", "--db", db])
        let rows = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(spend.stdout.utf8)) as? [[String: Any]], spend.stderr)
        let tags = Dictionary(uniqueKeysWithValues: rows.compactMap { row in (row["key"] as? String).map { ($0, row["requests"] as? Int) } })
        XCTAssertEqual(tags["team-a"], 1, "\(rows)")
        XCTAssertEqual(tags["user_id:u-42"], 1, "\(rows)")
    }

    /// A client that closes mid-stream stops the upstream request, and the partial answer is recorded as
    /// cancelled (the responder shared by /v1/messages and /v1/responses).
    func testAClientThatLeavesMidStreamStopsTheUpstreamRequest() async throws {
        // 9 chunks a second apart: the whole answer would take 9 s.
        fixture.update { $0.pacing = .seconds(1) }
        let server = try XCTUnwrap(serve)
        let started = Date()
        let body = #"{"model":"openai/gpt-4o-mini","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"hi"}]}"#
        // curl gives up after 2.5 s and closes its connection.
        _ = try? GatewayServeProcess.run("/usr/bin/env", ["curl", "-sS", "-N", "--max-time", "2.5", "-H", "content-type: application/json",
                                                          "--data-binary", body, server.baseURL + "/v1/messages"])
        let stopped = await fixture.server.waitForClosedConnections(1, timeout: .seconds(4))
        XCTAssertTrue(stopped, "serve closed its upstream connection when the client left")
        XCTAssertLessThan(Date().timeIntervalSince(started), 7, "long before the 9 s answer would have ended")
        var stored: [String: Any] = [:]
        for _ in 0..<50 {
            stored = try GatewaySDKScript.storedReply(cli, db: db)
            if stored["status"] as? String == "cancelled" { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        XCTAssertEqual(stored["status"] as? String, "cancelled", "\(stored)")
        let text = stored["text"] as? String ?? ""
        XCTAssertFalse(text.isEmpty)
        XCTAssertLessThan(text.count, Self.answer.text.count)
    }
}
