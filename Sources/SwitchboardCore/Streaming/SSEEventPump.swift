import Foundation

/// The SSE bookkeeping every SSE-based decoder shares: bytes in, each complete event handed to the decoder's
/// handler, and an error that followed events in the same chunk held back so those events are returned first.
/// Once a stream has failed, every later call throws the same error.
struct SSEEventPump {
    private var parser = SSEParser()
    private var pendingError: ProviderError?

    typealias Handler = (SSEEvent, inout [StreamEvent]) throws -> Void

    mutating func feed(_ bytes: [UInt8], _ handle: Handler) throws -> [StreamEvent] {
        if let pendingError { throw pendingError }
        return try run(parser.feed(bytes), handle)
    }

    mutating func finish(_ handle: Handler) throws -> [StreamEvent] {
        if let pendingError { throw pendingError }
        return try run(parser.finish(), handle)
    }

    private mutating func run(_ events: [SSEEvent], _ handle: Handler) throws -> [StreamEvent] {
        var out: [StreamEvent] = []
        do {
            for event in events { try handle(event, &out) }
        } catch let error as ProviderError {
            pendingError = error
            if out.isEmpty { throw error }
        }
        return out
    }
}
