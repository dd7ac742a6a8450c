import Foundation
import NIOConcurrencyHelpers
import SwitchboardCore

/// A loopback server that speaks every provider's streaming wire format, chosen by path (see `FixtureWire`),
/// with scripted faults. Point an endpoint's base URL at `openAIBaseURL`, `openRouterBaseURL`,
/// `anthropicBaseURL`, `geminiBaseURL` or `ollamaBaseURL`.
///
/// Bodies are deterministic: ids come from the request's sequence number and timestamps are fixed.
public final class ProviderFixture: Sendable {
    public struct Configuration: Sendable {
        /// The answer for every model not in `answersByModel`.
        public var answer: FixtureAnswer
        /// Per-model answers (the body's `model`, or the model in a Gemini path).
        public var answersByModel: [String: FixtureAnswer]
        /// Wait between events after the first text chunk on every request (a `.pacing` fault overrides it).
        public var pacing: Duration?
        /// When set, requests must carry this key in their provider's header, or get its "bad key" error.
        public var expectedAPIKey: String?
        /// OpenRouter's top-level `provider` field and `metadata.provider_name`.
        public var openRouterUpstream: String
        /// The answer to a request that carries a tool's result (a tool loop's later step), on any protocol; nil
        /// answers it like any other.
        public var answerAfterToolResult: FixtureAnswer?

        public init(answer: FixtureAnswer = .standard, answersByModel: [String: FixtureAnswer] = [:],
                    pacing: Duration? = nil, expectedAPIKey: String? = nil, openRouterUpstream: String = "OpenAI") {
            self.answer = answer
            self.answersByModel = answersByModel
            self.pacing = pacing
            self.expectedAPIKey = expectedAPIKey
            self.openRouterUpstream = openRouterUpstream
        }
    }

    /// The HTTP server underneath: recorded requests, per-path counts, connection counts.
    public let server: FixtureServer
    /// Faults for upcoming requests.
    public let faults: FaultScript
    private let responder: ProviderFixtureResponder

    private init(server: FixtureServer, responder: ProviderFixtureResponder) {
        self.server = server
        self.faults = responder.faults
        self.responder = responder
    }

    public static func start(_ configuration: Configuration = Configuration()) async throws -> ProviderFixture {
        let responder = ProviderFixtureResponder(configuration: configuration)
        let server = try await FixtureServer.start { request in await responder.respond(to: request) }
        return ProviderFixture(server: server, responder: responder)
    }

    public func shutdown() async throws { try await server.shutdown() }

    // MARK: - Addresses

    /// `http://127.0.0.1:PORT`.
    public var baseURL: URL { server.baseURL }
    /// For OpenAI-style endpoints: `…/v1`, so requests go to `/v1/chat/completions`.
    public var openAIBaseURL: URL { server.url("/v1") }
    /// OpenRouter's shape: `…/api/v1`, so requests go to `/api/v1/chat/completions`.
    public var openRouterBaseURL: URL { server.url("/api/v1") }
    /// The root: requests go to `/v1/messages`.
    public var anthropicBaseURL: URL { server.baseURL }
    /// The root: requests go to `/v1beta/models/{model}:streamGenerateContent?alt=sse`.
    public var geminiBaseURL: URL { server.baseURL }
    /// The root: requests go to `/api/chat`.
    public var ollamaBaseURL: URL { server.baseURL }

    // MARK: - Settings and counts

    public var configuration: Configuration { responder.configuration }

    /// Changes the configuration for requests that arrive from now on.
    public func update(_ change: (inout Configuration) -> Void) { responder.update(change) }

    /// Requests served per protocol (including those answered with an error).
    public func requestCount(_ wire: FixtureWire) -> Int { responder.requestCount(wire) }

    /// Requests for this exact path (query ignored).
    public func requestCount(path: String) -> Int { server.requestCount(path: path) }

    public func recordedRequests() -> [RecordedRequest] { server.recordedRequests() }
}
