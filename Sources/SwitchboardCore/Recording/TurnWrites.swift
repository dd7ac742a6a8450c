import Foundation

/// One turn's history writes, made one after another in the order they were given, behind the turn rather than
/// in its way: `serve` answers without waiting for the database (the p99 a gateway adds was its commits), and
/// keeps the turn registered until `close`'s callback says every write is made, so a lookup or a shutdown waits
/// for them instead. Writes of different turns run side by side (the store commits them together).
///
/// A posted write that fails does not stop the ones after it (the attempts and their cost still count when the
/// message could not be stored); the first failure and how many there were reach `close`'s callback, to log.
/// Writes run on a task of their own, so a cancelled request is still recorded as cancelled.
public final class TurnWrites: @unchecked Sendable {
    /// The writes of the turn the current task runs, when its front end makes them behind it (`PostedLedger`).
    @TaskLocal public static var current: TurnWrites?

    /// The first write that failed, and how many did.
    public struct Failure: Sendable, CustomStringConvertible {
        public var write: String
        public var error: any Error
        public var count: Int

        public var description: String {
            let more = count > 1 ? " (and \(count - 1) more write\(count == 2 ? "" : "s") after it)" : ""
            return "could not record \(write): \(error)\(more)"
        }
    }

    private let lock = NSLock()
    private var queue: [@Sendable () async -> Void] = []
    private var head = 0
    private var draining = false
    private var failure: Failure?
    private var onDrained: (@Sendable (Failure?) -> Void)?

    public init() {}

    /// Queues `write` (named `what` in a failure) behind every write given before it and returns at once.
    public func post(_ what: String, _ write: @escaping @Sendable () async throws -> Void) {
        enqueue {
            do { try await write() } catch { self.failed(what, error) }
        }
    }

    /// Runs `write` behind every write given before it and returns its result: for what the turn must know
    /// before it goes on (a budget hold). Its failure is the caller's, not counted in `close`'s.
    public func run<T: Sendable>(_ write: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            enqueue {
                do { continuation.resume(returning: try await write()) } catch { continuation.resume(throwing: error) }
            }
        }
    }

    /// Calls `done` once every write given so far (and any given meanwhile) is made: at once when none is left.
    public func close(then done: @escaping @Sendable (Failure?) -> Void) {
        let now: Failure?? = lock.withLock {
            guard draining || head < queue.count else { return .some(failure) }
            onDrained = done
            return nil
        }
        if let now { done(now) }
    }

    /// Returns once every write given so far is made (tests, and front ends that wait after all).
    public func drained() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            enqueue { continuation.resume() }
        }
    }

    private func enqueue(_ job: @escaping @Sendable () async -> Void) {
        let start: Bool = lock.withLock {
            queue.append(job)
            guard !draining else { return false }
            draining = true
            return true
        }
        if start { Task { await self.drain() } }
    }

    /// Makes the writes in order until none is left, then reports to `close`'s callback if one waits.
    private func drain() async {
        while true {
            let next: (@Sendable () async -> Void)?
            var done: (callback: @Sendable (Failure?) -> Void, failure: Failure?)?
            next = lock.withLock {
                guard head < queue.count else {
                    queue.removeAll(keepingCapacity: true)
                    head = 0
                    draining = false
                    if let onDrained { done = (onDrained, failure) }
                    onDrained = nil
                    return nil
                }
                head += 1
                return queue[head - 1]
            }
            guard let next else {
                if let done { done.callback(done.failure) }
                return
            }
            await next()
        }
    }

    private func failed(_ what: String, _ error: any Error) {
        lock.withLock {
            if failure == nil {
                failure = Failure(write: what, error: error, count: 1)
            } else {
                failure?.count += 1
            }
        }
    }
}
