import Foundation
import SwitchboardCore

/// An OpenAI-compatible provider whose first reply calls `get_current_time` and whose next one answers in text
/// (every reply costs $0.002 at its price); it keeps each request body.
final class ToolCallingTransport: HTTPTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var bodies: [String] = []

    var requests: [String] { lock.withLock { bodies } }

    func send(_ request: HTTPRequest, connectTimeout: Duration, abort: AbortSignal) async throws -> HTTPResponse {
        let number = lock.withLock { () -> Int in
            bodies.append(String(decoding: request.body, as: UTF8.self))
            return bodies.count
        }
        let chunks = number == 1
            ? [#"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"get_current_time","arguments":"{\"timezone\":\"UTC\"}"}}]}}]}"#,
               #"{"choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}"#]
            : [#"{"choices":[{"index":0,"delta":{"content":"It is 19:30 UTC."}}]}"#,
               #"{"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"#]
        let usage = #"{"choices":[],"usage":{"prompt_tokens":1000,"completion_tokens":1000}}"#
        let body = (chunks + [usage]).map { "data: \($0)\n\n" }.joined() + "data: [DONE]\n\n"
        return HTTPResponse(status: 200, headers: HTTPHeaders([("content-type", "text/event-stream")]),
                            body: AsyncThrowingStream { continuation in
                                continuation.yield(Array(body.utf8))
                                continuation.finish()
                            })
    }

    /// An engine whose one model, `acme/model`, costs $1 per million tokens each way.
    func engine() throws -> RoutingEngine {
        let endpoint = ProviderEndpoint(name: "p0", wire: .openAICompatible,
                                        baseURL: URL(string: "http://p0.invalid/v1") ?? URL(fileURLWithPath: "/"), apiKey: "k")
        let price = Price(input: Decimal(1) / 1_000_000, output: Decimal(1) / 1_000_000)
        let deployment = Deployment(provider: "p0", providerModel: "model-p0", price: price, contextWindow: 100_000,
                                    capabilities: [.tools])
        let catalog = ModelCatalog(models: [CatalogModel(id: "acme/model", name: "Model", deployments: [deployment])])
        let planner = RoutePlanner(catalog: catalog, registry: ProviderRegistry(endpoints: [endpoint]))
        return RoutingEngine(resolver: try RouteResolver(planner: planner, routing: RoutingConfiguration()), transport: self,
                             timeouts: Timeouts(connect: .seconds(60), firstToken: .seconds(60), stall: .seconds(60)))
    }
}

/// One tool, `get_current_time`, answered by a closure; counts its calls.
final class ClockToolProvider: ToolProvider, @unchecked Sendable {
    private let lock = NSLock()
    private var made = 0

    var calls: Int { lock.withLock { made } }

    func tools() async -> ToolListing {
        guard let schema = try? JSONText(#"{"type":"object","properties":{"timezone":{"type":"string"}}}"#) else {
            return ToolListing(tools: [])
        }
        return ToolListing(tools: [ProvidedTool(server: "time", definition: ToolDefinition(name: "get_current_time", parameters: schema))])
    }

    func call(_ tool: String, arguments: [String: JSONValue]) async throws -> ToolOutput {
        lock.withLock { made += 1 }
        return ToolOutput(text: #"{"timezone": "UTC", "datetime": "2026-12-05T19:30:00+00:00"}"#)
    }
}
