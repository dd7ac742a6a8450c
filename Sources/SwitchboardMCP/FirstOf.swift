import Foundation

/// Runs `work` and `failure` side by side and returns (or throws) whatever ends first, without waiting for the
/// other: a tool call that the SDK would keep waiting on (its server died, or the person cancelled) must not hold
/// the turn. Cancelling the caller ends the wait with `CancellationError`.
enum FirstOf {
    static func run<T: Sendable>(_ work: @escaping @Sendable () async throws -> T,
                                 or failure: @escaping @Sendable () async -> any Error) async throws -> T {
        let once = Once<T>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                once.set(continuation)
                let worker = Task {
                    do { once.resume(.success(try await work())) } catch { once.resume(.failure(error)) }
                }
                let watcher = Task { once.resume(.failure(await failure())) }
                once.onResume { worker.cancel(); watcher.cancel() }
            }
        } onCancel: {
            once.resume(.failure(CancellationError()))
        }
    }
}

/// A continuation resumed exactly once, whoever gets there first.
private final class Once<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<T, any Error>?
    private var early: Result<T, any Error>?
    private var done = false
    private var cleanup: (@Sendable () -> Void)?

    func set(_ continuation: CheckedContinuation<T, any Error>) {
        let pending = lock.withLock { () -> Result<T, any Error>? in
            if let early { return early }
            self.continuation = continuation
            return nil
        }
        if let pending { continuation.resume(with: pending) }
    }

    func onResume(_ work: @escaping @Sendable () -> Void) {
        let finished = lock.withLock { () -> Bool in
            if done { return true }
            cleanup = work
            return false
        }
        if finished { work() }
    }

    func resume(_ result: Result<T, any Error>) {
        let (continuation, cleanup) = lock.withLock { () -> (CheckedContinuation<T, any Error>?, (@Sendable () -> Void)?) in
            guard !done else { return (nil, nil) }
            done = true
            if self.continuation == nil { early = result }
            defer { self.continuation = nil; self.cleanup = nil }
            return (self.continuation, self.cleanup)
        }
        continuation?.resume(with: result)
        cleanup?()
    }
}
