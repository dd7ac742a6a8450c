import Foundation

/// One turn's history writes, made in the order they were posted, behind the turn rather than in its way:
/// `serve` answers without waiting for the database (the p99 a gateway adds was its commits) and keeps the turn
/// registered until `close`'s callback says every write is made, so a lookup or a shutdown waits for them.
///
/// Writes that wait together are made together: in one transaction where the store can (`TurnWriteBatching`),
/// so a short turn's whole record is one commit. `deferred` writes wait for `flush`, `close`, or something that
/// must be made now (`run`); the caller flushes a long turn every so often, so a crash loses no more than that.
/// Writes of different turns run side by side (the store commits them together).
///
/// A write that fails does not stop the ones after it (the attempts and their cost still count when the
/// message could not be stored); a failed batch is made again write by write, so only the failing write is lost.
/// The first failure and how many there were reach `close`'s callback, to log. Writes run on a task of their
/// own, so a cancelled request is still recorded as cancelled.
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

    private enum Job {
        case write(TurnWrite, placed: (@Sendable (UUID) -> Void)?)
        case task(@Sendable () async -> Void)
    }

    private let store: any TurnWriteStore
    private let batching: (any TurnWriteBatching)?
    private let deferred: Bool
    private let lock = NSLock()
    private var queue: [Job] = []
    private var draining = false
    private var closed = false
    private var failure: Failure?
    private var onDrained: (@Sendable (Failure?) -> Void)?

    public init(store: any TurnWriteStore, deferred: Bool = false) {
        self.store = store
        batching = store as? any TurnWriteBatching
        self.deferred = deferred
    }

    /// Queues `write` behind every write given before it and returns at once. `placed` hears the session a
    /// `.gatewayBegin` placed its turn in, once it is made.
    public func post(_ write: TurnWrite, placed: (@Sendable (UUID) -> Void)? = nil) {
        enqueue(.write(write, placed: placed), start: !deferred)
    }

    /// Starts making the writes posted so far.
    public func flush() {
        enqueue(nil, start: true)
    }

    /// Runs `body` behind every write given before it (they are made first) and returns its result: for what
    /// the turn must know before it goes on (a budget hold). Its failure is the caller's, not counted in `close`'s.
    public func run<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            enqueue(.task {
                do { continuation.resume(returning: try await body()) } catch { continuation.resume(throwing: error) }
            }, start: true)
        }
    }

    /// Makes what is left and calls `done` once every write is made (at once when none is left). Writes posted
    /// after this are made at once.
    public func close(then done: @escaping @Sendable (Failure?) -> Void) {
        let now: Failure?? = lock.withLock {
            closed = true
            guard draining || !queue.isEmpty else { return .some(failure) }
            onDrained = done
            return nil
        }
        if let now { return done(now) }
        flush()
    }

    /// Returns once every write given so far is made.
    public func drained() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            enqueue(.task { continuation.resume() }, start: true)
        }
    }

    private func enqueue(_ job: Job?, start: Bool) {
        let begin: Bool = lock.withLock {
            if let job { queue.append(job) }
            guard start || closed, !draining, !queue.isEmpty else { return false }
            draining = true
            return true
        }
        if begin { Task { await self.drain() } }
    }

    /// Makes the queued writes in order until none is left, then reports to `close`'s callback if one waits.
    private func drain() async {
        while true {
            var done: (callback: @Sendable (Failure?) -> Void, failure: Failure?)?
            var awaited = false
            let jobs: [Job] = lock.withLock {
                guard !queue.isEmpty else {
                    draining = false
                    if let onDrained { done = (onDrained, failure) }
                    onDrained = nil
                    return []
                }
                // Every write waiting up to the first task goes in one batch; a task goes alone.
                if case .task = queue[0] { return [queue.removeFirst()] }
                let count = queue.firstIndex { if case .task = $0 { true } else { false } } ?? queue.count
                defer { queue.removeFirst(count) }
                awaited = count < queue.count
                return Array(queue[..<count])
            }
            if jobs.isEmpty {
                if let done { done.callback(done.failure) }
                return
            }
            if jobs.count == 1, case .task(let body) = jobs[0] {
                await body()
            } else {
                await make(jobs.compactMap { if case .write(let write, let placed) = $0 { (write, placed) } else { nil } },
                           awaited: awaited)
            }
        }
    }

    /// In one transaction where the store can; write by write when it cannot, or when the batch failed.
    /// `awaited`: a task waits behind these writes (they are not held to share a commit).
    private func make(_ writes: [(write: TurnWrite, placed: (@Sendable (UUID) -> Void)?)], awaited: Bool) async {
        if writes.count > 1, let batching {
            do {
                var sessions = try await batching.write(writes.map(\.write), awaited: awaited)[...]
                for (write, placed) in writes {
                    guard case .gatewayBegin = write, let session = sessions.popFirst() else { continue }
                    placed?(session)
                }
                return
            } catch {
                // The batch wrote nothing: made write by write below, each failure is found and reported there.
            }
        }
        for (write, placed) in writes {
            do {
                let session = try await write.make(on: store)
                if let placed, let session { placed(session) }
            } catch {
                failed(write.what, error)
            }
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
