import Foundation
import SwitchboardCore

/// Time that moves only when a test moves it. Sleepers wake only when the test says so (`wakeSleepers`), so
/// moving time never races with a scheduled checkpoint.
public final class StepClock: EngineClock, @unchecked Sendable {
    public init() {}

    private let lock = NSLock()
    private var current = ContinuousClock.now
    private var sleepers: [UUID: CheckedContinuation<Void, any Error>] = [:]

    public var now: ContinuousClock.Instant { lock.withLock { current } }
    public var wallNow: Date { Date() }
    public func advance(by duration: Duration) { lock.withLock { current += duration } }

    public var sleeping: Int { lock.withLock { sleepers.count } }

    public func sleep(for duration: Duration) async throws {
        let id = UUID()
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                lock.withLock { sleepers[id] = continuation }
            }
        } onCancel: {
            lock.withLock { sleepers.removeValue(forKey: id) }?.resume(throwing: CancellationError())
        }
    }

    public func wakeSleepers() {
        let woken = lock.withLock { () -> [CheckedContinuation<Void, any Error>] in
            defer { sleepers.removeAll() }
            return Array(sleepers.values)
        }
        woken.forEach { $0.resume() }
    }
}
