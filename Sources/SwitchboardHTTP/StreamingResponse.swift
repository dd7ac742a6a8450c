import AsyncHTTPClient
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import SwitchboardCore

/// Receives one response from async-http-client's delegate interface and hands it to the reader: the head to a
/// waiting `head()`, the body through an `HTTPBodyChannel`, in the chunks the network delivered.
///
/// The delegate interface, rather than the async body iterator, because its request can be stopped from any
/// thread (`HTTPClient.Task.cancel()`): a deadline or a cancel reaches a read that is waiting in the caller's own
/// task, so no second task per request is needed. Chunks go straight from the event loop to the reader, the same
/// one hop the async iterator makes. Nothing pushes back on the server: streamed answers are small.
final class StreamingResponse: HTTPClientResponseDelegate, @unchecked Sendable {
    typealias Response = Void

    /// Only the writing end: the delegate lives until the request ends, and the body must not, so that a reader
    /// who drops it early stops the request (`HTTPBodyChannel.onReaderStop`).
    private let bodyInput: HTTPBodyChannel
    private let state = NIOLockedValueBox(Head.pending(nil))

    private enum Head {
        case pending(CheckedContinuation<HTTPResponseHead, any Error>?)
        case arrived(HTTPResponseHead)
        case failed(any Error)
    }

    init(body: HTTPBodyChannel) {
        bodyInput = body
    }

    /// Stops `task` when the reader stops reading early or its task is cancelled.
    func stopping(_ task: HTTPClient.Task<Void>) {
        bodyInput.onReaderStop { task.cancel() }
    }

    /// Waits for the response head; throws the mapped transport error when the request fails first.
    func head() async throws -> HTTPResponseHead {
        try await withCheckedThrowingContinuation { continuation in
            let ready = state.withLockedValue { head -> Result<HTTPResponseHead, any Error>? in
                switch head {
                case .pending:
                    head = .pending(continuation)
                    return nil
                case .arrived(let received): return .success(received)
                case .failed(let error): return .failure(error)
                }
            }
            if let ready { continuation.resume(with: ready) }
        }
    }

    func didReceiveHead(task: HTTPClient.Task<Void>, _ head: HTTPResponseHead) -> EventLoopFuture<Void> {
        settleHead(.success(head))
        return task.eventLoop.makeSucceededVoidFuture()
    }

    func didReceiveBodyPart(task: HTTPClient.Task<Void>, _ buffer: ByteBuffer) -> EventLoopFuture<Void> {
        bodyInput.yield(Array(buffer.readableBytesView))
        return task.eventLoop.makeSucceededVoidFuture()
    }

    func didFinishRequest(task: HTTPClient.Task<Void>) throws {
        bodyInput.finish()
    }

    func didReceiveError(task: HTTPClient.Task<Void>, _ error: any Error) {
        if !settleHead(.failure(TransportErrorMapping.map(error, phase: .request))) {
            bodyInput.finish(throwing: TransportErrorMapping.map(error, phase: .body))
        }
    }

    /// Records how the wait for the head ended and wakes the waiter; false when the head had already arrived.
    @discardableResult
    private func settleHead(_ result: Result<HTTPResponseHead, any Error>) -> Bool {
        let waiter = state.withLockedValue { head -> (CheckedContinuation<HTTPResponseHead, any Error>?, Bool) in
            guard case .pending(let waiting) = head else { return (nil, false) }
            switch result {
            case .success(let received): head = .arrived(received)
            case .failure(let error): head = .failed(error)
            }
            return (waiting, true)
        }
        waiter.0?.resume(with: result)
        if case .failure(let error) = result, waiter.1 { bodyInput.finish(throwing: error) }
        return waiter.1
    }
}
