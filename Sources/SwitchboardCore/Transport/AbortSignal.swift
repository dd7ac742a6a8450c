import Foundation

/// Stops one request from outside the task that waits on it: the attempt's watchdog when a deadline passes, or
/// `RoutingEngine.cancel(turn:)`. The transport registers how to stop its request; a pending or later read of the
/// response then ends with an error, and the reader asks `reason` why. The first reason wins.
public final class AbortSignal: @unchecked Sendable {
    public enum Reason: Sendable, Equatable {
        case cancelled
        case timedOut(ProviderError.TimeoutPhase)
    }

    private let lock = NSLock()
    private var _reason: Reason?
    private var stop: (@Sendable () -> Void)?

    public init() {}

    public var reason: Reason? { lock.withLock { _reason } }

    /// Sets how to stop the request, replacing an earlier one; runs it at once when the signal has already fired.
    public func onAbort(_ action: @escaping @Sendable () -> Void) {
        let runNow = lock.withLock { () -> Bool in
            if _reason != nil { return true }
            stop = action
            return false
        }
        if runNow { action() }
    }

    public func abort(_ reason: Reason) {
        let action = lock.withLock { () -> (@Sendable () -> Void)? in
            guard _reason == nil else { return nil }
            _reason = reason
            defer { stop = nil }
            return stop
        }
        action?()
    }
}

extension HTTPResponse {
    /// A response whose body `produce` writes; aborting `signal` ends the body at once with
    /// `TransportError.aborted`, and ending the body early (or cancelling its reader) cancels `produce`'s work
    /// through `onTermination`. In-process transports (the demo, test fakes) build their responses with it.
    public static func streaming(status: Int, headers: HTTPHeaders, abort signal: AbortSignal,
                                 _ produce: (AsyncThrowingStream<[UInt8], any Error>.Continuation) -> Void) -> HTTPResponse {
        let (body, continuation) = AsyncThrowingStream<[UInt8], any Error>.makeStream()
        produce(continuation)
        signal.onAbort { continuation.finish(throwing: TransportError.aborted) }
        return HTTPResponse(status: status, headers: headers, body: body)
    }
}
