import Foundation

/// The turns `serve` is running, so a shutdown can stop the ones still left at its deadline (each is then
/// recorded as cancelled with what arrived).
public final class GatewayTurns: @unchecked Sendable {
    private let lock = NSLock()
    private var running: [UUID: @Sendable () -> Void] = [:]

    public init() {}

    /// Registers a turn with the way to stop it while `body` runs.
    public func track<T>(_ id: UUID, cancel: @escaping @Sendable () -> Void,
                         _ body: () async throws -> T) async rethrows -> T {
        lock.withLock { running[id] = cancel }
        defer { _ = lock.withLock { running.removeValue(forKey: id) } }
        return try await body()
    }

    /// Registers a turn that outlives one scope (a streamed answer: started in the route, ended in its body).
    public func add(_ id: UUID, cancel: @escaping @Sendable () -> Void) {
        lock.withLock { running[id] = cancel }
    }

    public func remove(_ id: UUID) {
        _ = lock.withLock { running.removeValue(forKey: id) }
    }

    public var count: Int { lock.withLock { running.count } }

    /// Stops every turn still running.
    public func cancelAll() {
        let cancels = lock.withLock { Array(running.values) }
        for cancel in cancels { cancel() }
    }
}
