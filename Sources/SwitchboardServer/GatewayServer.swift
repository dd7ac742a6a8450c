import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// Runs the HTTP server under a ServiceGroup: SIGTERM or SIGINT stops accepting, lets requests in flight finish
/// for up to `drain`, then stops the turns still running (each is recorded as cancelled) and returns.
public struct GatewayServer: Sendable {
    public var gateway: GatewayContext
    public var host: String
    public var port: Int
    public var drain: Duration

    public init(gateway: GatewayContext, host: String, port: Int, drain: Duration) {
        self.gateway = gateway
        self.host = host
        self.port = port
        self.drain = drain
    }

    /// Builds the router with every endpoint in `GatewayEndpoints.all`.
    public func router() -> Router<GatewayRequestContext> {
        let router = Router(context: GatewayRequestContext.self)
        router.add(middleware: GatewayEnvelopeMiddleware())
        router.add(middleware: GatewaySessionMiddleware())
        for endpoint in GatewayEndpoints.all {
            endpoint.register(on: router, gateway: gateway)
        }
        return router
    }

    /// Serves until a shutdown signal; `onListening` gets the bound URL once the socket is open.
    public func run(logger: Logger, onListening: @escaping @Sendable (String) -> Void) async throws {
        let host = self.host
        let app = Application(
            router: router(),
            server: .http1(configuration: .init(additionalChannelHandlers: [InboundCloseWatcher()])),
            configuration: .init(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in
                let bound = channel.localAddress?.port ?? 0
                onListening(GatewayServer.url(host: host, port: bound))
            },
            logger: logger
        )
        let turns = gateway.turns
        var configuration = ServiceGroupConfiguration(services: [app, GatewayDrain(turns: turns, drain: drain)],
                                                      gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        // A backstop: GatewayDrain stops the turns at `drain`, and they end within moments of that.
        configuration.maximumGracefulShutdownDuration = drain + .seconds(5)
        let group = ServiceGroup(configuration: configuration)
        let flusher = Task { await turns.flushPeriodically() }
        defer { flusher.cancel() }
        do {
            try await withTaskCancellationHandler {
                try await group.run()
            } onCancel: {
                turns.cancelAll()
            }
            // Answered turns whose history writes are still being made.
            await turns.allEnded()
        } catch let error as IOError where error.errnoCode == EADDRINUSE || error.errnoCode == EACCES {
            throw GatewayListenError(address: GatewayServer.url(host: host, port: port),
                                     reason: error.errnoCode == EADDRINUSE ? "the address is already in use (another serve?); pick another --port"
                                         : "permission denied (ports below 1024 need privileges); pick another --port")
        }
    }

    /// `http://host:port`, with brackets around an IPv6 address.
    static func url(host: String, port: Int) -> String {
        let shown = host.contains(":") ? "[\(host)]" : host
        return "http://\(shown):\(port)"
    }
}

/// The server could not listen where it was asked to.
public struct GatewayListenError: Error, CustomStringConvertible {
    public var address: String
    public var reason: String

    public var description: String { "cannot listen on \(address): \(reason)" }
}
