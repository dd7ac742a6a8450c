import AsyncHTTPClient
import Foundation
import NIOCore

/// Adapts async-http-client's body to the transport's `AsyncThrowingStream<[UInt8], any Error>`.
///
/// The stream pulls: each `next()` of the consumer asks the client for the next buffer in the consumer's own
/// task, so there is no extra task hop per chunk and the client's back-pressure still works. Cancelling the
/// consumer's task cancels the request; dropping the stream (iteration ended early and the response
/// released) releases the client's iterator, which cancels the request too. Either way the connection closes.
enum ResponseBodyStream {
    static func make(from body: HTTPClientResponse.Body) -> AsyncThrowingStream<[UInt8], any Error> {
        let source = BodySource(iterator: body.makeAsyncIterator())
        return AsyncThrowingStream(unfolding: { try await source.next() })
    }
}

/// Holds the client's body iterator. `@unchecked Sendable` because only the stream's single consumer calls
/// `next()`, one call at a time; the box only has to cross into the stream's `@Sendable` closure.
private final class BodySource: @unchecked Sendable {
    private var iterator: HTTPClientResponse.Body.AsyncIterator

    init(iterator: HTTPClientResponse.Body.AsyncIterator) {
        self.iterator = iterator
    }

    func next() async throws -> [UInt8]? {
        do {
            guard var buffer = try await iterator.next() else { return nil }
            return buffer.readBytes(length: buffer.readableBytes) ?? []
        } catch {
            throw TransportErrorMapping.map(error, phase: .body)
        }
    }
}
