import Foundation

/// Time as the engine sees it: real in the program, controlled in state-machine tests.
public protocol EngineClock: Sendable {
    var now: ContinuousClock.Instant { get }
    func sleep(for duration: Duration) async throws
    /// Wall time, for timestamps that are stored.
    var wallNow: Date { get }
    /// Runs `work` once `duration` has passed, unless the returned timer is cancelled first. The attempt watchdog
    /// uses it so that a deadline costs a timer, not a task that sleeps beside every request.
    func schedule(after duration: Duration, _ work: @escaping @Sendable () -> Void) -> any ScheduledWork
}

/// A timer set by `EngineClock.schedule`; cancelling a timer that has fired does nothing.
public protocol ScheduledWork: Sendable {
    func cancel()
}

extension EngineClock {
    /// A sleeping task, so any clock whose `sleep` is controlled (tests) controls its timers too.
    public func schedule(after duration: Duration, _ work: @escaping @Sendable () -> Void) -> any ScheduledWork {
        SleepingTask(Task {
            do { try await sleep(for: duration) } catch { return }
            work()
        })
    }
}

private struct SleepingTask: ScheduledWork {
    let task: Task<Void, Never>
    init(_ task: Task<Void, Never>) { self.task = task }
    func cancel() { task.cancel() }
}

public struct SystemClock: EngineClock {
    public init() {}
    public var now: ContinuousClock.Instant { ContinuousClock.now }
    public var wallNow: Date { Date() }
    public func sleep(for duration: Duration) async throws { try await Task.sleep(for: duration) }

    public func schedule(after duration: Duration, _ work: @escaping @Sendable () -> Void) -> any ScheduledWork {
        TimerThread.shared.schedule(at: now + duration, work)
    }
}
