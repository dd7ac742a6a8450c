import Foundation
import SwitchboardCore

/// Two providers on two wires behind one engine: `acme/gpt` on an OpenAI-compatible one and `acme/claude` on an
/// Anthropic one. Each answers its first request with a call of `get_current_time` (unless `calls` is false) and
/// every later one in text; every request body is kept, with the wire it went to.
final class TwoWireToolTransport: HTTPTransport, @unchecked Sendable {
    enum Wire: String { case openAI, anthropic }

    private let lock = NSLock()
    private var sent: [(wire: Wire, body: String)] = []
    private let calls: Bool

    init(calls: Bool = true) { self.calls = calls }

    var requests: [(wire: Wire, body: String)] { lock.withLock { sent } }

    func send(_ request: HTTPRequest, connectTimeout: Duration, abort: AbortSignal) async throws -> HTTPResponse {
        let wire: Wire = request.url.host == "an.invalid" ? .anthropic : .openAI
        let first = lock.withLock { () -> Bool in
            sent.append((wire, String(decoding: request.body, as: UTF8.self)))
            return sent.filter { $0.wire == wire }.count == 1
        }
        let body = wire == .openAI ? Self.openAI(callsTool: first && calls) : Self.anthropic(callsTool: first && calls)
        return HTTPResponse(status: 200, headers: HTTPHeaders([("content-type", "text/event-stream")]),
                            body: AsyncThrowingStream { continuation in
                                continuation.yield(Array(body.utf8))
                                continuation.finish()
                            })
    }

    private static func openAI(callsTool: Bool) -> String {
        let chunks = callsTool
            ? [#"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"get_current_time","arguments":"{\"timezone\":\"UTC\"}"}}]}}]}"#,
               #"{"choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}"#]
            : [#"{"choices":[{"index":0,"delta":{"content":"It is 19:30 UTC."}}]}"#,
               #"{"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"#]
        let usage = #"{"choices":[],"usage":{"prompt_tokens":1000,"completion_tokens":1000}}"#
        return (chunks + [usage]).map { "data: \($0)\n\n" }.joined() + "data: [DONE]\n\n"
    }

    private static func anthropic(callsTool: Bool) -> String {
        var events = [
            ("message_start", #"{"type":"message_start","message":{"model":"claude-p1","usage":{"input_tokens":1000,"output_tokens":1}}}"#),
        ]
        if callsTool {
            events += [
                ("content_block_start", #"{"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"toolu_1","name":"get_current_time","input":{}}}"#),
                ("content_block_delta", #"{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\"timezone\": \"UTC\"}"}}"#),
                ("content_block_stop", #"{"type":"content_block_stop","index":0}"#),
                ("message_delta", #"{"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":1000}}"#),
            ]
        } else {
            events += [
                ("content_block_start", #"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#),
                ("content_block_delta", #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"It is 19:30 UTC."}}"#),
                ("content_block_stop", #"{"type":"content_block_stop","index":0}"#),
                ("message_delta", #"{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":1000}}"#),
            ]
        }
        events.append(("message_stop", #"{"type":"message_stop"}"#))
        return events.map { "event: \($0.0)\ndata: \($0.1)\n\n" }.joined()
    }

    /// The engine: each model $1 per million tokens each way, both able to call tools.
    func engine() throws -> RoutingEngine {
        let endpoints = [
            ProviderEndpoint(name: "p-openai", wire: .openAICompatible,
                             baseURL: URL(string: "http://oa.invalid/v1") ?? URL(fileURLWithPath: "/"), apiKey: "k"),
            ProviderEndpoint(name: "p-anthropic", wire: .anthropic,
                             baseURL: URL(string: "http://an.invalid") ?? URL(fileURLWithPath: "/"), apiKey: "k"),
        ]
        let price = Price(input: Decimal(1) / 1_000_000, output: Decimal(1) / 1_000_000)
        let catalog = ModelCatalog(models: [
            CatalogModel(id: "acme/gpt", name: "GPT", deployments: [
                Deployment(provider: "p-openai", providerModel: "gpt-p1", price: price, contextWindow: 100_000, capabilities: [.tools]),
            ]),
            CatalogModel(id: "acme/claude", name: "Claude", deployments: [
                Deployment(provider: "p-anthropic", providerModel: "claude-p1", price: price, contextWindow: 100_000,
                           capabilities: [.tools]),
            ]),
        ])
        let planner = RoutePlanner(catalog: catalog, registry: ProviderRegistry(endpoints: endpoints))
        return RoutingEngine(resolver: try RouteResolver(planner: planner, routing: RoutingConfiguration()), transport: self,
                             timeouts: Timeouts(connect: .seconds(60), firstToken: .seconds(60), stall: .seconds(60)))
    }
}
