import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Logging
import MCP

/// The client side of MCP's streamable HTTP transport, plugged into the SDK's `Client`: each message is POSTed,
/// and the answer, plain JSON or a `text/event-stream` body, is split into its messages. The SDK's own
/// `HTTPClientTransport` hands an event-stream body on Linux to the client whole, which cannot read it, and most
/// servers (the Python SDK's by default) answer that way. The session id and the negotiated protocol version go
/// back on every request, as the specification asks. Server-initiated messages on a GET stream are not listened
/// for: tools need only answers to requests.
actor StreamableHTTPTransport: Transport {
    nonisolated let logger = Logger(label: "switchboard.mcp.http", factory: { _ in SwiftLogNoOpLogHandler() })
    private let endpoint: URL
    private let session: URLSession
    private var sessionID: String?
    private var protocolVersion: String?
    private let messages: AsyncThrowingStream<Data, any Error>
    private let continuation: AsyncThrowingStream<Data, any Error>.Continuation

    init(endpoint: URL, timeout: Duration) {
        self.endpoint = endpoint
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = Double(timeout.components.seconds)
        session = URLSession(configuration: configuration)
        (messages, continuation) = AsyncThrowingStream.makeStream()
    }

    func connect() async throws {}

    func disconnect() async {
        continuation.finish()
        session.invalidateAndCancel()
    }

    func receive() -> AsyncThrowingStream<Data, any Error> { messages }

    func send(_ data: Data) async throws {
        var request = URLRequest(url: endpoint)
        request.httpMethod = "POST"
        request.httpBody = data
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("application/json, text/event-stream", forHTTPHeaderField: "Accept")
        if let sessionID { request.setValue(sessionID, forHTTPHeaderField: "Mcp-Session-Id") }
        if let protocolVersion { request.setValue(protocolVersion, forHTTPHeaderField: "MCP-Protocol-Version") }
        let (body, response) = try await session.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw MCPError.internalError("not an HTTP response") }
        if let id = http.value(forHTTPHeaderField: "Mcp-Session-Id") { sessionID = id }
        guard (200..<300).contains(http.statusCode) else {
            let text = String(decoding: body.prefix(300), as: UTF8.self)
            throw MCPError.internalError("HTTP \(http.statusCode)" + (text.isEmpty ? "" : ": \(text)"))
        }
        guard !body.isEmpty else { return }  // 202 Accepted for a notification
        let type = http.value(forHTTPHeaderField: "Content-Type")?.lowercased() ?? ""
        let payloads = type.contains("text/event-stream") ? Self.events(in: body) : [body]
        for payload in payloads {
            noteProtocolVersion(payload)
            continuation.yield(payload)
        }
    }

    /// The `data:` of each event, its lines joined with newlines (the SSE rules, without ids and retries).
    static func events(in body: Data) -> [Data] {
        let text = String(decoding: body, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
        var payloads: [Data] = []
        for block in text.components(separatedBy: "\n\n") {
            let lines = block.split(separator: "\n", omittingEmptySubsequences: false).compactMap { line -> Substring? in
                guard line.hasPrefix("data:") else { return nil }
                let value = line.dropFirst(5)
                return value.hasPrefix(" ") ? value.dropFirst() : value
            }
            if !lines.isEmpty { payloads.append(Data(lines.joined(separator: "\n").utf8)) }
        }
        return payloads
    }

    /// The version `initialize` settled on, sent with every later request.
    private func noteProtocolVersion(_ payload: Data) {
        guard protocolVersion == nil,
              let object = try? JSONSerialization.jsonObject(with: payload) as? [String: Any],
              let result = object["result"] as? [String: Any], let version = result["protocolVersion"] as? String else { return }
        protocolVersion = version
    }
}
