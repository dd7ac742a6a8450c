import Foundation
import SwitchboardCore
import SwitchboardHTTP
import SwitchboardTestSupport

/// Hand-written requests in each provider's shape, so fixture tests do not depend on Core's adapters.
enum FixtureRequests {
    static let key = "sk-fixture-test-key-0123456789"

    static func openAI(_ fixture: ProviderFixture, model: String = "gpt-4o-mini", includeUsage: Bool = true,
                       openRouter: Bool = false) -> HTTPRequest {
        let options = includeUsage ? ",\"stream_options\":{\"include_usage\":true}" : ""
        let body = "{\"model\":\"\(model)\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":true\(options)}"
        let base = openRouter ? fixture.openRouterBaseURL : fixture.openAIBaseURL
        return HTTPRequest(url: TestClient.url(base, "/chat/completions"),
                           headers: HTTPHeaders([("content-type", "application/json"),
                                                 ("authorization", "Bearer \(key)")]),
                           body: Array(body.utf8))
    }

    static func anthropic(_ fixture: ProviderFixture, model: String = "claude-sonnet-4-5",
                          version: String? = "2023-06-01") -> HTTPRequest {
        let body = "{\"model\":\"\(model)\",\"max_tokens\":1024,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":true}"
        var headers = HTTPHeaders([("content-type", "application/json"), ("x-api-key", key)])
        if let version { headers.add("anthropic-version", version) }
        return HTTPRequest(url: TestClient.url(fixture.anthropicBaseURL, "/v1/messages"), headers: headers,
                           body: Array(body.utf8))
    }

    static func gemini(_ fixture: ProviderFixture, model: String = "gemini-2.5-flash",
                       query: String = "?alt=sse", key: String? = FixtureRequests.key) -> HTTPRequest {
        let body = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}"
        var headers = HTTPHeaders([("content-type", "application/json")])
        if let key { headers.add("x-goog-api-key", key) }
        let path = "/v1beta/models/\(model):streamGenerateContent\(query)"
        return HTTPRequest(url: TestClient.url(fixture.geminiBaseURL, path), headers: headers, body: Array(body.utf8))
    }

    static func ollama(_ fixture: ProviderFixture, model: String = "llama3.2") -> HTTPRequest {
        let body = "{\"model\":\"\(model)\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
        return HTTPRequest(url: TestClient.url(fixture.ollamaBaseURL, "/api/chat"),
                           headers: HTTPHeaders([("content-type", "application/json")]), body: Array(body.utf8))
    }

    /// Sends and reads the whole body.
    static func exchange(_ transport: AsyncHTTPTransport, _ request: HTTPRequest) async throws -> (HTTPResponse, [UInt8]) {
        let response = try await transport.send(request, connectTimeout: TestClient.connectTimeout)
        return (response, try await TestClient.collect(response.body))
    }

    /// Sends and returns the body's SSE events.
    static func events(_ transport: AsyncHTTPTransport, _ request: HTTPRequest) async throws -> (HTTPResponse, [SSEEvent]) {
        let (response, body) = try await exchange(transport, request)
        return (response, TestClient.events(body))
    }
}
