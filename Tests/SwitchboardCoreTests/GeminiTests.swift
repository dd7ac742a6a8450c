import XCTest
@testable import SwitchboardCore

final class GeminiTests: XCTestCase {
    private let adapter = GeminiAdapter()

    private func endpoint(_ base: String = "https://generativelanguage.googleapis.com", key: String? = "test-gemini-key",
                          extra: [(String, String)] = []) -> ProviderEndpoint {
        ProviderEndpoint(name: "gemini", wire: .gemini, baseURL: URL(string: base)!, apiKey: key,
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
        ], maxTokens: 512, temperature: 0.25)

        let http = try adapter.makeRequest(request, model: "gemini-2.5-flash",
                                           endpoint: endpoint(extra: [("x-goog-user-project", "demo-project")]))

        XCTAssertEqual(http.method, "POST")
        XCTAssertEqual(http.url.absoluteString,
                       "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse")
        XCTAssertEqual(http.headers.fields.map { [$0.name, $0.value] }, [
            ["x-goog-api-key", "test-gemini-key"],
            ["content-type", "application/json"],
            ["accept", "text/event-stream"],
            ["x-goog-user-project", "demo-project"],
        ])
        let expected = #"{"contents":[{"parts":[{"text":"Hi"}],"role":"user"},"#
            + #"{"parts":[{"text":"Hello! How can I help?"}],"role":"model"},"#
            + #"{"parts":[{"text":"First question: what is 2+2?\n\nSecond question: and 3/3?"}],"role":"user"}],"#
            + #""generationConfig":{"maxOutputTokens":512,"temperature":0.25},"#
            + #""systemInstruction":{"parts":[{"text":"You are terse.\n\nAnswer in \"English\"."}]}}"#
        XCTAssertEqual(String(decoding: http.body, as: UTF8.self), expected)
    }

    func testUnsetSettingsOmitGenerationConfigAndSystemInstruction() throws {
        let http = try adapter.makeRequest(ChatRequest(messages: [.user("Hi")]), model: "gemini-2.5-flash",
                                           endpoint: endpoint())
        XCTAssertEqual(String(decoding: http.body, as: UTF8.self), #"{"contents":[{"parts":[{"text":"Hi"}],"role":"user"}]}"#)
    }

    func testOnlyTheSetGenerationSettingIsSent() throws {
        let http = try adapter.makeRequest(ChatRequest(messages: [.user("Hi")], temperature: 1), model: "m",
                                           endpoint: endpoint())
        XCTAssertEqual(String(decoding: http.body, as: UTF8.self),
                       #"{"contents":[{"parts":[{"text":"Hi"}],"role":"user"}],"generationConfig":{"temperature":1}}"#)
    }

    func testConversationStartingWithModelGetsAPlaceholderUserTurn() throws {
        // Gemini rejects contents whose first entry is a model turn.
        let request = ChatRequest(messages: [.assistant("Welcome back!"), .user("Thanks"), .assistant(""), .user("Bye")])
        let http = try adapter.makeRequest(request, model: "m", endpoint: endpoint())
        XCTAssertEqual(String(decoding: http.body, as: UTF8.self),
                       #"{"contents":[{"parts":[{"text":"(continuing the conversation)"}],"role":"user"},"#
                       + #"{"parts":[{"text":"Welcome back!"}],"role":"model"},"#
                       + #"{"parts":[{"text":"Thanks\n\nBye"}],"role":"user"}]}"#)
    }

    func testConversationWithoutTurnsIsABadRequest() {
        XCTAssertThrowsError(try adapter.makeRequest(ChatRequest(messages: [.system("x")]), model: "m",
                                                     endpoint: endpoint())) { error in
            XCTAssertEqual((error as? ProviderError)?.kind, .badRequest)
        }
    }

    func testURLKeepsPathPrefixToleratesTrailingSlashAndStripsModelsPrefix() throws {
        let suffix = "/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse"
        let cases = [
            ("https://generativelanguage.googleapis.com", "gemini-2.5-flash",
             "https://generativelanguage.googleapis.com" + suffix),
            ("https://generativelanguage.googleapis.com/", "models/gemini-2.5-flash",
             "https://generativelanguage.googleapis.com" + suffix),
            ("http://127.0.0.1:8089/gemini", "gemini-2.5-flash", "http://127.0.0.1:8089/gemini" + suffix),
            ("http://127.0.0.1:8089/gemini/", "models/gemini-2.5-flash", "http://127.0.0.1:8089/gemini" + suffix),
        ]
        for (base, model, expected) in cases {
            let http = try adapter.makeRequest(ChatRequest(messages: [.user("x")]), model: model, endpoint: endpoint(base))
            XCTAssertEqual(http.url.absoluteString, expected, "\(base) \(model)")
        }
    }

    func testNoKeyMeansNoKeyHeader() throws {
        let http = try adapter.makeRequest(ChatRequest(messages: [.user("x")]), model: "m", endpoint: endpoint(key: nil))
        XCTAssertNil(http.headers["x-goog-api-key"])
        XCTAssertEqual(http.headers["accept"], "text/event-stream")
    }

    // MARK: - Stream

    private static let fullStream = """
        data: {"candidates": [{"content": {"parts": [{"text": "Thinking about greetings", "thought": true}],"role": "model"},"index": 0}],"usageMetadata": {"promptTokenCount": 9,"totalTokenCount": 9},"modelVersion": "gemini-2.5-flash","responseId": "r1"}\r
        \r
        data: {"candidates": [{"content": {"parts": [{"text": "Hello"}],"role": "model"},"index": 0}],"usageMetadata": {"promptTokenCount": 9,"candidatesTokenCount": 1,"totalTokenCount": 10},"modelVersion": "gemini-2.5-flash","responseId": "r1"}\r
        \r
        data: {"candidates": [{"content": {"parts": [{"text": ", wörld 👋"}],"role": "model"},"index": 0}],"modelVersion": "gemini-2.5-flash","responseId": "r1"}\r
        \r
        data: {"candidates": [{"content": {"parts": [{"text": "!"}],"role": "model"},"finishReason": "STOP","index": 0}],"usageMetadata": {"promptTokenCount": 1200,"candidatesTokenCount": 40,"thoughtsTokenCount": 25,"cachedContentTokenCount": 1000,"totalTokenCount": 1265},"modelVersion": "gemini-2.5-flash","responseId": "r1"}\r
        \r

        """

    func testFullStreamWholeAndByteByByteGiveTheSameResult() throws {
        let bytes = Array(Self.fullStream.utf8)
        let whole = try StreamRun(adapter.makeDecoder(endpoint: endpoint()), chunks: [bytes])
        let byByte = try StreamRun(adapter.makeDecoder(endpoint: endpoint()), chunks: bytes.map { [$0] })

        XCTAssertEqual(whole.text, "Hello, wörld 👋!")
        XCTAssertEqual(whole.usage, Usage(input: 200, output: 65, cacheRead: 1000, reasoning: 25))
        XCTAssertEqual(whole.servedModels, ["gemini-2.5-flash"])
        XCTAssertEqual(whole.events.last, .finished(reason: "STOP"))
        XCTAssertEqual(byByte.events, whole.events)
    }

    func testCachedUsageCostsExactly() throws {
        let run = try StreamRun(adapter.makeDecoder(endpoint: endpoint()), chunks: [Array(Self.fullStream.utf8)])
        let usage = try XCTUnwrap(run.usage)
        let price = Price(input: Decimal(string: "0.0000003"), output: Decimal(string: "0.0000025"),
                          cacheRead: Decimal(string: "0.000000075"))
        // 200×0.30 + 65×2.50 + 1000×0.075 = 60 + 162.5 + 75 = 297.5 micro-dollars.
        XCTAssertEqual(price.cost(of: usage), Money(try XCTUnwrap(Decimal(string: "0.0002975"))))
    }

    func testStreamWithoutFinishReasonIsTruncated() throws {
        let cut = Self.fullStream.components(separatedBy: "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"!\"}]")[0]
        let decoder = adapter.makeDecoder(endpoint: endpoint())
        let events = try decoder.consume(Array(cut.utf8))
        XCTAssertTrue(events.contains(.text("Hello")))
        XCTAssertThrowsError(try decoder.finish()) { XCTAssertEqual(($0 as? ProviderError)?.kind, .truncated) }
    }

    func testSafetyFinishWithoutTextIsAContentPolicyError() {
        let stream = #"data: {"candidates":[{"content":{"parts":[],"role":"model"},"finishReason":"SAFETY","safetyRatings":[{"category":"HARM_CATEGORY_DANGEROUS_CONTENT","probability":"HIGH","blocked":true}]}]}"# + "\r\n\r\n"
        XCTAssertThrowsError(try adapter.makeDecoder(endpoint: endpoint()).consume(Array(stream.utf8))) {
            XCTAssertEqual(($0 as? ProviderError)?.kind, .contentPolicy)
        }
    }

    func testSafetyFinishAfterTextFinishesWithThatReason() throws {
        let stream = #"data: {"candidates":[{"content":{"parts":[{"text":"Part of it"}]}}]}"# + "\n\n"
            + #"data: {"candidates":[{"finishReason":"SAFETY"}]}"# + "\n\n"
        let run = try StreamRun(adapter.makeDecoder(endpoint: endpoint()), chunks: [Array(stream.utf8)])
        XCTAssertEqual(run.events, [.text("Part of it"), .finished(reason: "SAFETY")])
    }

    func testBlockedPromptIsAContentPolicyError() {
        let stream = #"data: {"promptFeedback":{"blockReason":"PROHIBITED_CONTENT"},"usageMetadata":{"promptTokenCount":8}}"# + "\n\n"
        XCTAssertThrowsError(try adapter.makeDecoder(endpoint: endpoint()).consume(Array(stream.utf8))) {
            let error = $0 as? ProviderError
            XCTAssertEqual(error?.kind, .contentPolicy)
            XCTAssertTrue(error?.message.contains("PROHIBITED_CONTENT") == true)
        }
    }

    func testMidStreamErrorIsTypedAndKeepsEarlierText() throws {
        let stream = #"data: {"candidates":[{"content":{"parts":[{"text":"Hel"}]}}]}"# + "\n\n"
            + #"data: {"error":{"code":503,"message":"The model is overloaded. Please try again later.","status":"UNAVAILABLE"}}"# + "\n\n"
        let decoder = adapter.makeDecoder(endpoint: endpoint())
        XCTAssertEqual(try decoder.consume(Array(stream.utf8)), [.text("Hel")])
        XCTAssertThrowsError(try decoder.finish()) { error in
            XCTAssertEqual((error as? ProviderError)?.kind, .overloaded)
            XCTAssertEqual((error as? ProviderError)?.message, "The model is overloaded. Please try again later.")
        }
    }

    func testNonJSONDataIsMalformed() {
        XCTAssertThrowsError(try adapter.makeDecoder(endpoint: endpoint()).consume(Array("data: oops\n\n".utf8))) {
            XCTAssertEqual(($0 as? ProviderError)?.kind, .malformed)
        }
    }

    // MARK: - HTTP errors

    private func httpError(_ status: Int, _ body: String, headers: [(String, String)] = []) -> ProviderError {
        adapter.error(status: status, headers: HTTPHeaders(headers), body: Array(body.utf8), endpoint: endpoint())
    }

    func testResourceExhaustedWithRetryInfo() {
        let body = """
            {"error":{"code":429,"message":"You exceeded your current quota. Please retry in 46.2s.","status":"RESOURCE_EXHAUSTED",
            "details":[{"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[{"quotaMetric":"generate_content_free_tier_requests"}]},
            {"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"46s"}]}}
            """
        let error = httpError(429, body)
        XCTAssertEqual(error.kind, .rateLimited)
        XCTAssertEqual(error.status, 429)
        XCTAssertEqual(error.retryAfter, .seconds(46))
        XCTAssertTrue(error.message.hasPrefix("You exceeded your current quota"))
    }

    func testFractionalRetryDelay() {
        XCTAssertEqual(GeminiErrors.duration("1.5s"), .milliseconds(1500))
        XCTAssertNil(GeminiErrors.duration("0s"))
        XCTAssertNil(GeminiErrors.duration("soon"))
    }

    func testStatusNamesMapToKinds() {
        let cases: [(Int, String, String, ProviderError.Kind)] = [
            (503, "UNAVAILABLE", "The model is overloaded.", .overloaded),
            (400, "INVALID_ARGUMENT", "The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).",
             .contextLength),
            (400, "INVALID_ARGUMENT", "Invalid value at 'contents[0].role'", .badRequest),
            (400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.", .auth),
            (403, "PERMISSION_DENIED", "Method doesn't allow unregistered callers.", .auth),
            (404, "NOT_FOUND", "models/gemini-9 is not found for API version v1beta", .notFound),
            (500, "INTERNAL", "An internal error has occurred.", .server),
        ]
        for (status, name, message, kind) in cases {
            let body = #"{"error":{"code":\#(status),"message":"\#(message)","status":"\#(name)"}}"#
            XCTAssertEqual(httpError(status, body).kind, kind, "\(name): \(message)")
        }
    }

    func testRetryAfterHeaderWinsOverNothing() {
        let error = httpError(503, "Service Unavailable", headers: [("Retry-After", "5")])
        XCTAssertEqual(error.kind, .overloaded)
        XCTAssertEqual(error.retryAfter, .seconds(5))
        XCTAssertEqual(error.message, "Service Unavailable")
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

    var usage: Usage? {
        events.compactMap { if case .usage(let usage) = $0 { usage } else { nil } }.last
    }

    var servedModels: [String] {
        events.compactMap { if case .servedModel(let model) = $0 { model } else { nil } }
    }
}
