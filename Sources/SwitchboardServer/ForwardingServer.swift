import Foundation
import Hummingbird
import NIOCore
import SwitchboardCore

/// serve's HTTP stack and nothing else, the floor under what `serve` adds (run as `switchboard-forwarder` by the serve
/// benchmark): Hummingbird takes `POST /v1/chat/completions`, `transport` sends its bytes to `upstream`, and the
/// answer's bytes come back. No parsing, routing, recording or re-encoding.
public struct ForwardingServer: Sendable {
    public var upstream: URL
    public var port: Int
    public var transport: any HTTPTransport

    /// `upstream` is a base URL such as `http://127.0.0.1:8080/v1`.
    public init(upstream: URL, port: Int, transport: any HTTPTransport) {
        self.upstream = upstream.appendingPathComponent("chat/completions")
        self.port = port
        self.transport = transport
    }

    /// Serves on 127.0.0.1 until a shutdown signal; `onListening` gets the bound URL once the socket is open.
    public func run(onListening: @escaping @Sendable (String) -> Void) async throws {
        let router = Router()
        router.post("/v1/chat/completions") { request, _ in try await forward(request) }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: nil),
                              onServerRunning: { channel in
                                  onListening(GatewayServer.url(host: "127.0.0.1", port: channel.localAddress?.port ?? 0))
                              })
        try await app.runService()
    }

    private func forward(_ request: Request) async throws -> Response {
        let body = try await request.body.collect(upTo: 4 << 20)
        var headers = SwitchboardCore.HTTPHeaders([("content-type", "application/json")])
        if let authorization = request.headers[.authorization] { headers.add("authorization", authorization) }
        let answer = try await transport.send(SwitchboardCore.HTTPRequest(url: upstream, headers: headers, body: Array(body.readableBytesView)),
                                              connectTimeout: .seconds(5))
        let contentType = answer.headers["content-type"] ?? "application/json"
        // What has arrived goes out in one write, as serve writes the events it has ready: a write a chunk would make
        // the floor pay for writes serve does not make.
        return Response(status: .init(code: answer.status), headers: [.contentType: contentType], body: ResponseBody { writer in
            var chunks = answer.body.makeAsyncIterator()
            while let arrived = try await chunks.nextAvailable() {
                var buffer = ByteBuffer()
                for chunk in arrived { buffer.writeBytes(chunk) }
                try await writer.write(buffer)
            }
            try await writer.finish(nil)
        })
    }
}
