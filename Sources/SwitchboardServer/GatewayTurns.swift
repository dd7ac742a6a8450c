import Foundation

/// The turns `serve` is running, so a shutdown can stop the ones still left at its deadline (each is then
/// recorded as cancelled with what arrived). A turn stays here until its history writes are made, after its
/// response: `ended` and `allEnded` wait for that (a request lookup, the end of a shutdown).
public final class GatewayTurns: @unchecked Sendable {
    private let lock = NSLock()
    private var running: [UUID: @Sendable () -> Void] = [:]
    private var waiting: [UUID: [CheckedContinuation<Void, Never>]] = [:]
    private var waitingForAll: [CheckedContinuation<Void, Never>] = []

    public init() {}

    /// Registers a turn with the way to stop it while `body` runs.
    public func track<T>(_ id: UUID, cancel: @escaping @Sendable () -> Void,
                         _ body: () async throws -> T) async rethrows -> T {
        lock.withLock { running[id] = cancel }
        defer { remove(id) }
        return try await body()
    }

    /// Registers a turn that outlives one scope (a streamed answer: started in the route, ended in its body).
    public func add(_ id: UUID, cancel: @escaping @Sendable () -> Void) {
        lock.withLock { running[id] = cancel }
    }

    public func remove(_ id: UUID) {
        let resumed: [CheckedContinuation<Void, Never>] = lock.withLock {
            running.removeValue(forKey: id)
            var resumed = waiting.removeValue(forKey: id) ?? []
            if running.isEmpty {
                resumed += waitingForAll
                waitingForAll = []
            }
            return resumed
        }
        for continuation in resumed { continuation.resume() }
    }

    public var count: Int { lock.withLock { running.count } }

    /// Returns once turn `id` is no longer here (at once when it is not).
    public func ended(_ id: UUID) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let now: Bool = lock.withLock {
                guard running[id] != nil else { return true }
                waiting[id, default: []].append(continuation)
                return false
            }
            if now { continuation.resume() }
        }
    }

    /// Returns once no turn is here.
    public func allEnded() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let now: Bool = lock.withLock {
                guard !running.isEmpty else { return true }
                waitingForAll.append(continuation)
                return false
            }
            if now { continuation.resume() }
        }
    }

    /// Stops every turn still running.
    public func cancelAll() {
        let cancels = lock.withLock { Array(running.values) }
        for cancel in cancels { cancel() }
    }
}
