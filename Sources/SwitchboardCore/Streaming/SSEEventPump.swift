import Foundation

/// The SSE bookkeeping every SSE-based decoder shares: bytes in, each complete event handed to the decoder's
/// handler as bytes, and an error that followed events in the same chunk held back so those events are returned
/// first. Once a stream has failed, every later call throws the same error.
struct SSEEventPump {
    private var parser = SSEParser()
    private var pendingError: (any Error)?

    typealias Handler = (SSEEventBytes, inout [StreamEvent]) throws -> Void

    mutating func feed(_ bytes: [UInt8], _ handle: Handler) throws -> [StreamEvent] {
        if let pendingError { throw pendingError }
        var out: [StreamEvent] = []
        do {
            try parser.feed(bytes) { try handle($0, &out) }
        } catch {
            // The parser stopped mid-chunk: the stream is over whatever the error was.
            pendingError = error
            if out.isEmpty { throw error }
        }
        return out
    }

    /// The body ended. An event whose blank line never came is dropped (see `SSEParser.finish`).
    mutating func finish() throws {
        if let pendingError { throw pendingError }
        _ = parser.finish()
    }
}
