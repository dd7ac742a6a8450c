import Foundation
import SwitchboardCore
import SwitchboardTestSupport
import XCTest

/// `switchboard serve` as a client sees it: the real binary over real HTTP (curl), an OpenAI-compatible provider
/// on a loopback fixture behind it, and the history database it records into.
final class GatewayServeTests: XCTestCase {
    private var cli: CLIRunner!
    private var fixture: ProviderFixture!
    private var serve: GatewayServeProcess?
    private var db: String { cli.home.appendingPathComponent("gateway.sqlite").path }

    static let answer = FixtureAnswer(text: "The gateway streams this answer back in pieces, word by word.", chunkCount: 12)

    override func setUp() async throws {
        cli = try CLIRunner()
        fixture = try await ProviderFixture.start(.init(answer: Self.answer))
        try cli.writeConfig("""
            default_model = "openai/gpt-4o-mini"

            [providers.openai]
            base_url = "\(fixture.openAIBaseURL.absoluteString)"
            """)
    }

    override func tearDown() async throws {
        _ = serve?.stop(signal: SIGKILL)
        try await fixture?.shutdown()
        cli?.cleanUp()
    }

    private func start(_ arguments: [String] = []) throws -> GatewayServeProcess {
        let started = try GatewayServeProcess.start(cli, ["--no-auth", "--db", db] + arguments,
                                                    extraEnvironment: ["OPENAI_API_KEY": "sk-gateway-test-0001"])
        serve = started
        return started
    }

    private func chat(_ fields: String, model: String = "openai/gpt-4o-mini") -> String {
        #"{"model":"\#(model)","messages":[{"role":"user","content":"say something"}]\#(fields.isEmpty ? "" : "," + fields)}"#
    }

    /// The one stored reply of the only session, with its attempts.
    private func storedReply() throws -> [String: Any] {
        let list = try cli.run(["history", "list", "--json", "--db", db])
        let sessions = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]], list.stderr)
        XCTAssertEqual(sessions.count, 1, "\(sessions)")
        let id = try XCTUnwrap(sessions.first?["id"] as? String)
        let shown = try jsonObject(try cli.run(["history", "show", id, "--json", "--db", db]).stdout)
        let messages = try XCTUnwrap(shown["messages"] as? [[String: Any]])
        return try XCTUnwrap(messages.last { $0["role"] as? String == "assistant" }, "\(messages)")
    }

    func testStreamedChunksEndWithUsageCostAndDone() throws {
        let server = try start()
        let reply = try server.curl("/v1/chat/completions", ["-N"],
                                    body: chat(#""stream":true,"stream_options":{"include_usage":true}"#))
        XCTAssertEqual(reply.status, 200, reply.body)
        XCTAssertEqual(reply.headers["content-type"], "text/event-stream")
        XCTAssertEqual(reply.headers["x-switchboard-provider"], "openai")
        XCTAssertEqual(reply.headers["x-switchboard-model"], "openai/gpt-4o-mini")
        XCTAssertEqual(reply.headers["x-switchboard-attempts"], "1")
        let requestID = try XCTUnwrap(reply.headers["x-switchboard-request-id"])
        XCTAssertNotNil(UUID(uuidString: requestID))

        let events = reply.events
        XCTAssertEqual(events.last, "[DONE]")
        let chunks = try events.dropLast().map { try jsonObject($0) }
        XCTAssertTrue(chunks.allSatisfy { $0["object"] as? String == "chat.completion.chunk" })
        XCTAssertEqual(Set(chunks.compactMap { $0["id"] as? String }).count, 1, "one id for the whole stream")
        let deltas = chunks.compactMap { (($0["choices"] as? [[String: Any]])?.first?["delta"]) as? [String: Any] }
        XCTAssertEqual(deltas.first?["role"] as? String, "assistant")
        XCTAssertEqual(deltas.compactMap { $0["content"] as? String }.joined(), Self.answer.text)
        XCTAssertGreaterThan(deltas.filter { !(($0["content"] as? String) ?? "").isEmpty }.count, 1, "streamed in pieces")
        let finish = chunks.compactMap { ($0["choices"] as? [[String: Any]])?.first?["finish_reason"] as? String }
        XCTAssertEqual(finish, ["stop"])

        let usageChunk = try XCTUnwrap(chunks.last)
        XCTAssertEqual((usageChunk["choices"] as? [Any])?.count, 0)
        let usage = try XCTUnwrap(usageChunk["usage"] as? [String: Any])
        XCTAssertEqual(usage["completion_tokens"] as? Int, FixtureAnswer.standardUsage.output)
        XCTAssertEqual(usage["prompt_tokens"] as? Int, FixtureAnswer.standardUsage.promptTotal)
        // The exact decimal as written in the body, equal to what the ledger stored for the turn.
        let costText = try XCTUnwrap(reply.body.range(of: #""cost":([0-9.]+)"#, options: .regularExpression)
            .map { String(reply.body[$0].dropFirst(7)) })
        let stored = try storedReply()
        XCTAssertEqual(stored["status"] as? String, "complete")
        XCTAssertEqual(stored["text"] as? String, Self.answer.text)
        XCTAssertEqual(Decimal(string: costText), Decimal(string: "\(try XCTUnwrap(stored["cost"]))"), "\(stored)")
    }

    func testNonStreamedBodyHeadersAndTheStoredTurn() throws {
        let server = try start()
        let reply = try server.curl("/v1/chat/completions", body: chat(""))
        XCTAssertEqual(reply.status, 200, reply.body)
        let body = try reply.json()
        XCTAssertEqual(body["object"] as? String, "chat.completion")
        let choice = try XCTUnwrap((body["choices"] as? [[String: Any]])?.first)
        XCTAssertEqual((choice["message"] as? [String: Any])?["content"] as? String, Self.answer.text)
        XCTAssertEqual(choice["finish_reason"] as? String, "stop")
        let usage = try XCTUnwrap(body["usage"] as? [String: Any])
        let cost = try XCTUnwrap(reply.headers["x-switchboard-cost"], "cost is known before the body: \(reply.headers)")
        XCTAssertEqual(Decimal(string: cost), Decimal(string: "\(try XCTUnwrap(usage["cost"]))"))
        XCTAssertEqual(body["id"] as? String, "chatcmpl-" + (reply.headers["x-switchboard-request-id"] ?? "?"))
        XCTAssertEqual(try storedReply()["status"] as? String, "complete")
        // What the provider received: the client's message, translated by the same adapter `ask` uses.
        let sent = try XCTUnwrap(fixture.recordedRequests().last)
        XCTAssertTrue(String(decoding: sent.body, as: UTF8.self).contains("say something"))
    }

    func testErrorsHaveTheirStatusOpenAIShapeAndRequestID() throws {
        let server = try start(["--max-body-mb", "1"])
        let unknown = try server.curl("/v1/chat/completions", body: chat("", model: "gpt-4o-mni"))
        XCTAssertEqual(unknown.status, 404, unknown.body)
        let error = try XCTUnwrap(try unknown.json()["error"] as? [String: Any])
        XCTAssertEqual(error["code"] as? String, "model_not_found")
        XCTAssertEqual(error["type"] as? String, "invalid_request_error")
        XCTAssertTrue((error["message"] as? String ?? "").contains("openai/gpt-4o-mini"), "close matches: \(error)")
        XCTAssertNotNil(unknown.headers["x-switchboard-request-id"])

        let bad = try server.curl("/v1/chat/completions", body: #"{"model":"openai/gpt-4o-mini","messages":"hi"}"#)
        XCTAssertEqual(bad.status, 400, bad.body)
        XCTAssertTrue(bad.body.contains("'messages'"), bad.body)

        let large = cli.home.appendingPathComponent("large.json")
        try Data(chat("").replacingOccurrences(of: "say something", with: String(repeating: "x", count: 1_200_000)).utf8).write(to: large)
        let tooLarge = try server.curl("/v1/chat/completions", ["-H", "content-type: application/json", "--data-binary", "@" + large.path])
        XCTAssertEqual(tooLarge.status, 413, tooLarge.body)
        XCTAssertEqual((try tooLarge.json()["error"] as? [String: Any])?["code"] as? String, "request_too_large")

        // Every attempt failed upstream: 502, naming the provider and its status. Nothing was stored as answered.
        fixture.faults.enqueue(.status(401), .status(401), .status(401))
        let upstream = try server.curl("/v1/chat/completions", body: chat(""))
        XCTAssertEqual(upstream.status, 502, upstream.body)
        let upstreamError = try XCTUnwrap(try upstream.json()["error"] as? [String: Any])
        XCTAssertEqual(upstreamError["type"] as? String, "upstream_error")
        let message = upstreamError["message"] as? String ?? ""
        XCTAssertTrue(message.contains("openai") && message.contains("401"), message)
        XCTAssertFalse(message.contains("sk-gateway-test-0001"), "keys never appear: \(message)")
        XCTAssertEqual(upstream.headers["x-switchboard-provider"], "openai")

        // A wait longer than the engine holds a turn for, and nowhere else to go: the client gets 429 and the wait.
        fixture.faults.enqueue(.status(429, retryAfter: .seconds(30)))
        let limited = try server.curl("/v1/chat/completions", body: chat(""))
        XCTAssertEqual(limited.status, 429, limited.body)
        XCTAssertEqual(limited.headers["retry-after"], "30")
        XCTAssertEqual((try limited.json()["error"] as? [String: Any])?["type"] as? String, "rate_limit_error")

        // Every one of them is counted by status and error class.
        let metrics = try server.curl("/metrics")
        XCTAssertEqual(metrics.status, 200)
        for line in [#"requests_total{endpoint="chat_completions",status="404"} 1"#,
                     #"requests_total{endpoint="chat_completions",status="413"} 1"#,
                     #"requests_total{endpoint="chat_completions",status="502"} 1"#,
                     #"errors_total{endpoint="chat_completions",class="upstream_error"} 1"#,
                     #"errors_total{endpoint="chat_completions",class="rate_limit_error"} 1"#] {
            XCTAssertTrue(metrics.body.contains("switchboard_gateway_" + line), "\(line) in \(metrics.body)")
        }
    }

    func testUpstreamBreakAfterTheFirstByteIsAnErrorEventWithoutDone() throws {
        let server = try start()
        fixture.faults.enqueue(.disconnectAfter(chunks: 3))
        let reply = try server.curl("/v1/chat/completions", ["-N"], body: chat(#""stream":true"#))
        XCTAssertEqual(reply.status, 200, "the head was sent with the first byte")
        let events = reply.events
        XCTAssertFalse(events.contains("[DONE]"), reply.body)
        let last = try jsonObject(try XCTUnwrap(events.last))
        let error = try XCTUnwrap(last["error"] as? [String: Any], "\(last)")
        XCTAssertEqual(error["code"] as? String, "upstream_incomplete")
        XCTAssertTrue((error["message"] as? String ?? "").contains("openai"), "\(error)")
        let stored = try storedReply()
        XCTAssertEqual(stored["status"] as? String, "incomplete")
        XCTAssertFalse((stored["text"] as? String ?? "").isEmpty, "what arrived is kept")
    }

    func testAClientThatLeavesMidStreamStopsTheUpstreamRequest() async throws {
        // 12 chunks a second apart: the whole answer would take 12 s.
        fixture.update { $0.pacing = .seconds(1) }
        let server = try start()
        let started = Date()
        // curl gives up after 2.5 s and closes its connection.
        _ = try? GatewayServeProcess.run("/usr/bin/env", ["curl", "-sS", "-N", "--max-time", "2.5", "-H", "content-type: application/json",
                                                          "--data-binary", chat(#""stream":true"#), server.baseURL + "/v1/chat/completions"])
        let stopped = await fixture.server.waitForClosedConnections(1, timeout: .seconds(4))
        XCTAssertTrue(stopped, "serve closed its upstream connection when the client left")
        XCTAssertLessThan(Date().timeIntervalSince(started), 9, "long before the 12 s answer would have ended")
        var stored: [String: Any] = [:]
        for _ in 0..<50 {
            stored = try storedReply()
            if stored["status"] as? String != "incomplete" || !(stored["attempts"] as? [[String: Any]] ?? []).isEmpty { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        XCTAssertEqual(stored["status"] as? String, "cancelled", "\(stored)")
        let text = stored["text"] as? String ?? ""
        XCTAssertFalse(text.isEmpty)
        XCTAssertLessThan(text.count, Self.answer.text.count)
        XCTAssertEqual((stored["attempts"] as? [[String: Any]])?.last?["outcome"] as? String, "cancelled")
    }

    func testSIGTERMMidStreamTellsTheClientRecordsThePartialAndExitsZero() throws {
        fixture.update { $0.pacing = .milliseconds(500) }
        let server = try start(["--drain-seconds", "1"])
        let output = GatewayOutput()
        let client = Process()
        client.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        client.arguments = ["curl", "-sS", "-N", "-H", "content-type: application/json", "--data-binary", chat(#""stream":true"#),
                            server.baseURL + "/v1/chat/completions"]
        let pipe = Pipe()
        client.standardOutput = pipe
        client.standardError = FileHandle.nullDevice
        pipe.fileHandleForReading.readabilityHandler = { output.append($0.availableData, isOut: true) }
        try client.run()
        let deadline = Date().addingTimeInterval(10)
        while !output.stdout.contains(#""content":"The"#) && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        XCTAssertTrue(output.stdout.contains("data: "), "the stream began")

        let stoppedAt = Date()
        XCTAssertEqual(server.stop(signal: SIGTERM, timeout: 10), 0, server.stderr)
        XCTAssertLessThan(Date().timeIntervalSince(stoppedAt), 6, "drained for 1 s, then stopped")
        client.waitUntilExit()
        Thread.sleep(forTimeInterval: 0.05)
        output.append(pipe.fileHandleForReading.readDataToEndOfFile(), isOut: true)
        let events = output.stdout.components(separatedBy: "\n").filter { $0.hasPrefix("data: ") }
        XCTAssertFalse(events.contains("data: [DONE]"), output.stdout)
        XCTAssertTrue(events.last?.contains(#""code":"cancelled""#) ?? false, "the client is told: \(events.last ?? "")")

        let stored = try storedReply()
        XCTAssertEqual(stored["status"] as? String, "cancelled", "\(stored)")
        XCTAssertFalse((stored["text"] as? String ?? "").isEmpty, "the partial answer is kept")
    }

    func testModelsHealthAndTheLoopbackRule() throws {
        let server = try start()
        let models = try server.curl("/v1/models")
        XCTAssertEqual(models.status, 200)
        let ids = try XCTUnwrap(try models.json()["data"] as? [[String: Any]]).compactMap { $0["id"] as? String }
        XCTAssertTrue(ids.contains("openai/gpt-4o-mini"))
        XCTAssertEqual(ids.last, "auto")
        let health = try server.curl("/health")
        XCTAssertEqual(health.status, 200)
        XCTAssertEqual(try health.json()["status"] as? String, "ok")
        XCTAssertNotNil(health.headers["x-switchboard-request-id"], "on every response: \(health.headers)")
        let nowhere = try server.curl("/v1/nowhere")
        XCTAssertEqual(nowhere.status, 404)
        XCTAssertEqual((try nowhere.json()["error"] as? [String: Any])?["code"] as? String, "not_found", nowhere.body)
        XCTAssertNotNil(nowhere.headers["x-switchboard-request-id"])

        let refused = try cli.run(["serve", "--host", "0.0.0.0", "--no-auth", "--db", db])
        XCTAssertEqual(refused.status, 2)
        XCTAssertTrue(refused.stderr.contains("loopback only"), refused.stderr)

        let taken = try cli.run(["serve", "--port", String(server.port), "--no-auth", "--db", db])
        XCTAssertEqual(taken.status, 2)
        XCTAssertTrue(taken.stderr.contains("cannot listen on http://127.0.0.1:\(server.port): the address is already in use"),
                      taken.stderr)
    }

    func testAClientThatLeavesBeforeANonStreamedAnswerStopsTheTurn() async throws {
        fixture.update { $0.pacing = .seconds(1) }
        let server = try start()
        _ = try? GatewayServeProcess.run("/usr/bin/env", ["curl", "-sS", "--max-time", "2", "-H", "content-type: application/json",
                                                          "--data-binary", chat(""), server.baseURL + "/v1/chat/completions"])
        let stopped = await fixture.server.waitForClosedConnections(1, timeout: .seconds(4))
        XCTAssertTrue(stopped, "serve closed its upstream connection when the client left")
        var stored: [String: Any] = [:]
        for _ in 0..<50 {
            stored = try storedReply()
            if stored["status"] as? String == "cancelled" { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        XCTAssertEqual(stored["status"] as? String, "cancelled", "\(stored)")
    }
}
