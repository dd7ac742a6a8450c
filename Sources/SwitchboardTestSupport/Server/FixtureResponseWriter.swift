import Foundation
import NIOCore
import NIOHTTP1

/// Plays a `FixtureResponse` onto a connection: head, then the body script step by step.
struct FixtureResponseWriter {
    let channel: any Channel

    func play(_ response: FixtureResponse, keepAlive: Bool) async {
        var head = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: response.status))
        for field in response.headers { head.headers.add(name: field.name, value: field.value) }
        if !keepAlive { head.headers.replaceOrAdd(name: "connection", value: "close") }
        do {
            switch response.framing {
            case .contentLength:
                try await playWhole(response, head: head)
            case .chunked:
                head.headers.remove(name: "content-length")
                head.headers.replaceOrAdd(name: "transfer-encoding", value: "chunked")
                try await channel.writeAndFlush(HTTPServerResponsePart.head(head))
                guard try await playSteps(response.body) else { return }
                try await channel.writeAndFlush(HTTPServerResponsePart.end(nil))
            }
            if !keepAlive { try await channel.close() }
        } catch {
            // The client went away or the server is shutting down: nothing left to say.
        }
    }

    private func playWhole(_ response: FixtureResponse, head: HTTPResponseHead) async throws {
        var head = head
        var bytes: [UInt8] = []
        for case .bytes(let piece) in response.body { bytes.append(contentsOf: piece) }
        head.headers.remove(name: "transfer-encoding")
        head.headers.replaceOrAdd(name: "content-length", value: String(bytes.count))
        channel.write(HTTPServerResponsePart.head(head), promise: nil)
        if !bytes.isEmpty { channel.write(HTTPServerResponsePart.body(.byteBuffer(ByteBuffer(bytes: bytes))), promise: nil) }
        try await channel.writeAndFlush(HTTPServerResponsePart.end(nil))
    }

    /// Returns false when the script ended the exchange itself (a stall that ended, or a disconnect).
    private func playSteps(_ steps: [FixtureResponse.Step]) async throws -> Bool {
        for step in steps {
            switch step {
            case .bytes(let bytes):
                // An empty chunk would read as the end of the body.
                guard !bytes.isEmpty else { continue }
                try await channel.writeAndFlush(HTTPServerResponsePart.body(.byteBuffer(ByteBuffer(bytes: bytes))))
            case .pause(let duration):
                try await Task.sleep(for: duration)
            case .stall:
                while !Task.isCancelled { try? await Task.sleep(for: .seconds(3600)) }
                return false
            case .disconnect:
                try? await channel.close()
                return false
            }
        }
        return true
    }
}
