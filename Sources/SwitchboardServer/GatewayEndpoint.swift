import Hummingbird
import NIOCore

// How to add an endpoint (G2's Anthropic Messages and Responses, later ones):
//
// 1. Write a type conforming to `GatewayEndpoint` in a file of its own (e.g. `AnthropicMessagesEndpoint.swift`).
//    In `register(on:gateway:)` add its routes to the router: `router.post("/v1/messages") { request, context in ... }`.
// 2. Keep the wire translation out of the route glue: a pure request decoder (bytes -> `TurnRequest`), an event
//    encoder (EngineEvent -> bytes) and an error encoder, each in its own file with unit tests in
//    Tests/SwitchboardServerTests. See OpenAIChat* for the pattern.
// 3. In the handler, in this order: `gateway.authorize(request)` (answer a denial in your wire format's error shape),
//    read the body with `GatewayBody.collect` (413 past the limit), decode, `gateway.prepare(...)` to resolve the
//    model and open the recorder, then run the turn with `GatewayTurn` so disconnects cancel and every turn is
//    recorded by the shared `TurnRecorder`. Put `GatewayHeaders` on every response.
// 4. Add one line to `GatewayEndpoints.all` below.

/// One inbound wire format: the routes it serves.
public protocol GatewayEndpoint: Sendable {
    func register(on router: Router<GatewayRequestContext>, gateway: GatewayContext)
}

/// Every endpoint `serve` answers. Add yours here.
public enum GatewayEndpoints {
    public static let all: [any GatewayEndpoint] = [
        GatewayInfoEndpoint(),
        OpenAIChatEndpoint(),
        RequestLookupEndpoint(),
        AnthropicMessagesEndpoint(),
        ResponsesEndpoint(),
    ]
}

/// The per-request context Hummingbird hands to every route: the core storage plus the connection, so a route
/// can learn when its client goes away (`GatewayRequestContext.closeWatcher`).
public struct GatewayRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    let channel: any Channel
    /// The conversation the request names and the session its turn lands in (`GatewaySessionMiddleware`).
    public let sessionSlot = GatewaySessionSlot()

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }

    /// The connection's watcher; nil only where the server was built without it (tests of the router alone).
    var closeWatcher: InboundCloseWatcher? { InboundCloseWatcher.watching(channel) }
}
