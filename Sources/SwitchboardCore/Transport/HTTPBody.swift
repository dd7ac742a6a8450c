import Foundation

/// A response body: the chunks the network delivered, in order. Ending iteration early (dropping the body) or
/// cancelling the task that iterates stops the request. Built on an `HTTPBodyChannel` by the real transport, or on
/// an `AsyncThrowingStream` by in-process ones (the demo, test fakes).
public struct HTTPBody: AsyncSequence, Sendable {
    public typealias Element = [UInt8]

    private enum Source: Sendable {
        case channel(HTTPBodyChannel.Reader)
        case stream(AsyncThrowingStream<[UInt8], any Error>)
    }

    private let source: Source

    public init(_ stream: AsyncThrowingStream<[UInt8], any Error>) {
        source = .stream(stream)
    }

    init(_ reader: HTTPBodyChannel.Reader) {
        source = .channel(reader)
    }

    public func makeAsyncIterator() -> AsyncIterator {
        switch source {
        case .channel(let reader): AsyncIterator(inner: .channel(reader))
        case .stream(let stream): AsyncIterator(inner: .stream(stream.makeAsyncIterator()))
        }
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        fileprivate enum Inner {
            case channel(HTTPBodyChannel.Reader)
            case stream(AsyncThrowingStream<[UInt8], any Error>.AsyncIterator)
        }

        fileprivate var inner: Inner

        public mutating func next() async throws -> [UInt8]? {
            switch inner {
            case .channel(let reader): return try await reader.next()
            case .stream(var iterator):
                defer { inner = .stream(iterator) }
                return try await iterator.next()
            }
        }

        /// The next chunk and every chunk already buffered behind it, for a reader that passes on what has arrived
        /// in one write rather than one write a chunk; nil at the end. A body's error comes at the call after its
        /// last chunks, as with `next()`.
        public mutating func nextAvailable() async throws -> [[UInt8]]? {
            guard let first = try await next() else { return nil }
            guard case .channel(let reader) = inner else { return [first] }
            return [first] + reader.takeBuffered()
        }
    }
}

/// The writing end of an `HTTPBody` whose chunks arrive on another thread (the real transport's event loop).
/// Unlike an `AsyncThrowingStream`, a concrete type: serve spent about 4% of its CPU in the generic stream's
/// per-chunk metadata lookups and locking. Chunks are delivered in order, then the end or the error.
public final class HTTPBodyChannel: @unchecked Sendable {
    private let lock = NSLock()
    private var buffered: [[UInt8]] = []
    private var position = 0
    private var ending: (any Error)??
    /// The reader went away or was cancelled before the end: nothing more is kept.
    private var stopped = false
    private var waiting: UnsafeContinuation<[UInt8]?, any Error>?
    private var onStop: (@Sendable () -> Void)?

    private init() {}

    /// A body and the channel that feeds it.
    public static func make() -> (body: HTTPBody, channel: HTTPBodyChannel) {
        let channel = HTTPBodyChannel()
        return (HTTPBody(Reader(channel)), channel)
    }

    /// Runs `action` once if the reader stops before the body ended: it dropped the body or its task was
    /// cancelled. At once when that already happened.
    public func onReaderStop(_ action: @escaping @Sendable () -> Void) {
        let now: Bool = lock.withLock {
            if stopped { return true }
            onStop = action
            return false
        }
        if now { action() }
    }

    public func yield(_ chunk: [UInt8]) {
        let reader: UnsafeContinuation<[UInt8]?, any Error>? = lock.withLock {
            guard !stopped, ending == nil else { return nil }
            if let waiting {
                self.waiting = nil
                return waiting
            }
            buffered.append(chunk)
            return nil
        }
        reader?.resume(returning: chunk)
    }

    /// The end of the body, or the error it broke with; later calls change nothing.
    public func finish(throwing error: (any Error)? = nil) {
        let reader: UnsafeContinuation<[UInt8]?, any Error>? = lock.withLock {
            guard !stopped, ending == nil else { return nil }
            ending = .some(error)
            defer { waiting = nil }
            return waiting
        }
        guard let reader else { return }
        if let error { reader.resume(throwing: error) } else { reader.resume(returning: nil) }
    }

    /// The next chunk; nil at the end or once the reader's task was cancelled; the body's error after its last chunk.
    fileprivate func next() async throws -> [UInt8]? {
        try await withTaskCancellationHandler {
            try await withUnsafeThrowingContinuation { (continuation: UnsafeContinuation<[UInt8]?, any Error>) in
                let ready: Result<[UInt8]?, any Error>? = lock.withLock {
                    if position < buffered.count {
                        defer {
                            position += 1
                            if position == buffered.count {
                                buffered.removeAll(keepingCapacity: true)
                                position = 0
                            }
                        }
                        return .success(buffered[position])
                    }
                    if stopped { return .success(nil) }
                    if let ending {
                        // The error is thrown once; the body then reads as ended.
                        self.ending = .some(nil)
                        return ending.map { .failure($0) } ?? .success(nil)
                    }
                    waiting = continuation
                    return nil
                }
                if let ready { continuation.resume(with: ready) }
            }
        } onCancel: {
            stop()
        }
    }

    /// Every chunk buffered now, without waiting.
    fileprivate func takeBuffered() -> [[UInt8]] {
        lock.withLock {
            guard position < buffered.count else { return [] }
            defer {
                buffered.removeAll(keepingCapacity: true)
                position = 0
            }
            return Array(buffered[position...])
        }
    }

    /// The reader is gone or cancelled: a waiting read ends, the buffer is dropped and, when the body had not
    /// ended, `onReaderStop` runs.
    fileprivate func stop() {
        let (reader, action): (UnsafeContinuation<[UInt8]?, any Error>?, (@Sendable () -> Void)?) = lock.withLock {
            guard !stopped else { return (nil, nil) }
            stopped = true
            buffered = []
            position = 0
            defer {
                waiting = nil
                onStop = nil
            }
            return (waiting, ending == nil ? onStop : nil)
        }
        reader?.resume(returning: nil)
        action?()
    }

    /// The reading end; when the last copy of the body goes away, the reader has stopped.
    final class Reader: Sendable {
        private let channel: HTTPBodyChannel

        init(_ channel: HTTPBodyChannel) {
            self.channel = channel
        }

        func next() async throws -> [UInt8]? {
            try await channel.next()
        }

        func takeBuffered() -> [[UInt8]] {
            channel.takeBuffered()
        }

        deinit {
            channel.stop()
        }
    }
}
