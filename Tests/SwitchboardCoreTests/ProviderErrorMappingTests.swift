import XCTest
@testable import SwitchboardCore

final class ProviderErrorMappingTests: XCTestCase {
    private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    func testStatusDefaults() {
        let expected: [Int: ProviderError.Kind] = [
            400: .badRequest, 401: .auth, 402: .billing, 403: .auth, 404: .notFound, 408: .timeout,
            409: .badRequest, 413: .contextLength, 422: .badRequest, 429: .rateLimited, 500: .server,
            502: .server, 503: .overloaded, 504: .server, 529: .overloaded,
        ]
        for (status, kind) in expected {
            XCTAssertEqual(ProviderErrorMapping.kind(forStatus: status), kind, "status \(status)")
        }
    }

    func testRetryAfterMillisecondsWinsOverSeconds() {
        let headers = HTTPHeaders([("Retry-After-Ms", "1146"), ("Retry-After", "30")])
        XCTAssertEqual(ProviderErrorMapping.retryAfter(headers), .milliseconds(1146))
    }

    func testRetryAfterSecondsIncludingFractions() {
        XCTAssertEqual(ProviderErrorMapping.retryAfter(HTTPHeaders([("retry-after", "20")])), .seconds(20))
        XCTAssertEqual(ProviderErrorMapping.retryAfter(HTTPHeaders([("retry-after", "1.5")])), .milliseconds(1500))
    }

    func testRetryAfterHTTPDate() {
        let now = Date(timeIntervalSince1970: 1_445_412_450)  // Wed, 21 Oct 2015 07:27:30 GMT
        let headers = HTTPHeaders([("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT")])
        XCTAssertEqual(ProviderErrorMapping.retryAfter(headers, now: now), .seconds(30))
        let past = HTTPHeaders([("Retry-After", "Wed, 21 Oct 2015 07:20:00 GMT")])
        XCTAssertNil(ProviderErrorMapping.retryAfter(past, now: now))
    }

    func testRetryAfterOutOfRangeOrGarbageIsNil() {
        for value in ["0", "-3", "121", "3600", "soon", ""] {
            XCTAssertNil(ProviderErrorMapping.retryAfter(HTTPHeaders([("retry-after", value)])), value)
        }
        XCTAssertNil(ProviderErrorMapping.retryAfter(HTTPHeaders([("retry-after-ms", "120001")])))
        XCTAssertEqual(ProviderErrorMapping.retryAfter(HTTPHeaders([("retry-after", "120")])), .seconds(120))
        XCTAssertNil(ProviderErrorMapping.retryAfter(HTTPHeaders()))
    }

    func testOpenAIShapeWithRateLimit() {
        let body = #"{"error":{"message":"Rate limit reached for gpt-4o-mini on tokens per min (TPM): Limit 50000. Please try again in 1.146s.","type":"tokens","param":null,"code":"rate_limit_exceeded"}}"#
        let error = ProviderErrorMapping.makeError(provider: "openai", status: 429,
                                                   headers: HTTPHeaders([("retry-after-ms", "1146")]), body: bytes(body))
        XCTAssertEqual(error.kind, .rateLimited)
        XCTAssertEqual(error.status, 429)
        XCTAssertEqual(error.retryAfter, .milliseconds(1146))
        XCTAssertTrue(error.message.hasPrefix("Rate limit reached for gpt-4o-mini"))
    }

    func testInsufficientQuotaOn429IsBilling() {
        let body = #"{"error":{"message":"You exceeded your current quota, please check your plan and billing details.","type":"insufficient_quota","param":null,"code":"insufficient_quota"}}"#
        let error = ProviderErrorMapping.makeError(provider: "openai", status: 429, headers: HTTPHeaders(), body: bytes(body))
        XCTAssertEqual(error.kind, .billing)
        XCTAssertFalse(error.isRetryable)
    }

    func testContextLengthFromCodeOrMessage() {
        let openAI = #"{"error":{"message":"This model's maximum context length is 128000 tokens.","type":"invalid_request_error","code":"context_length_exceeded"}}"#
        XCTAssertEqual(ProviderErrorMapping.makeError(provider: "openai", status: 400, headers: HTTPHeaders(), body: bytes(openAI)).kind, .contextLength)
        let anthropic = #"{"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 210000 tokens > 200000 maximum"}}"#
        let error = ProviderErrorMapping.makeError(provider: "anthropic", status: 400, headers: HTTPHeaders(), body: bytes(anthropic))
        XCTAssertEqual(error.kind, .contextLength)
        XCTAssertEqual(error.message, "prompt is too long: 210000 tokens > 200000 maximum")
        XCTAssertEqual(ProviderErrorMapping.refine(kind: .badRequest, code: nil, type: nil,
                                                   message: "Input exceeds the maximum number of tokens"), .contextLength)
    }

    func testOtherRefinements() {
        XCTAssertEqual(ProviderErrorMapping.refine(kind: .badRequest, code: "content_filter", type: nil, message: nil), .contentPolicy)
        XCTAssertEqual(ProviderErrorMapping.refine(kind: .badRequest, code: nil, type: "content_policy_violation", message: nil), .contentPolicy)
        XCTAssertEqual(ProviderErrorMapping.refine(kind: .auth, code: nil, type: nil, message: "Input flagged by moderation"), .contentPolicy)
        XCTAssertEqual(ProviderErrorMapping.refine(kind: .server, code: nil, type: "overloaded_error", message: "Overloaded"), .overloaded)
        XCTAssertEqual(ProviderErrorMapping.refine(kind: .server, code: nil, type: nil, message: "Server overloaded, try later"), .overloaded)
        XCTAssertEqual(ProviderErrorMapping.refine(kind: .badRequest, code: "rate_limit_exceeded", type: nil, message: nil), .rateLimited)
        XCTAssertEqual(ProviderErrorMapping.refine(kind: .badRequest, code: nil, type: "invalid_request_error", message: "bad"), .badRequest)
    }

    func testBodyShapes() {
        XCTAssertEqual(ProviderErrorMapping.details(fromBody: bytes(#"{"error":"model 'x' not found"}"#)),
                       .init(message: "model 'x' not found"))
        XCTAssertEqual(ProviderErrorMapping.details(fromBody: bytes(#"{"object":"error","message":"bad  input","type":"BadRequestError","param":null,"code":400}"#)),
                       .init(message: "bad input", code: "400", type: "BadRequestError"))
        XCTAssertEqual(ProviderErrorMapping.details(fromBody: bytes(#"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#)),
                       .init(message: "Overloaded", type: "overloaded_error"))
        XCTAssertEqual(ProviderErrorMapping.details(fromBody: bytes(#"{"error":{"code":429,"message":"Quota","status":"RESOURCE_EXHAUSTED"}}"#)),
                       .init(message: "Quota", code: "429", type: "RESOURCE_EXHAUSTED"))
        XCTAssertNil(ProviderErrorMapping.details(fromBody: bytes(#"{"ok":true}"#)))
        XCTAssertNil(ProviderErrorMapping.details(fromBody: bytes("<html>")))
    }

    func testHTMLBodyGivesShortCleanMessage() {
        let html = "<html>\n  <head><title>502 Bad Gateway</title></head>\n\n<body>" + String(repeating: "x ", count: 300) + "</body></html>"
        let error = ProviderErrorMapping.makeError(provider: "groq", status: 502, headers: HTTPHeaders(), body: bytes(html))
        XCTAssertEqual(error.kind, .server)
        XCTAssertTrue(error.message.hasPrefix("<html> <head><title>502 Bad Gateway</title></head> <body>x x"))
        XCTAssertFalse(error.message.contains("\n"))
        XCTAssertLessThanOrEqual(error.message.count, 201)
        XCTAssertEqual(ProviderErrorMapping.makeError(provider: "p", status: 500, headers: HTTPHeaders(), body: []).message,
                       "empty response body")
    }

    func testMessagesAreRedacted() {
        let body = #"{"error":{"message":"Incorrect API key provided: sk-proj-abcdefghijklmnopqrstuvwxyz0123.","type":"invalid_request_error","code":"invalid_api_key"}}"#
        let error = ProviderErrorMapping.makeError(provider: "openai", status: 401, headers: HTTPHeaders(), body: bytes(body))
        XCTAssertEqual(error.kind, .auth)
        XCTAssertFalse(error.message.contains("abcdefghijklmnopqrstuvwxyz0123"))
    }

    func testStreamErrorUsesNumericCodeOrDefaultsToServer() {
        XCTAssertEqual(ProviderErrorMapping.makeStreamError(provider: "v", details: .init(message: "bad", code: "400")).kind, .badRequest)
        XCTAssertEqual(ProviderErrorMapping.makeStreamError(provider: "o", details: .init(message: "Provider disconnected unexpectedly", code: "server_error")).kind, .server)
        XCTAssertEqual(ProviderErrorMapping.makeStreamError(provider: "a", details: .init(message: "Overloaded", type: "overloaded_error")).kind, .overloaded)
        XCTAssertNil(ProviderErrorMapping.makeStreamError(provider: "a", details: .init()).status)
    }
}
