import Foundation
import Hummingbird
import NIOCore
import SwitchboardCore
import SwitchboardHTTP

// The floor under `switchboard serve`'s overhead: a gateway on serve's own HTTP stack (Hummingbird 2 in,
// `AsyncHTTPTransport` out) that sends a Chat Completions request's bytes upstream and the answer's bytes back,
// and does nothing else: no parsing, routing, recording or re-encoding. `switchboard-bench serve` measures it in
// serve's place (`SWITCHBOARD_BENCH_GATEWAY=forwarder`), so what serve costs beyond it is Switchboard's own.
//
// switchboard-forwarder --upstream URL [--port N]: forwards POST /v1/chat/completions to URL/chat/completions,
// listens on 127.0.0.1 and prints `listening on http://127.0.0.1:PORT` once it does.

struct ForwarderOptions {
    var upstream: URL
    var port = 0

    init(_ arguments: [String]) throws {
        var upstream: URL?
        var rest = arguments[...]
        while let flag = rest.popFirst() {
            guard let value = rest.popFirst() else { throw ForwarderError("\(flag) needs a value") }
            switch flag {
            case "--upstream": upstream = URL(string: value)
            case "--port":
                guard let port = Int(value), (0...65_535).contains(port) else { throw ForwarderError("--port \(value) is not a port") }
                self.port = port
            default: throw ForwarderError("unknown option \(flag); usage: switchboard-forwarder --upstream URL [--port N]")
            }
        }
        guard let upstream else { throw ForwarderError("--upstream URL is required") }
        self.upstream = upstream.appendingPathComponent("chat/completions")
    }
}

struct ForwarderError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

func forward(_ request: Request, to upstream: URL, over transport: AsyncHTTPTransport) async throws -> Response {
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

do {
    let options = try ForwarderOptions(Array(CommandLine.arguments.dropFirst()))
    let transport = AsyncHTTPTransport()
    let router = Router()
    router.post("/v1/chat/completions") { request, _ in try await forward(request, to: options.upstream, over: transport) }
    let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: options.port), serverName: nil),
                          onServerRunning: { channel in
                              let line = "listening on http://127.0.0.1:\(channel.localAddress?.port ?? 0)\n"
                              FileHandle.standardOutput.write(Data(line.utf8))
                          })
    try await app.runService()
    try await transport.shutdown()
} catch {
    FileHandle.standardError.write(Data("switchboard-forwarder: \(error)\n".utf8))
    exit(2)
}
