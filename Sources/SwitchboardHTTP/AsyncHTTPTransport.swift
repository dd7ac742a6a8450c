import AsyncHTTPClient
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import SwitchboardCore

/// The real `HTTPTransport`: async-http-client underneath, bodies streamed chunk by chunk as they arrive.
///
/// The request stops (and its connection closes) when its `AbortSignal` fires, when the task waiting for the
/// head or reading the body is cancelled, or when reading stops early and the body is released. A connection
/// dropped mid-body makes the body throw
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

    public func send(_ request: HTTPRequest, connectTimeout: Duration, abort: AbortSignal) async throws -> HTTPResponse {
        let client = try client(connectTimeout: connectTimeout)
        var headers = NIOHTTP1.HTTPHeaders()
        for field in request.headers { headers.add(name: field.name, value: field.value) }
        let outgoing: HTTPClient.Request
        do {
            outgoing = try HTTPClient.Request(url: request.url.absoluteString, method: HTTPMethod(rawValue: request.method),
                                              headers: headers, body: request.body.isEmpty ? nil : .bytes(request.body))
        } catch {
            throw TransportError.connectionFailed(Redactor.shared.redact("\(error)"))
        }
        let (body, bodyInput) = HTTPBodyChannel.make()
        let response = StreamingResponse(body: bodyInput)
        // No deadline: time to first token and stalls are the engine's to judge, through `abort`.
        let task = client.execute(request: outgoing, delegate: response)
        response.stopping(task)
        abort.onAbort { task.cancel() }
        let head = try await withTaskCancellationHandler {
            try await response.head()
        } onCancel: {
            task.cancel()
        }
        var received = SwitchboardCore.HTTPHeaders()
        for (name, value) in head.headers { received.add(name, value) }
        return HTTPResponse(status: Int(head.status.code), headers: received, body: body)
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
        // Nothing here reads distributed traces; the default no-op tracer still made a span per request.
        configuration.tracing.tracer = nil
        return configuration
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
