import Foundation
import SwitchboardCore
import SwitchboardHTTP
import SwitchboardServer

// switchboard-forwarder --upstream URL [--port N]: serve's HTTP stack forwarding POST /v1/chat/completions to
// URL/chat/completions and nothing else (`ForwardingServer`), the floor the serve benchmark measures in serve's place
// (`SWITCHBOARD_BENCH_GATEWAY=forwarder`). Listens on 127.0.0.1 and prints `listening on URL` once it does.

struct ForwarderOptions {
    var upstream: URL
    var port = 0

    init(_ arguments: [String]) throws {
        var upstream: URL?
        var rest = arguments[...]
        while let flag = rest.popFirst() {
            guard let value = rest.popFirst() else { throw ForwarderError("\(flag) needs a value") }
            switch flag {
            case "--upstream":
                guard let url = URL(string: value), url.scheme == "http" || url.scheme == "https" else {
                    throw ForwarderError("--upstream \(value) is not an http(s) URL")
                }
                upstream = url
            case "--port":
                guard let port = Int(value), (0...65_535).contains(port) else { throw ForwarderError("--port \(value) is not a port") }
                self.port = port
            default: throw ForwarderError("unknown option \(flag); usage: switchboard-forwarder --upstream URL [--port N]")
            }
        }
        guard let upstream else { throw ForwarderError("--upstream URL is required") }
        self.upstream = upstream
    }
}

struct ForwarderError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

do {
    let options = try ForwarderOptions(Array(CommandLine.arguments.dropFirst()))
    let transport = AsyncHTTPTransport()
    try await ForwardingServer(upstream: options.upstream, port: options.port, transport: transport).run { url in
        FileHandle.standardOutput.write(Data("listening on \(url)\n".utf8))
    }
    try await transport.shutdown()
} catch {
    FileHandle.standardError.write(Data("switchboard-forwarder: \(error)\n".utf8))
    exit(2)
}
