import Foundation
@testable import SwitchboardCore

/// An OpenAI-compatible provider answering from a script: each reply is text or tool calls, with usage. It keeps
/// every request body so a test can read what went back to the model.
final class ScriptedToolTransport: HTTPTransport, @unchecked Sendable {
    enum Reply {
        case text(String)
        case calls([(id: String, name: String, arguments: String)])
    }

    private let lock = NSLock()
    private var script: [Reply]
    private var bodies: [String] = []

    init(_ script: [Reply]) { self.script = script }

    var requests: [String] { lock.withLock { bodies } }

    func send(_ request: HTTPRequest, connectTimeout: Duration, abort: AbortSignal) async throws -> HTTPResponse {
        let reply = lock.withLock { () -> Reply? in
            bodies.append(String(decoding: request.body, as: UTF8.self))
            return script.isEmpty ? nil : script.removeFirst()
        }
        var chunks: [String]
        let finish: String
        switch reply {
        case .text(let text)?:
            chunks = [#"{"choices":[{"index":0,"delta":{"content":"\#(text)"}}]}"#]
            finish = "stop"
        case .calls(let calls)?:
            chunks = calls.enumerated().map { index, call in
                let arguments = call.arguments.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                return #"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":\#(index),"id":"\#(call.id)","type":"function","function":{"name":"\#(call.name)","arguments":"\#(arguments)"}}]}}]}"#
            }
            finish = "tool_calls"
        case nil:
            throw TransportError.connectionFailed("script ran out")
        }
        chunks.append(#"{"choices":[{"index":0,"delta":{},"finish_reason":"\#(finish)"}]}"#)
        chunks.append(#"{"choices":[],"usage":{"prompt_tokens":1000,"completion_tokens":1000}}"#)
        let body = chunks.map { "data: \($0)\n\n" }.joined() + "data: [DONE]\n\n"
        return HTTPResponse(status: 200, headers: HTTPHeaders([("content-type", "text/event-stream")]),
                            body: AsyncThrowingStream { continuation in
                                continuation.yield(Array(body.utf8))
                                continuation.finish()
                            })
    }

    /// An engine whose one model costs $1 per million tokens each way: every scripted reply costs $0.002.
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

/// Tools from a closure; counts calls.
final class FakeToolProvider: ToolProvider, @unchecked Sendable {
    typealias Body = @Sendable (String, [String: JSONValue]) async throws -> ToolOutput
    private let lock = NSLock()
    private var made: [String] = []
    let listed: [ProvidedTool]
    private let body: Body

    init(_ names: [String], server: String = "fake", body: @escaping Body) {
        listed = names.compactMap { name in
            (try? JSONText(#"{"type":"object"}"#)).map { ProvidedTool(server: server, definition: ToolDefinition(name: name, parameters: $0)) }
        }
        self.body = body
    }

    var calls: [String] { lock.withLock { made } }

    func tools() async -> ToolListing { ToolListing(tools: listed) }

    func call(_ tool: String, arguments: [String: JSONValue]) async throws -> ToolOutput {
        lock.withLock { made.append(tool) }
        return try await body(tool, arguments)
    }
}

/// Answers from a list, in order, and counts how often it was asked.
actor ScriptedApproval: ToolApprovalPolicy {
    private var answers: [ToolDecision]
    private(set) var asked: [String] = []

    init(_ answers: [ToolDecision]) { self.answers = answers }

    func decide(_ call: ToolCall, tool: ProvidedTool?) async -> ToolDecision {
        asked.append(call.name)
        return answers.isEmpty ? .refuse(reason: "script ran out") : answers.removeFirst()
    }
}
