import XCTest
@testable import SwitchboardCore

final class OpenAIChatTests: XCTestCase {
    private let adapter = OpenAIChatAdapter()

    private func endpoint(key: String? = "sk-test-key-1234567890",
                          quirks: WireQuirks = WireQuirks(maxTokensField: "max_completion_tokens"),
                          extraHeaders: HTTPHeaders = HTTPHeaders()) -> ProviderEndpoint {
        ProviderEndpoint(name: "openai", wire: .openAIChat, baseURL: URL(string: "https://api.openai.com/v1")!,
                         apiKey: key, extraHeaders: extraHeaders, quirks: quirks)
    }

    private let conversation = [
        ChatMessage.system("You are terse."),
        .user("Hi"),
        .assistant("Hello! How can I help?"),
        .user("Say \"hi\" in French / Spanish: é"),
    ]

    /// Runs a stream through a fresh decoder, either whole or one byte at a time.
    private func decode(_ text: String, endpoint: ProviderEndpoint? = nil, byteByByte: Bool = false,
                        adapter: any ProviderAdapter = OpenAIChatAdapter()) throws -> [StreamEvent] {
        let decoder = adapter.makeDecoder(endpoint: endpoint ?? self.endpoint())
        let bytes = Array(text.utf8)
        var events: [StreamEvent] = []
        if byteByByte {
            for byte in bytes { events += try decoder.consume([byte]) }
        } else {
            events += try decoder.consume(bytes)
        }
        return events + (try decoder.finish())
    }

    private func providerError(_ body: () throws -> Void, file: StaticString = #filePath, line: UInt = #line) -> ProviderError? {
        do {
            try body()
            XCTFail("expected a ProviderError", file: file, line: line)
        } catch let error as ProviderError {
            return error
        } catch {
            XCTFail("unexpected \(error)", file: file, line: line)
        }
        return nil
    }

    // MARK: Request

    func testGoldenRequestWithKeyLimitAndTemperature() throws {
        let request = try adapter.makeRequest(ChatRequest(messages: conversation, maxTokens: 256, temperature: 0.7),
                                              model: "gpt-4o-mini",
                                              endpoint: endpoint(extraHeaders: HTTPHeaders([("X-Title", "Switchboard")])))
        XCTAssertEqual(request.method, "POST")
        XCTAssertEqual(request.url.absoluteString, "https://api.openai.com/v1/chat/completions")
        XCTAssertEqual(request.headers.fields, [
            .init(name: "Authorization", value: "Bearer sk-test-key-1234567890"),
            .init(name: "Content-Type", value: "application/json"),
            .init(name: "Accept", value: "text/event-stream"),
            .init(name: "X-Title", value: "Switchboard"),
        ])
        let expected = #"{"max_completion_tokens":256,"messages":[{"content":"You are terse.","role":"system"},{"content":"Hi","role":"user"},{"content":"Hello! How can I help?","role":"assistant"},{"content":"Say \"hi\" in French / Spanish: é","role":"user"}],"model":"gpt-4o-mini","stream":true,"stream_options":{"include_usage":true},"temperature":0.7}"#
        XCTAssertEqual(String(decoding: request.body, as: UTF8.self), expected)
        XCTAssertEqual(request.body, Array(expected.utf8))
    }

    func testGoldenRequestWithoutKeyLimitOrTemperature() throws {
        let quirks = WireQuirks(maxTokensField: "max_tokens", streamUsageOption: false)
        let request = try adapter.makeRequest(ChatRequest(messages: [.user("Hi")]), model: "m",
                                              endpoint: endpoint(key: nil, quirks: quirks))
        XCTAssertEqual(request.headers.fields, [
            .init(name: "Content-Type", value: "application/json"),
            .init(name: "Accept", value: "text/event-stream"),
        ])
        XCTAssertEqual(String(decoding: request.body, as: UTF8.self),
                       #"{"messages":[{"content":"Hi","role":"user"}],"model":"m","stream":true}"#)
    }

    func testLimitFieldComesFromQuirks() throws {
        let request = try adapter.makeRequest(ChatRequest(messages: [.user("Hi")], maxTokens: 10, temperature: 1),
                                              model: "m", endpoint: endpoint(quirks: WireQuirks()))
        XCTAssertEqual(String(decoding: request.body, as: UTF8.self),
                       #"{"max_tokens":10,"messages":[{"content":"Hi","role":"user"}],"model":"m","stream":true,"stream_options":{"include_usage":true},"temperature":1}"#)
    }

    func testSameRequestGivesSameBytes() throws {
        let request = ChatRequest(messages: conversation, maxTokens: 5, temperature: 0.2)
        let first = try adapter.makeRequest(request, model: "gpt-4o", endpoint: endpoint())
        let second = try adapter.makeRequest(request, model: "gpt-4o", endpoint: endpoint())
        XCTAssertEqual(first.body, second.body)
    }

    // MARK: Stream

    private let recordedStream = """
    data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_1","choices":[{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}],"usage":null}

    data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_1","choices":[{"index":0,"delta":{"content":"Hel"},"logprobs":null,"finish_reason":null}],"usage":null}

    data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_1","choices":[{"index":0,"delta":{"content":"lo 世界"},"logprobs":null,"finish_reason":null}],"usage":null}

    data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_1","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}],"usage":null}

    data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_1","choices":[],"usage":{"prompt_tokens":1000,"completion_tokens":200,"total_tokens":1200,"prompt_tokens_details":{"cached_tokens":600,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":50,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}}}

    data: [DONE]


    """

    func testDecodesRecordedStreamToTextUsageAndFinish() throws {
        let expected: [StreamEvent] = [
            .servedModel("gpt-4o-mini-2024-07-18"),
            .text("Hel"),
            .text("lo 世界"),
            .usage(Usage(input: 400, output: 200, cacheRead: 600, reasoning: 50)),
            .finished(reason: "stop"),
        ]
        XCTAssertEqual(try decode(recordedStream), expected)
        XCTAssertEqual(try decode(recordedStream, byteByByte: true), expected)
    }

    func testCachedTokensGiveExactCost() throws {
        let usage = try decode(recordedStream).compactMap { event -> Usage? in
            if case .usage(let usage) = event { return usage }
            return nil
        }.last
        let perMillion = Decimal(1_000_000)
        let price = Price(input: Decimal(string: "2.50")! / perMillion, output: Decimal(10) / perMillion,
                          cacheRead: Decimal(string: "1.25")! / perMillion)
        // 400 × 2.50 + 600 × 1.25 + 200 × 10, per million: 0.001 + 0.00075 + 0.002.
        XCTAssertEqual(price.cost(of: try XCTUnwrap(usage)), Money(Decimal(string: "0.00375")!))
    }

    func testCostIsIgnoredUnlessTheProviderReportsIt() throws {
        let stream = """
        data: {"choices":[],"usage":{"prompt_tokens":10,"completion_tokens":2,"cost":0.5}}

        data: [DONE]


        """
        XCTAssertEqual(try decode(stream), [.usage(Usage(input: 10, output: 2)), .finished(reason: nil)])
    }

    func testUsageOnTheFinishChunkAndDeepSeekCacheHits() throws {
        // llama.cpp puts usage on the finish_reason chunk; DeepSeek names cached tokens prompt_cache_hit_tokens.
        let stream = """
        data: {"model":"deepseek-chat","choices":[{"index":0,"delta":{"content":"ok"},"finish_reason":"length"}],"usage":{"prompt_tokens":100,"completion_tokens":10,"prompt_cache_hit_tokens":60,"prompt_cache_miss_tokens":40},"timings":{"predicted_ms":1.5}}

        data: [DONE]


        """
        XCTAssertEqual(try decode(stream), [
            .servedModel("deepseek-chat"), .text("ok"),
            .usage(Usage(input: 40, output: 10, cacheRead: 60)), .finished(reason: "length"),
        ])
    }

    func testCacheWriteTokensAreNotCountedAsInput() throws {
        let stream = """
        data: {"choices":[],"usage":{"prompt_tokens":1000,"completion_tokens":5,"prompt_tokens_details":{"cached_tokens":100,"cache_write_tokens":300}}}

        data: [DONE]


        """
        XCTAssertEqual(try decode(stream).first, .usage(Usage(input: 600, output: 5, cacheRead: 100, cacheWrite: 300)))
    }

    func testReasoningDeltasAreNotAnswerText() throws {
        let stream = """
        data: {"choices":[{"index":0,"delta":{"reasoning_content":"thinking…"}}]}

        data: {"choices":[{"index":0,"delta":{"reasoning":"more","content":"Answer"}}]}

        data: [DONE]


        """
        // Thinking is its own event, never answer text.
        XCTAssertEqual(try decode(stream), [.reasoning(ReasoningDelta(text: "thinking…")), .reasoning(ReasoningDelta(text: "more")),
                                            .text("Answer"), .finished(reason: nil)])
    }

    func testTruncatedStreamThrows() throws {
        let cut = String(recordedStream.prefix(upTo: try XCTUnwrap(recordedStream.range(of: "data: [DONE]")).lowerBound))
        let error = providerError { _ = try decode(cut) }
        XCTAssertEqual(error?.kind, .truncated)
        XCTAssertEqual(error?.message, "stream closed before data: [DONE]")
        // A [DONE] without its blank line never completed as an event either.
        XCTAssertEqual(providerError { _ = try decode("data: [DONE]") }?.kind, .truncated)
    }

    func testMalformedChunkThrows() {
        let error = providerError { _ = try decode("data: {\"choices\":[{\"delta\":\n\n") }
        XCTAssertEqual(error?.kind, .malformed)
        XCTAssertEqual(error?.message, #"unreadable chunk: {"choices":[{"delta":"#)
    }

    func testOpenAIMidStreamError() {
        let stream = "data: {\"error\":{\"message\":\"The server had an error while processing your request.\",\"type\":\"server_error\",\"param\":null,\"code\":null}}\n\n"
        let error = providerError { _ = try decode(stream) }
        XCTAssertEqual(error?.kind, .server)
        XCTAssertEqual(error?.message, "The server had an error while processing your request.")
        XCTAssertNil(error?.status)
    }

    func testOpenRouterMidStreamErrorExample() {
        let stream = """
        data: {"id":"cmpl-abc123","object":"chat.completion.chunk","created":1234567890,"model":"gpt-3.5-turbo","provider":"openai","error":{"code":"server_error","message":"Provider disconnected unexpectedly"},"choices":[{"index":0,"delta":{"content":""},"finish_reason":"error"}]}


        """
        for adapter in [OpenAIChatAdapter() as any ProviderAdapter, OpenAICompatibleAdapter()] {
            let error = providerError { _ = try decode(stream, adapter: adapter) }
            XCTAssertEqual(error?.kind, .server)
            XCTAssertEqual(error?.message, "Provider disconnected unexpectedly")
        }
    }

    func testVLLMMidStreamError() {
        let stream = "data: {\"object\":\"error\",\"message\":\"This model's maximum context length is 4096 tokens. However, you requested 5000 tokens.\",\"type\":\"BadRequestError\",\"param\":null,\"code\":400}\n\n"
        let error = providerError { _ = try decode(stream) }
        XCTAssertEqual(error?.kind, .contextLength)
        XCTAssertTrue(error?.message.hasPrefix("This model's maximum context length") ?? false)
    }

    func testFinishReasonErrorWithoutDetailThrows() {
        let stream = "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"error\"}]}\n\n"
        XCTAssertEqual(providerError { _ = try decode(stream) }?.kind, .server)
    }

    func testTextBeforeAnErrorInTheSameChunkIsDeliveredFirst() throws {
        let decoder = adapter.makeDecoder(endpoint: endpoint())
        let chunk = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"partial\"}}]}\n\ndata: {\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}\n\n"
        XCTAssertEqual(try decoder.consume(Array(chunk.utf8)), [.text("partial")])
        XCTAssertEqual(providerError { _ = try decoder.finish() }?.message, "boom")
    }

    func testNothingAfterDoneIsDecoded() throws {
        let stream = "data: [DONE]\n\ndata: {not json}\n\n"
        XCTAssertEqual(try decode(stream), [.finished(reason: nil)])
    }

    func testHTTPErrorUsesSharedMapping() {
        let body = Array(#"{"error":{"message":"You exceeded your current quota","type":"insufficient_quota","param":null,"code":"insufficient_quota"}}"#.utf8)
        let error = adapter.error(status: 429, headers: HTTPHeaders([("retry-after", "3")]), body: body, endpoint: endpoint())
        XCTAssertEqual(error.kind, .billing)
        XCTAssertEqual(error.provider, "openai")
        XCTAssertEqual(error.status, 429)
        XCTAssertEqual(error.retryAfter, .seconds(3))
    }
}
