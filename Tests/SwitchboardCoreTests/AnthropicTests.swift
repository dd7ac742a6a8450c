import XCTest
@testable import SwitchboardCore

final class AnthropicTests: XCTestCase {
    private let adapter = AnthropicAdapter()

    private func endpoint(_ base: String = "https://api.anthropic.com", key: String? = "test-anthropic-key",
                          extra: [(String, String)] = []) -> ProviderEndpoint {
        ProviderEndpoint(name: "anthropic", wire: .anthropic, baseURL: URL(string: base)!, apiKey: key,
                         extraHeaders: HTTPHeaders(extra))
    }

    // MARK: - Request

    func testGoldenRequestForMultiTurnConversation() throws {
        let request = ChatRequest(messages: [
            .system("You are terse."),
            .user("Hi"),
            .assistant("Hello! How can I help?"),
            .user("First question: what is 2+2?"),
            .user("Second question: and 3/3?"),
            .system("Answer in \"English\"."),
        ], maxTokens: 512, temperature: 0.7)

        let http = try adapter.makeRequest(request, model: "claude-sonnet-4-5",
                                           endpoint: endpoint(extra: [("anthropic-beta", "prompt-caching-2024-07-31")]))

        XCTAssertEqual(http.method, "POST")
        XCTAssertEqual(http.url.absoluteString, "https://api.anthropic.com/v1/messages")
        XCTAssertEqual(http.headers.fields.map { [$0.name, $0.value] }, [
            ["x-api-key", "test-anthropic-key"],
            ["anthropic-version", "2023-06-01"],
            ["content-type", "application/json"],
            ["accept", "text/event-stream"],
            ["anthropic-beta", "prompt-caching-2024-07-31"],
        ])
        let expected = #"{"max_tokens":512,"messages":[{"content":"Hi","role":"user"},"#
            + #"{"content":"Hello! How can I help?","role":"assistant"},"#
            + #"{"content":"First question: what is 2+2?\n\nSecond question: and 3/3?","role":"user"}],"#
            + #""model":"claude-sonnet-4-5","stream":true,"#
            + #""system":"You are terse.\n\nAnswer in \"English\".","temperature":0.7}"#
        XCTAssertEqual(String(decoding: http.body, as: UTF8.self), expected)
    }

    func testOmittedSettingsUseDefaultMaxTokensAndNoSystemOrTemperature() throws {
        let http = try adapter.makeRequest(ChatRequest(messages: [.user("Hi")]), model: "claude-haiku-4-5",
                                           endpoint: endpoint())
        XCTAssertEqual(String(decoding: http.body, as: UTF8.self),
                       #"{"max_tokens":4096,"messages":[{"content":"Hi","role":"user"}],"#
                       + #""model":"claude-haiku-4-5","stream":true}"#)
        XCTAssertEqual(AnthropicAdapter.defaultMaxTokens, 4096)
    }

    func testConversationStartingWithAssistantGetsAPlaceholderUserTurn() throws {
        let request = ChatRequest(messages: [.system("Be kind."), .assistant("Welcome back!"), .user("Thanks")])
        let http = try adapter.makeRequest(request, model: "m", endpoint: endpoint())
        let expected = #"{"max_tokens":4096,"messages":[{"content":"(continuing the conversation)","role":"user"},"#
            + #"{"content":"Welcome back!","role":"assistant"},{"content":"Thanks","role":"user"}],"#
            + #""model":"m","stream":true,"system":"Be kind."}"#
        XCTAssertEqual(String(decoding: http.body, as: UTF8.self), expected)
    }

    func testEmptyMessagesAreSkippedBeforeCoalescing() throws {
        let request = ChatRequest(messages: [.user("a"), .assistant(""), .user("b")])
        let http = try adapter.makeRequest(request, model: "m", endpoint: endpoint())
        XCTAssertTrue(String(decoding: http.body, as: UTF8.self).contains(#"[{"content":"a\n\nb","role":"user"}]"#))
    }

    func testConversationWithoutTurnsIsABadRequest() {
        XCTAssertThrowsError(try adapter.makeRequest(ChatRequest(messages: [.system("only a system prompt")]),
                                                     model: "m", endpoint: endpoint())) { error in
            XCTAssertEqual((error as? ProviderError)?.kind, .badRequest)
        }
    }

    func testURLKeepsPathPrefixAndToleratesTrailingSlash() throws {
        let cases = [
            ("https://api.anthropic.com", "https://api.anthropic.com/v1/messages"),
            ("https://api.anthropic.com/", "https://api.anthropic.com/v1/messages"),
            ("http://127.0.0.1:8089/anthropic", "http://127.0.0.1:8089/anthropic/v1/messages"),
            ("http://127.0.0.1:8089/anthropic/", "http://127.0.0.1:8089/anthropic/v1/messages"),
        ]
        for (base, expected) in cases {
            let http = try adapter.makeRequest(ChatRequest(messages: [.user("x")]), model: "m", endpoint: endpoint(base))
            XCTAssertEqual(http.url.absoluteString, expected, base)
        }
    }

    func testNoKeyMeansNoKeyHeaderAndExtrasReplaceDefaults() throws {
        let http = try adapter.makeRequest(ChatRequest(messages: [.user("x")]), model: "m",
                                           endpoint: endpoint(key: nil, extra: [("Anthropic-Version", "2026-10-21")]))
        XCTAssertNil(http.headers["x-api-key"])
        XCTAssertEqual(http.headers.fields.filter { $0.name.lowercased() == "anthropic-version" }.map(\.value),
                       ["2026-10-21"])
    }

    // MARK: - Stream

    private static let fullStream = """
        event: message_start
        data: {"type":"message_start","message":{"id":"msg_01","type":"message","role":"assistant","content":[],"model":"claude-sonnet-4-5-20250929","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":25,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":1}}}

        event: content_block_start
        data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

        event: ping
        data: {"type":"ping"}

        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":", wörld 👋"}}

        event: content_block_stop
        data: {"type":"content_block_stop","index":0}

        event: message_delta
        data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":12}}

        event: message_stop
        data: {"type":"message_stop"}


        """

    func testFullStreamWholeAndByteByByteGiveTheSameResult() throws {
        let bytes = Array(Self.fullStream.utf8)
        let whole = try StreamRun(adapter.makeDecoder(endpoint: endpoint()), chunks: [bytes])
        let byByte = try StreamRun(adapter.makeDecoder(endpoint: endpoint()), chunks: bytes.map { [$0] })

        XCTAssertEqual(whole.text, "Hello, wörld 👋")
        XCTAssertEqual(whole.usage, Usage(input: 25, output: 12))
        XCTAssertEqual(whole.servedModel, "claude-sonnet-4-5-20250929")
        XCTAssertEqual(whole.events.last, .finished(reason: "end_turn"))
        XCTAssertEqual(byByte.events, whole.events)
    }

    func testCacheTokensAndExactCost() throws {
        let stream = """
            event: message_start
            data: {"type":"message_start","message":{"model":"claude-sonnet-4-5","usage":{"input_tokens":100,"cache_creation_input_tokens":2000,"cache_read_input_tokens":5000,"output_tokens":1}}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"ok"}}

            event: message_delta
            data: {"type":"message_delta","delta":{"stop_reason":"max_tokens"},"usage":{"output_tokens":300}}

            event: message_stop
            data: {"type":"message_stop"}


            """
        let run = try StreamRun(adapter.makeDecoder(endpoint: endpoint()), chunks: [Array(stream.utf8)])
        let usage = try XCTUnwrap(run.usage)
        XCTAssertEqual(usage, Usage(input: 100, output: 300, cacheRead: 5000, cacheWrite: 2000))
        XCTAssertEqual(run.events.last, .finished(reason: "max_tokens"))

        let price = Price(input: Decimal(string: "0.000003"), output: Decimal(string: "0.000015"),
                          cacheRead: Decimal(string: "0.0000003"), cacheWrite: Decimal(string: "0.00000375"))
        // 100×3 + 2000×3.75 + 5000×0.30 + 300×15 = 300 + 7500 + 1500 + 4500 = 13,800 micro-dollars.
        XCTAssertEqual(price.cost(of: usage), Money(try XCTUnwrap(Decimal(string: "0.0138"))))
    }

    func testMessageDeltaOverwritesOnlyTheFieldsItCarries() throws {
        let stream = """
            event: message_start
            data: {"type":"message_start","message":{"model":"m","usage":{"input_tokens":10,"cache_read_input_tokens":7,"output_tokens":1}}}

            event: message_delta
            data: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"input_tokens":11,"output_tokens":40}}

            event: message_stop
            data: {"type":"message_stop"}


            """
        let run = try StreamRun(adapter.makeDecoder(endpoint: endpoint()), chunks: [Array(stream.utf8)])
        XCTAssertEqual(run.usages, [Usage(input: 10, output: 1, cacheRead: 7), Usage(input: 11, output: 40, cacheRead: 7)])
    }

    func testThinkingSignatureAndToolInputAreNotAnswerText() throws {
        let stream = """
            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Let me think"}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"EqQB"}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"Answer"}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{\\"city\\""}}

            event: brand_new_event
            data: {"type":"brand_new_event","payload":[1,2,3]}

            event: message_stop
            data: {"type":"message_stop"}


            """
        let run = try StreamRun(adapter.makeDecoder(endpoint: endpoint()), chunks: [Array(stream.utf8)])
        XCTAssertEqual(run.text, "Answer")
        // Thinking and tool input are read as their own events (AnthropicContentTests), never as text.
        XCTAssertEqual(run.events, [.reasoning(ReasoningDelta(text: "Let me think")), .reasoning(ReasoningDelta(signature: "EqQB")),
                                    .text("Answer"), .toolCall(ToolCallDelta(index: 2, arguments: #"{"city""#)),
                                    .finished(reason: nil)])
    }

    func testRefusalFinishesWithItsReason() throws {
        let stream = "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"refusal\"}}\n\n"
            + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"
        let run = try StreamRun(adapter.makeDecoder(endpoint: endpoint()), chunks: [Array(stream.utf8)])
        XCTAssertEqual(run.events, [.finished(reason: "refusal")])
    }

    func testMidStreamOverloadedErrorKeepsEarlierTextThenThrows() throws {
        let stream = "event: content_block_delta\n"
            + "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Par\"}}\n\n"
            + "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n"
        let decoder = adapter.makeDecoder(endpoint: endpoint())
        XCTAssertEqual(try decoder.consume(Array(stream.utf8)), [.text("Par")])
        XCTAssertThrowsError(try decoder.finish()) { error in
            let providerError = error as? ProviderError
            XCTAssertEqual(providerError?.kind, .overloaded)
            XCTAssertEqual(providerError?.message, "Overloaded")
            XCTAssertEqual(providerError?.provider, "anthropic")
        }
    }

    func testMidStreamErrorTypesMapToKinds() {
        let cases: [(String, String, ProviderError.Kind)] = [
            ("rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit", .rateLimited),
            ("api_error", "Internal server error", .server),
            ("invalid_request_error", "prompt is too long: 208310 tokens > 200000 maximum", .contextLength),
            ("invalid_request_error", "messages: text content blocks must be non-empty", .badRequest),
            ("authentication_error", "invalid x-api-key", .auth),
            ("permission_error", "Your API key does not have permission", .auth),
            ("billing_error", "Your credit balance is too low", .billing),
            ("not_found_error", "model: claude-x", .notFound),
        ]
        for (type, message, kind) in cases {
            let stream = "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"\(type)\",\"message\":\"\(message)\"}}\n\n"
            XCTAssertThrowsError(try adapter.makeDecoder(endpoint: endpoint()).consume(Array(stream.utf8)), type) {
                XCTAssertEqual(($0 as? ProviderError)?.kind, kind, type)
            }
        }
    }

    func testStreamWithoutMessageStopIsTruncated() throws {
        let cut = Self.fullStream.components(separatedBy: "event: message_stop")[0]
        let decoder = adapter.makeDecoder(endpoint: endpoint())
        let events = try decoder.consume(Array(cut.utf8))
        XCTAssertTrue(events.contains(.text("Hello")))
        XCTAssertThrowsError(try decoder.finish()) { XCTAssertEqual(($0 as? ProviderError)?.kind, .truncated) }
    }

    func testNonJSONDataIsMalformed() {
        let stream = "event: content_block_delta\ndata: <html>Bad Gateway</html>\n\n"
        XCTAssertThrowsError(try adapter.makeDecoder(endpoint: endpoint()).consume(Array(stream.utf8))) {
            XCTAssertEqual(($0 as? ProviderError)?.kind, .malformed)
        }
    }

    // MARK: - HTTP errors

    private func httpError(_ status: Int, _ body: String, headers: [(String, String)] = []) -> ProviderError {
        adapter.error(status: status, headers: HTTPHeaders(headers), body: Array(body.utf8), endpoint: endpoint())
    }

    func testOverloaded529WithRetryAfter() {
        let error = httpError(529, #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_011"}"#,
                              headers: [("retry-after", "30")])
        XCTAssertEqual(error.kind, .overloaded)
        XCTAssertEqual(error.status, 529)
        XCTAssertEqual(error.message, "Overloaded")
        XCTAssertEqual(error.retryAfter, .seconds(30))
    }

    func testRateLimitedAndPromptTooLongAndCreditBalance() {
        let limited = httpError(429, #"{"type":"error","error":{"type":"rate_limit_error","message":"This request would exceed your rate limit"}}"#,
                                headers: [("Retry-After", "7")])
        XCTAssertEqual(limited.kind, .rateLimited)
        XCTAssertEqual(limited.retryAfter, .seconds(7))

        let tooLong = httpError(400, #"{"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 208310 tokens > 200000 maximum"}}"#)
        XCTAssertEqual(tooLong.kind, .contextLength)

        let broke = httpError(400, #"{"type":"error","error":{"type":"invalid_request_error","message":"Your credit balance is too low to access the Anthropic API."}}"#)
        XCTAssertEqual(broke.kind, .billing)

        let badKey = httpError(401, #"{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}"#)
        XCTAssertEqual(badKey.kind, .auth)
    }

    func testNonJSONErrorBodyFallsBackToStatus() {
        let error = httpError(502, "<html><body>502 Bad Gateway</body></html>")
        XCTAssertEqual(error.kind, .server)
        XCTAssertEqual(error.status, 502)
        XCTAssertTrue(error.message.contains("Bad Gateway"), error.message)
    }
}

/// Feeds chunks to a decoder, then finishes it, and keeps what came out.
private struct StreamRun {
    var events: [StreamEvent] = []

    init(_ decoder: any StreamDecoder, chunks: [[UInt8]]) throws {
        for chunk in chunks { events += try decoder.consume(chunk) }
        events += try decoder.finish()
    }

    var text: String {
        events.map { if case .text(let text) = $0 { text } else { "" } }.joined()
    }

    var usages: [Usage] {
        events.compactMap { if case .usage(let usage) = $0 { usage } else { nil } }
    }

    var usage: Usage? { usages.last }

    var servedModel: String? {
        events.lazy.compactMap { if case .servedModel(let model) = $0 { model } else { nil } }.first
    }
}
