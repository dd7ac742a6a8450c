import Foundation
import SwitchboardCore
import SwitchboardTestSupport
import XCTest

/// Tool calls and thinking streamed through the real `serve` over HTTP on 127.0.0.1, as the official SDKs fold
/// them (`openai`'s chat stream helper, `anthropic`'s `get_final_message()`, the Responses events) and as the raw
/// SSE shows them: the arguments arrive in the upstream's pieces, not whole at the end; parallel calls keep their
/// own index; an Anthropic upstream's thinking signature reaches the client and no other upstream's does.
final class StreamedToolCallsSDKTests: XCTestCase {
    private var cli: CLIRunner!
    private var fixture: ProviderFixture!
    private var serve: GatewayServeProcess?
    private var db: String { cli.home.appendingPathComponent("gateway.sqlite").path }

    static let weather = FixtureToolCall(id: "call_w1", name: "get_weather", argumentChunks: [#"{"ci"#, #"ty":"Pa"#, #"ris"}"#])
    static let time = FixtureToolCall(id: "call_t1", name: "get_time", argumentChunks: [#"{"zo"#, #"ne":"#, #""CET"}"#])

    static func calling(interleaved: Bool = false) -> FixtureAnswer {
        var answer = FixtureAnswer(chunks: [], finish: .toolCalls)
        answer.toolCalls = [weather, time]
        answer.interleaveToolCalls = interleaved
        return answer
    }

    /// Thinking signed by the upstream, a redacted block (Anthropic only), then the two calls.
    static let thinking: FixtureAnswer = {
        var answer = calling()
        answer.reasoning = ["Both ", "tools ", "are needed."]
        answer.reasoningSignature = "sig-fixture-EqQBCgIYAhIM"
        answer.redactedThinking = ["opaque-redacted-1"]
        return answer
    }()

    override func setUp() async throws {
        try GatewaySDKScript.require("anthropic")
        try GatewaySDKScript.require("openai")
        fixture = try await ProviderFixture.start(.init(answer: Self.thinking, answersByModel: [
            "gpt-4o-mini": Self.calling(), "gpt-4o": Self.calling(interleaved: true),
        ]))
        cli = try CLIRunner(extraEnvironment: [
            "OPENAI_API_KEY": "sk-fixture-0001", "OPENAI_BASE_URL": fixture.openAIBaseURL.absoluteString,
            "ANTHROPIC_API_KEY": "sk-ant-fixture-0001", "ANTHROPIC_BASE_URL": fixture.anthropicBaseURL.absoluteString,
            "OPENROUTER_API_KEY": "sk-or-fixture-0001", "OPENROUTER_BASE_URL": fixture.openRouterBaseURL.absoluteString,
        ])
        serve = try GatewayServeProcess.start(cli, ["--no-auth", "--db", db])
    }

    override func tearDown() async throws {
        _ = serve?.stop(signal: SIGKILL)
        try await fixture?.shutdown()
        cli?.cleanUp()
    }

    private func sdk(_ step: String, _ model: String) throws -> [String: Any] {
        let server = try XCTUnwrap(serve)
        return try GatewaySDKScript.run("streamed_tools_check.py", [step, model], environment: [
            "OPENAI_BASE_URL": server.baseURL + "/v1", "OPENAI_API_KEY": "sk-client-unused",
            "ANTHROPIC_BASE_URL": server.baseURL, "ANTHROPIC_API_KEY": "sk-ant-client-unused",
        ])
    }

    private static let expectedCalls: [[String: String]] = [
        ["id": "call_w1", "name": "get_weather", "arguments": #"{"city":"Paris"}"#],
        ["id": "call_t1", "name": "get_time", "arguments": #"{"zone":"CET"}"#],
    ]

    /// Chat Completions: the SDK's stream helper accumulates both calls by index, each from its three argument
    /// pieces, and agrees with the non-streamed answer; interleaved upstream pieces too.
    func testOpenAIClientAccumulatesParallelCallsFromTheirPieces() throws {
        for model in ["openai/gpt-4o-mini", "openai/gpt-4o"] {
            let result = try sdk("chat", model)
            XCTAssertEqual(result["calls"] as? [[String: String]], Self.expectedCalls, "\(model): \(result)")
            XCTAssertEqual(result["whole_calls"] as? [[String: String]], Self.expectedCalls, model)
            XCTAssertEqual(result["pieces"] as? [String: Int], ["0": 3, "1": 3], "\(model): streamed in the upstream's pieces")
            XCTAssertEqual(result["finish"] as? String, "tool_calls")
            XCTAssertEqual(result["whole_finish"] as? String, "tool_calls")
        }
    }

    /// Messages: `get_final_message()` has both tool_use inputs, folded from `input_json_delta` pieces; from an
    /// Anthropic upstream the thinking keeps its signature (a `signature` event) and the redacted block passes as
    /// it is, streamed and not; from OpenAI-wire upstreams (OpenRouter signs its thinking) no signature is sent.
    func testAnthropicClientGetsToolInputsAndOnlyAnAnthropicSignature() throws {
        let anthropic = try sdk("messages", "anthropic/claude-sonnet-4-5")
        let content = try XCTUnwrap(anthropic["content"] as? [[String: Any]], "\(anthropic)")
        XCTAssertEqual(content.map { $0["type"] as? String }, ["thinking", "redacted_thinking", "tool_use", "tool_use"])
        XCTAssertEqual(content[0]["thinking"] as? String, "Both tools are needed.")
        XCTAssertEqual(content[0]["signature"] as? String, "sig-fixture-EqQBCgIYAhIM")
        XCTAssertEqual(content[1]["data"] as? String, "opaque-redacted-1")
        XCTAssertEqual(content[2]["input"] as? [String: String], ["city": "Paris"])
        XCTAssertEqual(content[3]["input"] as? [String: String], ["zone": "CET"])
        XCTAssertEqual(content[2]["id"] as? String, "call_w1")
        XCTAssertEqual(anthropic["signature_events"] as? Int, 1)
        XCTAssertEqual(anthropic["pieces"] as? [String: Int], ["2": 3, "3": 3])
        XCTAssertEqual(NSArray(array: content), NSArray(array: anthropic["whole_content"] as? [Any] ?? []), "streamed and not agree")
        XCTAssertEqual(anthropic["stop"] as? String, "tool_use")

        for model in ["anthropic/claude-sonnet-4-5@openrouter", "openai/gpt-4o"] {
            let result = try sdk("messages", model)
            let blocks = try XCTUnwrap(result["content"] as? [[String: Any]], "\(result)")
            let inputs = blocks.filter { $0["type"] as? String == "tool_use" }.map { $0["input"] as? [String: String] }
            XCTAssertEqual(inputs, [["city": "Paris"], ["zone": "CET"]], "\(model): \(blocks)")
            XCTAssertEqual(result["signature_events"] as? Int, 0, model)
            XCTAssertFalse(blocks.contains { $0["type"] as? String == "redacted_thinking" }, model)
            for thinking in blocks where thinking["type"] as? String == "thinking" {
                XCTAssertEqual(thinking["signature"] as? String ?? "", "", "\(model): no signature is passed on")
            }
            let whole = try XCTUnwrap(result["whole_content"] as? [[String: Any]])
            XCTAssertFalse(whole.contains { ($0["signature"] as? String ?? "") != "" }, "\(model): \(whole)")
        }
        // The OpenRouter upstream did sign its thinking: the signature was there to leave out.
        XCTAssertTrue(fixture.recordedRequests().contains { $0.path.hasPrefix("/api/v1/chat/completions") })
    }

    /// Responses: each call is its own function_call item whose arguments the deltas build, as the completed
    /// response has them.
    func testResponsesClientSeesFunctionCallArgumentDeltas() throws {
        for model in ["openai/gpt-4o-mini", "openai/gpt-4o"] {
            let result = try sdk("responses", model)
            let calls = try XCTUnwrap(result["calls"] as? [[String: String]], "\(result)")
            XCTAssertEqual(calls.map { [$0["call_id"], $0["name"], $0["arguments"]] },
                           Self.expectedCalls.map { [$0["id"], $0["name"], $0["arguments"]] }, model)
            let streamed = try XCTUnwrap(result["streamed"] as? [String: String])
            XCTAssertEqual(calls.map { streamed[$0["id"] ?? ""] }, Self.expectedCalls.map { $0["arguments"] }, model)
        }
    }

    /// The raw SSE of each wire, event by event, for two calls streamed in pieces.
    func testRawSSEOrderOfStreamedCalls() throws {
        let server = try XCTUnwrap(serve)
        let ask = #""messages":[{"role":"user","content":"weather and time?"}]"#
        let tools = #""tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}},{"type":"function","function":{"name":"get_time","parameters":{"type":"object"}}}]"#
        let chat = try server.curl("/v1/chat/completions", ["-N"],
                                   body: #"{"model":"openai/gpt-4o-mini","stream":true,\#(ask),\#(tools)}"#)
        XCTAssertEqual(chat.status, 200, chat.body)
        let deltas = try chat.body.components(separatedBy: "\n\n").filter { $0.hasPrefix("data: {") }.compactMap { frame -> String? in
            let json = try jsonObject(String(frame.dropFirst(6)))
            let delta = (json["choices"] as? [[String: Any]])?.first?["delta"] as? [String: Any]
            guard let call = (delta?["tool_calls"] as? [[String: Any]])?.first else { return nil }
            let function = call["function"] as? [String: Any] ?? [:]
            return call["id"] != nil ? "open \(call["index"] ?? "?") \(function["name"] ?? "?")" : "args \(call["index"] ?? "?") \(function["arguments"] ?? "?")"
        }
        XCTAssertEqual(deltas, ["open 0 get_weather", #"args 0 {"ci"#, #"args 0 ty":"Pa"#, #"args 0 ris"}"#,
                                "open 1 get_time", #"args 1 {"zo"#, #"args 1 ne":"#, #"args 1 "CET"}"#])
        XCTAssertTrue(chat.body.hasSuffix("data: [DONE]\n\n"))

        let messages = try server.curl("/v1/messages", ["-N"], body: """
            {"model":"anthropic/claude-sonnet-4-5","max_tokens":512,"stream":true,"thinking":{"type":"enabled","budget_tokens":256},\(ask),
             "tools":[{"name":"get_weather","input_schema":{"type":"object"}},{"name":"get_time","input_schema":{"type":"object"}}]}
            """)
        XCTAssertEqual(messages.status, 200, messages.body)
        let events = try messages.body.components(separatedBy: "\n\n").filter { !$0.isEmpty }.map { frame -> String in
            let lines = frame.components(separatedBy: "\n")
            let data = try jsonObject(String(lines.last?.dropFirst("data: ".count) ?? ""))
            let kind = (data["delta"] as? [String: Any])?["type"] as? String ?? (data["content_block"] as? [String: Any])?["type"] as? String
            return [data["type"] as? String, kind, (data["index"] as? Int).map(String.init)].compactMap { $0 }.joined(separator: " ")
        }
        XCTAssertEqual(events, [
            "message_start", "ping",
            "content_block_start thinking 0", "content_block_delta thinking_delta 0", "content_block_delta thinking_delta 0",
            "content_block_delta thinking_delta 0", "content_block_delta signature_delta 0", "content_block_stop 0",
            "content_block_start redacted_thinking 1", "content_block_stop 1",
            "content_block_start tool_use 2", "content_block_delta input_json_delta 2", "content_block_delta input_json_delta 2",
            "content_block_delta input_json_delta 2", "content_block_stop 2",
            "content_block_start tool_use 3", "content_block_delta input_json_delta 3", "content_block_delta input_json_delta 3",
            "content_block_delta input_json_delta 3", "content_block_stop 3",
            "message_delta", "message_stop",
        ])

        let responses = try server.curl("/v1/responses", ["-N"], body: """
            {"model":"openai/gpt-4o-mini","stream":true,"input":"weather and time?",
             "tools":[{"type":"function","name":"get_weather","parameters":{"type":"object"}},{"type":"function","name":"get_time","parameters":{"type":"object"}}]}
            """)
        XCTAssertEqual(responses.status, 200, responses.body)
        let names = responses.body.components(separatedBy: "\n\n").filter { !$0.isEmpty }
            .map { String($0.components(separatedBy: "\n").first?.dropFirst("event: ".count) ?? "") }
        let call = ["response.output_item.added"] + Array(repeating: "response.function_call_arguments.delta", count: 3)
            + ["response.function_call_arguments.done", "response.output_item.done"]
        XCTAssertEqual(names, ["response.created", "response.in_progress"] + call + call + ["response.completed"])
    }
}
