import Foundation
import NIOCore
import NIOHTTP1

/// Plays a `FixtureResponse` onto a connection: head, then the body script step by step.
///
/// Parts due at the same moment (the head and every chunk up to the next pause, stall or disconnect) go to
/// the event loop in one hop and one flush, each still its own HTTP chunk. One hop per exchange instead of one
/// per chunk keeps the server cheap enough for benchmarks that stream thousands of answers through it.
struct FixtureResponseWriter {
    let channel: any Channel

    func play(_ response: FixtureResponse, keepAlive: Bool) async {
        var head = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: response.status))
        for field in response.headers { head.headers.add(name: field.name, value: field.value) }
        if !keepAlive { head.headers.replaceOrAdd(name: "connection", value: "close") }
        do {
            switch response.framing {
            case .contentLength:
                try await send(wholeResponse(response, head: head))
            case .chunked:
                head.headers.remove(name: "content-length")
                head.headers.replaceOrAdd(name: "transfer-encoding", value: "chunked")
                guard try await playSteps(response.body, head: head) else { return }
            }
            if !keepAlive { try await channel.close() }
        } catch {
            // The client went away or the server is shutting down: nothing left to say.
        }
    }

    private func wholeResponse(_ response: FixtureResponse, head: HTTPResponseHead) -> [HTTPServerResponsePart] {
        var head = head
        var bytes: [UInt8] = []
        for case .bytes(let piece) in response.body { bytes.append(contentsOf: piece) }
        head.headers.remove(name: "transfer-encoding")
        head.headers.replaceOrAdd(name: "content-length", value: String(bytes.count))
        var parts: [HTTPServerResponsePart] = [.head(head)]
        if !bytes.isEmpty { parts.append(.body(.byteBuffer(ByteBuffer(bytes: bytes)))) }
        parts.append(.end(nil))
        return parts
    }

    /// Returns false when the script ended the exchange itself (a stall that ended, or a disconnect).
    private func playSteps(_ steps: [FixtureResponse.Step], head: HTTPResponseHead) async throws -> Bool {
        var due: [HTTPServerResponsePart] = [.head(head)]
        for step in steps {
            switch step {
            case .bytes(let bytes):
                // An empty chunk would read as the end of the body.
                if !bytes.isEmpty { due.append(.body(.byteBuffer(ByteBuffer(bytes: bytes)))) }
            case .pause(let duration):
                try await send(due)
                due = []
                try await Task.sleep(for: duration)
            case .stall:
                try await send(due)
                while !Task.isCancelled { try? await Task.sleep(for: .seconds(3600)) }
                return false
            case .disconnect:
                try await send(due)
                try? await channel.close()
                return false
            }
        }
        due.append(.end(nil))
        try await send(due)
        return true
    }

    /// Writes the parts in one event-loop hop with one flush, and waits until the last is written.
    private func send(_ parts: [HTTPServerResponsePart]) async throws {
        guard !parts.isEmpty else { return }
        let channel = self.channel
        try await channel.eventLoop.flatSubmit {
            var last = channel.eventLoop.makeSucceededVoidFuture()
            for part in parts { last = channel.write(part) }
            channel.flush()
            return last
        }.get()
    }
}
