import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// An HTTP/1.1 server on 127.0.0.1 with a kernel-chosen port that answers every request with whatever the
/// handler returns, streaming the body script as it goes.
///
/// Keeps connections alive, serves many connections at once, records every request, and notices when a
/// client closes its connection (even while a response is stalled).
public final class FixtureServer: Sendable {
    /// `http://127.0.0.1:PORT`, no trailing slash.
    public let baseURL: URL
    public let port: Int

    private let serverChannel: any Channel
    private let ledger: FixtureServerLedger

    private init(serverChannel: any Channel, port: Int, ledger: FixtureServerLedger) {
        self.serverChannel = serverChannel
        self.port = port
        self.ledger = ledger
        // A loopback address with a numeric port always makes a valid URL.
        self.baseURL = URL(string: "http://127.0.0.1:\(port)") ?? URL(fileURLWithPath: "/")
    }

    /// Binds a new server and starts accepting. The handler is called once per request, concurrently across
    /// connections; it may sleep before returning to delay the response head.
    public static func start(
        _ handler: @escaping @Sendable (RecordedRequest) async -> FixtureResponse
    ) async throws -> FixtureServer {
        let ledger = FixtureServerLedger()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    // No pipelining assistance: it stops reading while a response is in flight, and then a
                    // client that closes during a stall would go unnoticed.
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withPipeliningAssistance: false)
                    try channel.pipeline.syncOperations.addHandler(
                        FixtureConnectionHandler(ledger: ledger, respond: handler))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        guard let port = channel.localAddress?.port else {
            try? await channel.close()
            throw FixtureServerError.noPort
        }
        return FixtureServer(serverChannel: channel, port: port, ledger: ledger)
    }

    /// `baseURL` with a path appended (`url("/v1")`).
    public func url(_ path: String) -> URL {
        URL(string: baseURL.absoluteString + path) ?? baseURL
    }

    // MARK: - What happened

    /// Every request received so far, in arrival order.
    public func recordedRequests() -> [RecordedRequest] { ledger.requests }

    /// How many requests arrived in all.
    public var requestCount: Int { ledger.requestCount }

    /// How many requests arrived for this path (the query is ignored).
    public func requestCount(path: String) -> Int { ledger.requestCount(path: path) }

    /// Connections accepted since start.
    public var acceptedConnections: Int { ledger.acceptedConnections }

    /// Connections that have closed, whichever side closed them.
    public var closedConnections: Int { ledger.closedConnections }

    /// Forgets recorded requests and per-path counts; connection counts stay.
    public func resetRecordedRequests() { ledger.forgetRequests() }

    /// Waits until at least `count` connections have closed; false if that did not happen within `timeout`.
    public func waitForClosedConnections(_ count: Int, timeout: Duration) async -> Bool {
        await waitUntil(timeout: timeout) { $0.closedConnections >= count }
    }

    /// Waits until `condition` holds, checking every few milliseconds; false on timeout.
    public func waitUntil(timeout: Duration, _ condition: @Sendable (FixtureServer) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while !condition(self) {
            if ContinuousClock.now >= deadline { return false }
            try? await Task.sleep(for: .milliseconds(2))
        }
        return true
    }

    // MARK: - Stopping

    /// Stops accepting, closes every open connection (ending stalls), and releases the port.
    public func shutdown() async throws {
        try? await serverChannel.close()
        for channel in ledger.openChannels { try? await channel.close() }
    }
}

public enum FixtureServerError: Error, Sendable {
    case noPort
}
