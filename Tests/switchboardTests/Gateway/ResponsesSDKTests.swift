import Foundation
import SwitchboardCore
import SwitchboardTestSupport
import XCTest

/// `POST /v1/responses` as Codex CLI and the official `openai` Python SDK use it (and curl for the raw SSE),
/// against the real `serve` binary with an OpenAI-compatible provider on a loopback fixture behind it.
final class ResponsesSDKTests: XCTestCase {
    private var cli: CLIRunner!
    private var fixture: ProviderFixture!
    private var serve: GatewayServeProcess?
    private var db: String { cli.home.appendingPathComponent("gateway.sqlite").path }

    static let answer = FixtureAnswer(text: "Codex asked, Switchboard routed, the fixture answered.", chunkCount: 7)
    static let model = "openai/gpt-4o-mini"

    override func setUp() async throws {
        try GatewaySDKScript.require("openai")
        fixture = try await ProviderFixture.start(.init(answer: Self.answer))
        cli = try CLIRunner(extraEnvironment: [
            "OPENAI_API_KEY": "sk-fixture-0001", "OPENAI_BASE_URL": fixture.openAIBaseURL.absoluteString,
        ])
        serve = try GatewayServeProcess.start(cli, ["--no-auth", "--db", db])
    }

    override func tearDown() async throws {
        _ = serve?.stop(signal: SIGKILL)
        try await fixture?.shutdown()
        cli?.cleanUp()
    }

    private func sdk(_ step: String) throws -> [String: Any] {
        let server = try XCTUnwrap(serve)
        return try GatewaySDKScript.run("responses_client_check.py", [step, Self.model], environment: [
            "OPENAI_BASE_URL": server.baseURL + "/v1", "OPENAI_API_KEY": "sk-client-unused",
        ])
    }

    /// Text in and out, streamed and not: the same text, `completed`, and the same usage (input counts the
    /// cached tokens too, as OpenAI reports it).
    func testTextStreamedAndNot() throws {
        let result = try sdk("text")
        XCTAssertEqual(result["whole_text"] as? String, Self.answer.text)
        XCTAssertEqual(result["stream_text"] as? String, Self.answer.text)
        XCTAssertEqual(result["stream_final_text"] as? String, Self.answer.text)
        XCTAssertEqual(result["stream_pieces"] as? Int, Self.answer.chunks.count)
        XCTAssertEqual(result["whole_status"] as? String, "completed")
        XCTAssertEqual(result["stream_status"] as? String, "completed")
        let usage = FixtureAnswer.standardUsage
        let expected = ["input_tokens": usage.promptTotal, "output_tokens": usage.output,
                        "total_tokens": usage.total, "cached_tokens": usage.cacheRead]
        XCTAssertEqual(result["whole_usage"] as? [String: Int], expected)
        XCTAssertEqual(result["stream_usage"] as? [String: Int], expected)
        let types = try XCTUnwrap(result["stream_types"] as? [String])
        XCTAssertEqual(types.first, "response.created")
        XCTAssertEqual(types.last, "response.completed")
        XCTAssertTrue((result["whole_id"] as? String ?? "").hasPrefix("resp_"))
    }

    /// A Codex-style request (instructions, developer message, a function tool, store off, reasoning asked for):
    /// the model's call streams as a function_call item with its arguments, and its output goes back upstream as
    /// a tool message.
    func testCodexStyleFunctionCallRoundTrip() throws {
        var calling = FixtureAnswer(text: "", chunkCount: 1, finish: .toolCalls)
        calling.toolCalls = [FixtureToolCall(id: "call_ls", name: "shell", argumentChunks: [#"{"command":"#, #"["ls","-a"]}"#])]
        fixture.update { $0.answer = calling }
        let call = try sdk("codex")
        let expected = [["call_id": "call_ls", "name": "shell", "arguments": #"{"command":["ls","-a"]}"#]]
        XCTAssertEqual(call["stream_calls"] as? [[String: String]], expected)
        XCTAssertEqual(call["final_calls"] as? [[String: String]], expected)
        XCTAssertEqual(call["whole_calls"] as? [[String: String]], expected)
        XCTAssertEqual(call["status"] as? String, "completed")
        let types = try XCTUnwrap(call["stream_types"] as? [String])
        XCTAssertTrue(types.contains("response.function_call_arguments.delta"), "\(types)")
        XCTAssertTrue(types.contains("response.function_call_arguments.done"), "\(types)")
        // The request reached the provider as Chat Completions: the instructions and developer text as system
        // messages, the function as a tool.
        let first = try XCTUnwrap(fixture.recordedRequests().last?.jsonBody())
        let sentTools = try XCTUnwrap(first["tools"] as? [[String: Any]])
        XCTAssertEqual((sentTools.first?["function"] as? [String: Any])?["name"] as? String, "shell")

        fixture.update { $0.answer = Self.answer }
        let answered = try sdk("tool-result")
        XCTAssertEqual(answered["text"] as? String, Self.answer.text)
        let upstream = try XCTUnwrap(fixture.recordedRequests().last?.jsonBody())
        let messages = try XCTUnwrap(upstream["messages"] as? [[String: Any]])
        let tool = try XCTUnwrap(messages.first { $0["role"] as? String == "tool" }, "\(messages)")
        XCTAssertEqual(tool["tool_call_id"] as? String, "call_1")
        XCTAssertEqual(tool["content"] as? String, "a.txt\nb.txt")
    }

    /// Codex's freeform `apply_patch` tool: the routed model gets a function taking `{"input": text}`, and its
    /// call comes back to Codex as a `custom_tool_call` with the patch text, streamed and not.
    func testCodexFreeformPatchToolRoundTrip() throws {
        let patch = "*** Begin Patch\n*** Add File: hello.txt\n+hi\n*** End Patch"
        var calling = FixtureAnswer(text: "", chunkCount: 1, finish: .toolCalls)
        let arguments = String(decoding: try JSONSerialization.data(withJSONObject: ["input": patch]), as: UTF8.self)
        calling.toolCalls = [FixtureToolCall(id: "call_patch", name: "apply_patch", argumentChunks: [arguments])]
        fixture.update { $0.answer = calling }
        let result = try sdk("codex-patch")
        let expected = [["call_id": "call_patch", "name": "apply_patch", "input": patch]]
        XCTAssertEqual(result["stream_patches"] as? [[String: String]], expected, "\(result)")
        XCTAssertEqual(result["final_patches"] as? [[String: String]], expected)
        XCTAssertEqual(result["whole_patches"] as? [[String: String]], expected)
        let upstream = try XCTUnwrap(fixture.recordedRequests().last?.jsonBody())
        let tools = try XCTUnwrap(upstream["tools"] as? [[String: Any]])
        let function = try XCTUnwrap(tools.compactMap { $0["function"] as? [String: Any] }.first { $0["name"] as? String == "apply_patch" })
        XCTAssertEqual((function["parameters"] as? [String: Any])?["required"] as? [String], ["input"])
        XCTAssertTrue((function["description"] as? String ?? "").contains("lark grammar"), "\(function)")
    }

    func testUnknownModelIsNotFoundInOpenAIShape() throws {
        let missing = try sdk("unknown-model")
        XCTAssertEqual(missing["raised"] as? String, "NotFoundError")
        XCTAssertEqual(missing["status"] as? Int, 404)
        XCTAssertTrue((missing["message"] as? String ?? "").contains("unknown model 'no-such-model-xyz'"), "\(missing)")
    }

    /// The raw stream: `event:` names the payload's type, sequence numbers count up from 0, and there is no
    /// `[DONE]`; an upstream break after the first byte ends in `response.failed`.
    func testRawSSEShapeAndAFailureAfterTheFirstByte() throws {
        let server = try XCTUnwrap(serve)
        let body = #"{"model":"openai/gpt-4o-mini","input":"hi","stream":true}"#
        let reply = try server.curl("/v1/responses", ["-N"], body: body)
        XCTAssertEqual(reply.status, 200, reply.body)
        XCTAssertEqual(reply.headers["content-type"], "text/event-stream")
        let frames = try Self.frames(reply.body)
        XCTAssertEqual(frames.map { $0.1["sequence_number"] as? Int }, Array(0..<frames.count).map(Optional.some))
        XCTAssertEqual(frames.last?.0, "response.completed")
        XCTAssertFalse(reply.body.contains("[DONE]"))

        fixture.faults.enqueue(.midStreamErrorAfter(chunks: 2))
        let broken = try Self.frames(try server.curl("/v1/responses", ["-N"], body: body).body)
        XCTAssertTrue(broken.contains { $0.0 == "response.output_text.delta" })
        XCTAssertEqual(broken.last?.0, "response.failed")
        let failed = try XCTUnwrap(broken.last?.1["response"] as? [String: Any])
        XCTAssertEqual(failed["status"] as? String, "failed")
        XCTAssertEqual((failed["error"] as? [String: Any])?["code"] as? String, "upstream_incomplete")
    }

    /// SIGTERM while a Responses stream is open: after the drain the client gets `response.failed` (code
    /// `cancelled`), never a `response.completed` for half an answer, the partial is recorded as cancelled and
    /// serve exits 0.
    func testSIGTERMMidStreamEndsInResponseFailed() throws {
        fixture.update { $0.pacing = .milliseconds(500) }
        _ = serve?.stop(signal: SIGKILL)
        let server = try GatewayServeProcess.start(cli, ["--no-auth", "--db", db, "--drain-seconds", "1"])
        serve = server
        let output = GatewayOutput()
        let client = Process()
        client.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        client.arguments = ["curl", "-sS", "-N", "-H", "content-type: application/json", "--data-binary",
                            #"{"model":"openai/gpt-4o-mini","input":"hi","stream":true}"#, server.baseURL + "/v1/responses"]
        let pipe = Pipe()
        client.standardOutput = pipe
        client.standardError = FileHandle.nullDevice
        pipe.fileHandleForReading.readabilityHandler = { output.append($0.availableData, isOut: true) }
        try client.run()
        let deadline = Date().addingTimeInterval(10)
        while !output.stdout.contains("response.output_text.delta") && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        XCTAssertTrue(output.stdout.contains("response.output_text.delta"), "the answer began")

        XCTAssertEqual(server.stop(signal: SIGTERM, timeout: 10), 0, server.stderr)
        client.waitUntilExit()
        Thread.sleep(forTimeInterval: 0.05)
        output.append(pipe.fileHandleForReading.readDataToEndOfFile(), isOut: true)
        let frames = try Self.frames(output.stdout)
        XCTAssertEqual(frames.last?.0, "response.failed", output.stdout)
        let failed = try XCTUnwrap(frames.last?.1["response"] as? [String: Any])
        XCTAssertEqual((failed["error"] as? [String: Any])?["code"] as? String, "cancelled")
        XCTAssertFalse(frames.contains { $0.0 == "response.completed" })

        let stored = try GatewaySDKScript.storedReply(cli, db: db)
        XCTAssertEqual(stored["status"] as? String, "cancelled", "\(stored)")
        XCTAssertFalse((stored["text"] as? String ?? "").isEmpty, "the partial answer is kept")
    }

    private static func frames(_ body: String) throws -> [(String, [String: Any])] {
        var out: [(String, [String: Any])] = []
        for frame in body.components(separatedBy: "\n\n") where !frame.isEmpty {
            let lines = frame.components(separatedBy: "\n")
            XCTAssertEqual(lines.count, 2, frame)
            let name = String(try XCTUnwrap(lines.first?.dropFirst("event: ".count)))
            let data = try jsonObject(String(try XCTUnwrap(lines.last?.dropFirst("data: ".count))))
            XCTAssertEqual(data["type"] as? String, name, frame)
            out.append((name, data))
        }
        return out
    }
}
