import AsyncHTTPClient
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import SwitchboardCore

/// The real `HTTPTransport`: async-http-client underneath, bodies streamed chunk by chunk as they arrive.
///
/// The body closes its connection when the task iterating it is cancelled (at once) or when iteration stops
/// early and the response is released. A connection dropped mid-body makes the body throw
/// `TransportError.disconnected`; a refused connection is `connectionFailed` at once (no silent retries).
///
/// async-http-client fixes the connect timeout per client, so the transport keeps one client per distinct
/// timeout it is asked for (in practice one or two), each with its own connection pool. Redirects are off
/// (a provider that redirects is misconfigured) and bodies are not decompressed (we send no
/// `accept-encoding`, so none arrive compressed).
public final class AsyncHTTPTransport: HTTPTransport {
    /// Connections kept per host. Streams are long-lived, and a compare fan-out to one router opens several
    /// at once; requests beyond the limit would queue behind a whole answer.
    public static let connectionsPerHost = 64

    private let clients = NIOLockedValueBox(Clients())

    private struct Clients {
        var byConnectTimeout: [Duration: HTTPClient] = [:]
        var isShutDown = false
    }

    public init() {}

    public func send(_ request: HTTPRequest, connectTimeout: Duration) async throws -> HTTPResponse {
        let client = try client(connectTimeout: connectTimeout)
        var outgoing = HTTPClientRequest(url: request.url.absoluteString)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for field in request.headers { outgoing.headers.add(name: field.name, value: field.value) }
        if !request.body.isEmpty {
            outgoing.body = .bytes(ByteBuffer(bytes: request.body))
        }
        let response: HTTPClientResponse
        do {
            // The deadline covers only the wait for the head: async-http-client drops it once the head is in.
            // Time to first token and stalls are the engine's to judge, so there is no deadline here.
            response = try await client.execute(outgoing, deadline: .distantFuture)
        } catch {
            throw TransportErrorMapping.map(error, phase: .request)
        }
        var headers = SwitchboardCore.HTTPHeaders()
        for (name, value) in response.headers { headers.add(name, value) }
        return HTTPResponse(status: Int(response.status.code), headers: headers,
                            body: ResponseBodyStream.make(from: response.body))
    }

    /// Closes every pooled connection. Requests sent afterwards fail with `connectionFailed`.
    public func shutdown() async throws {
        let toClose = clients.withLockedValue { clients in
            clients.isShutDown = true
            let all = Array(clients.byConnectTimeout.values)
            clients.byConnectTimeout.removeAll()
            return all
        }
        for client in toClose { try await client.shutdown() }
    }

    private func client(connectTimeout: Duration) throws -> HTTPClient {
        try clients.withLockedValue { clients in
            guard !clients.isShutDown else { throw TransportError.connectionFailed("transport is shut down") }
            if let existing = clients.byConnectTimeout[connectTimeout] { return existing }
            let created = HTTPClient(eventLoopGroupProvider: .singleton,
                                     configuration: Self.configuration(connectTimeout: connectTimeout))
            clients.byConnectTimeout[connectTimeout] = created
            return created
        }
    }

    static func configuration(connectTimeout: Duration) -> HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: TimeAmount(connectTimeout)),
            decompression: .disabled
        )
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = connectionsPerHost
        // Fail a refused connection at once so the engine can move on; retrying is its decision.
        configuration.connectionPool.retryConnectionEstablishment = false
        return configuration
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
