import Foundation
import NIOConcurrencyHelpers
import SwitchboardCore

/// Answers one request: route by path, check it, take its faults, and build the protocol's bytes.
final class ProviderFixtureResponder: Sendable {
    let faults = FaultScript()
    private let state: NIOLockedValueBox<State>

    private struct State {
        var configuration: ProviderFixture.Configuration
        var counts: [FixtureWire: Int] = [:]
    }

    init(configuration: ProviderFixture.Configuration) {
        state = NIOLockedValueBox(State(configuration: configuration))
    }

    var configuration: ProviderFixture.Configuration { state.withLockedValue { $0.configuration } }

    func update(_ change: (inout ProviderFixture.Configuration) -> Void) {
        state.withLockedValue { change(&$0.configuration) }
    }

    func requestCount(_ wire: FixtureWire) -> Int { state.withLockedValue { $0.counts[wire] ?? 0 } }

    func respond(to request: RecordedRequest) async -> FixtureResponse {
        guard let wire = FixtureWire.route(path: request.path) else {
            return .json(status: 404, body: "{\"error\":\"fixture: no route for \(request.method) \(request.path)\"}")
        }
        let configuration = state.withLockedValue { state in
            state.counts[wire, default: 0] += 1
            return state.configuration
        }
        let json = request.jsonBody()
        let model = FixtureWire.geminiModel(path: request.path) ?? (json?["model"] as? String) ?? "unknown"
        let streamOptions = json?["stream_options"] as? [String: Any]
        let exchange = FixtureExchange(
            wire: wire, request: request, model: model,
            includeUsage: streamOptions?["include_usage"] as? Bool ?? false,
            answer: (Self.carriesToolResult(request) ? configuration.answerAfterToolResult : nil)
                ?? configuration.answersByModel[model] ?? configuration.answer,
            sequence: request.sequenceNumber, upstreamProvider: configuration.openRouterUpstream)
        let encoder = Self.encoder(for: wire)

        if let failure = FixtureRequestCheck.failure(for: request, wire: wire, json: json,
                                                     expectedAPIKey: configuration.expectedAPIKey) {
            return encoder.errorResponse(failure, exchange)
        }
        let faults = faults.take(wire: wire, path: request.path, model: model)
        for case .delayHead(let duration) in faults {
            try? await Task.sleep(for: duration)
        }
        if let failure = Self.failure(in: faults) {
            return encoder.errorResponse(failure, exchange)
        }
        let stream = encoder.stream(exchange)
        let script = FixtureStreamScript(faults: faults, defaultPacing: configuration.pacing)
        let steps = script.steps(for: stream, midStreamError: encoder.midStreamError(exchange),
                                 malformedEvent: encoder.malformedEvent(exchange))
        return FixtureResponse(status: 200, headers: stream.headers, body: steps)
    }

    /// Whether the body holds a tool result in its protocol's shape (OpenAI `role: tool`, Anthropic `tool_result`,
    /// Gemini `functionResponse`).
    static func carriesToolResult(_ request: RecordedRequest) -> Bool {
        let text = request.bodyText
        return text.contains(#""role":"tool""#) || text.contains(#""type":"tool_result""#) || text.contains(#""functionResponse""#)
    }

    /// The first fault that replaces the stream with an error response.
    private static func failure(in faults: [Fault]) -> FixtureFailure? {
        for fault in faults {
            switch fault {
            case .status(let code, let retryAfter): return .status(code, retryAfter: retryAfter)
            case .contextLength: return .contextLength
            case .insufficientQuota: return .insufficientQuota
            default: continue
            }
        }
        return nil
    }

    private static func encoder(for wire: FixtureWire) -> any FixtureEncoder {
        switch wire {
        case .openAIChat: OpenAIChatFixtureEncoder(isOpenRouter: false)
        case .openRouter: OpenAIChatFixtureEncoder(isOpenRouter: true)
        case .anthropic: AnthropicFixtureEncoder()
        case .gemini: GeminiFixtureEncoder()
        case .ollama: OllamaFixtureEncoder()
        }
    }
}
