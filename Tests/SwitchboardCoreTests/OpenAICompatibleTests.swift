import XCTest
@testable import SwitchboardCore

final class OpenAICompatibleTests: XCTestCase {
    private let adapter = OpenAICompatibleAdapter()

    /// An endpoint built the way config will build it: from the directory's quirks and headers.
    private func endpoint(_ name: String, key: String? = "test-key-abcdefgh") throws -> ProviderEndpoint {
        let known = try XCTUnwrap(ProviderDirectory.provider(named: name))
        let url = try XCTUnwrap(URL(string: known.defaultBaseURL))
        return ProviderEndpoint(name: name, wire: known.wire, baseURL: url, apiKey: key,
                                extraHeaders: HTTPHeaders(known.extraHeaders.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }),
                                quirks: known.quirks)
    }

    private func decode(_ text: String, endpoint: ProviderEndpoint, adapter: any ProviderAdapter = OpenAICompatibleAdapter()) throws -> [StreamEvent] {
        let decoder = adapter.makeDecoder(endpoint: endpoint)
        var events: [StreamEvent] = []
        // Network-sized pieces that cut lines and characters anywhere.
        let bytes = Array(text.utf8)
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + 37)
            events += try decoder.consume(Array(bytes[start..<end]))
            start = end
        }
        return events + (try decoder.finish())
    }

    private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    // MARK: Requests

    func testOllamaWithoutKeySendsNoAuthorization() throws {
        for key in [nil, ""] as [String?] {
            let request = try adapter.makeRequest(ChatRequest(messages: [.user("Hi")], maxTokens: 64), model: "llama3.2:3b",
                                                  endpoint: try endpoint("ollama", key: key))
            XCTAssertNil(request.headers["Authorization"])
            XCTAssertEqual(request.url.absoluteString, "http://127.0.0.1:11434/v1/chat/completions")
            XCTAssertEqual(String(decoding: request.body, as: UTF8.self),
                           #"{"max_tokens":64,"messages":[{"content":"Hi","role":"user"}],"model":"llama3.2:3b","stream":true,"stream_options":{"include_usage":true}}"#)
        }
    }

    func testOpenRouterRequestFollowsItsQuirks() throws {
        let request = try adapter.makeRequest(ChatRequest(messages: [.system("Be brief."), .user("Hi")], maxTokens: 100),
                                              model: "openai/gpt-4o-mini", endpoint: try endpoint("openrouter"))
        XCTAssertEqual(request.url.absoluteString, "https://openrouter.ai/api/v1/chat/completions")
        XCTAssertEqual(request.headers.fields, [
            .init(name: "Authorization", value: "Bearer test-key-abcdefgh"),
            .init(name: "Content-Type", value: "application/json"),
            .init(name: "Accept", value: "text/event-stream"),
            .init(name: "X-Title", value: "Switchboard"),
        ])
        // No stream_options: a deprecated no-op on OpenRouter.
        XCTAssertEqual(String(decoding: request.body, as: UTF8.self),
                       #"{"max_tokens":100,"messages":[{"content":"Be brief.","role":"system"},{"content":"Hi","role":"user"}],"model":"openai/gpt-4o-mini","stream":true}"#)
    }

    func testRequestsMatchTheSharedOpenAITranslation() throws {
        let request = ChatRequest(messages: [.user("Hi")], maxTokens: 9, temperature: 0.3)
        let groq = try endpoint("groq")
        XCTAssertEqual(try adapter.makeRequest(request, model: "m", endpoint: groq).body,
                       try OpenAIChatAdapter().makeRequest(request, model: "m", endpoint: groq).body)
    }

    // MARK: Streams

    func testOpenRouterCommentsUsageAndExactCost() throws {
        let stream = """
        : OPENROUTER PROCESSING

        : OPENROUTER PROCESSING

        data: {"id":"gen-1","provider":"OpenAI","model":"openai/gpt-4o-mini","object":"chat.completion.chunk","created":1,"choices":[{"index":0,"delta":{"role":"assistant","content":"Bonjour"},"finish_reason":null,"native_finish_reason":null}]}

        data: {"id":"gen-1","provider":"OpenAI","model":"openai/gpt-4o-mini","object":"chat.completion.chunk","created":1,"choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":"stop","native_finish_reason":"stop"}]}

        data: {"id":"gen-1","provider":"OpenAI","model":"openai/gpt-4o-mini","object":"chat.completion.chunk","created":1,"choices":[],"usage":{"prompt_tokens":12,"completion_tokens":3,"total_tokens":15,"cost":0.00000360000000000000123,"is_byok":false,"prompt_tokens_details":{"cached_tokens":0,"cache_write_tokens":0,"audio_tokens":0},"cost_details":{"upstream_inference_cost":null},"completion_tokens_details":{"reasoning_tokens":0,"image_tokens":0}}}

        data: [DONE]


        """
        XCTAssertEqual(try decode(stream, endpoint: try endpoint("openrouter")), [
            .servedModel("openai/gpt-4o-mini"),
            .text("Bonjour"),
            .usage(Usage(input: 12, output: 3)),
            .reportedCost(Money(Decimal(string: "0.00000360000000000000123")!)),
            .finished(reason: "stop"),
        ])
    }

    func testGroqUsageFromXGroqWhenUsageIsAbsent() throws {
        let stream = """
        data: {"id":"chatcmpl-g","object":"chat.completion.chunk","model":"llama-3.3-70b-versatile","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}],"x_groq":{"id":"req_01"}}

        data: {"id":"chatcmpl-g","object":"chat.completion.chunk","model":"llama-3.3-70b-versatile","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}

        data: {"id":"chatcmpl-g","object":"chat.completion.chunk","model":"llama-3.3-70b-versatile","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"x_groq":{"id":"req_01","usage":{"queue_time":0.02,"prompt_tokens":18,"prompt_time":0.001,"completion_tokens":7,"completion_time":0.02,"total_tokens":25,"total_time":0.021}}}

        data: [DONE]


        """
        let groq = try endpoint("groq")
        XCTAssertEqual(try decode(stream, endpoint: groq), [
            .servedModel("llama-3.3-70b-versatile"), .text("Hi"),
            .usage(Usage(input: 18, output: 7)), .finished(reason: "stop"),
        ])
        // x_groq is a compatible-server extra: the plain OpenAI decoder does not read it.
        XCTAssertFalse(try decode(stream, endpoint: groq, adapter: OpenAIChatAdapter()).contains(.usage(Usage(input: 18, output: 7))))
    }

    func testStandardUsageWinsOverXGroq() throws {
        let stream = """
        data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"x_groq":{"id":"r","usage":{"prompt_tokens":1,"completion_tokens":1}}}

        data: {"choices":[],"usage":{"prompt_tokens":18,"completion_tokens":7}}

        data: [DONE]


        """
        XCTAssertEqual(try decode(stream, endpoint: try endpoint("groq")),
                       [.usage(Usage(input: 18, output: 7)), .finished(reason: "stop")])
    }

    func testVLLMMidStreamErrorWithNewerShape() throws {
        let stream = "data: {\"error\":{\"object\":\"error\",\"message\":\"Internal server error\",\"type\":\"InternalServerError\",\"code\":500}}\n\n"
        XCTAssertThrowsError(try decode(stream, endpoint: try endpoint("ollama", key: nil))) { error in
            XCTAssertEqual((error as? ProviderError)?.kind, .server)
            XCTAssertEqual((error as? ProviderError)?.message, "Internal server error")
        }
    }

    // MARK: HTTP errors

    func testOpenRouterUpstreamErrorCarriesProviderNameAndRawDetail() throws {
        let body = #"{"error":{"code":400,"message":"Provider returned error","metadata":{"provider_name":"Azure","raw":"{\"error\":{\"message\":\"This model's maximum context length is 8192 tokens.\",\"code\":\"context_length_exceeded\"}}"}}}"#
        let error = adapter.error(status: 400, headers: HTTPHeaders(), body: bytes(body), endpoint: try endpoint("openrouter"))
        XCTAssertEqual(error.kind, .contextLength)
        XCTAssertEqual(error.status, 400)
        XCTAssertEqual(error.message, "Provider returned error: This model's maximum context length is 8192 tokens. [upstream: Azure]")
    }

    func testOpenRouterModerationIsContentPolicyNotAuth() throws {
        let body = #"{"error":{"code":403,"message":"Input was flagged","metadata":{"reasons":["violence","harassment"],"flagged_input":"...","provider_name":"OpenAI","model_slug":"openai/gpt-4o"}}}"#
        let error = adapter.error(status: 403, headers: HTTPHeaders(), body: bytes(body), endpoint: try endpoint("openrouter"))
        XCTAssertEqual(error.kind, .contentPolicy)
        XCTAssertEqual(error.message, "Input was flagged (flagged: violence, harassment) [upstream: OpenAI]")
        XCTAssertFalse(error.allowsFallback)
    }

    func testOpenRouterStatusKindsAndRetryAfter() throws {
        let openRouter = try endpoint("openrouter")
        let credits = adapter.error(status: 402, headers: HTTPHeaders(),
                                    body: bytes(#"{"error":{"code":402,"message":"Insufficient credits"}}"#), endpoint: openRouter)
        XCTAssertEqual(credits.kind, .billing)
        let limited = adapter.error(status: 429, headers: HTTPHeaders([("Retry-After", "7")]),
                                    body: bytes(#"{"error":{"code":429,"message":"Rate limit exceeded: free-models-per-min","metadata":{"headers":{"X-RateLimit-Limit":"20"}}}}"#),
                                    endpoint: openRouter)
        XCTAssertEqual(limited.kind, .rateLimited)
        XCTAssertEqual(limited.retryAfter, .seconds(7))
        XCTAssertEqual(limited.message, "Rate limit exceeded: free-models-per-min")
        let noProvider = adapter.error(status: 503, headers: HTTPHeaders(),
                                       body: bytes(#"{"error":{"code":503,"message":"No allowed providers are available"}}"#), endpoint: openRouter)
        XCTAssertEqual(noProvider.kind, .overloaded)
    }

    func testVLLMAndOllamaErrorBodies() throws {
        let local = try endpoint("ollama", key: nil)
        let vllm = adapter.error(status: 400, headers: HTTPHeaders(),
                                 body: bytes(#"{"object":"error","message":"The model `llama9` does not exist.","type":"NotFoundError","param":null,"code":404}"#),
                                 endpoint: local)
        XCTAssertEqual(vllm.kind, .badRequest)
        XCTAssertEqual(vllm.message, "The model `llama9` does not exist.")
        let ollama = adapter.error(status: 404, headers: HTTPHeaders(),
                                   body: bytes(#"{"error":{"message":"model \"llama9\" not found, try pulling it first","type":"not_found_error","param":null,"code":null}}"#),
                                   endpoint: local)
        XCTAssertEqual(ollama.kind, .notFound)
        XCTAssertEqual(ollama.message, #"model "llama9" not found, try pulling it first"#)
        let native = adapter.error(status: 500, headers: HTTPHeaders(), body: bytes(#"{"error":"llama runner process has terminated"}"#), endpoint: local)
        XCTAssertEqual(native.kind, .server)
        XCTAssertEqual(native.message, "llama runner process has terminated")
        let proxy = adapter.error(status: 502, headers: HTTPHeaders(), body: bytes("<html><body>Bad   Gateway</body></html>\n"), endpoint: local)
        XCTAssertEqual(proxy.message, "<html><body>Bad Gateway</body></html>")
    }
}
