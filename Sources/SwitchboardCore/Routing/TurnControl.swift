import Foundation

/// Stops one running turn from outside its task (`RoutingEngine.cancel(turn:)`, or the caller's task being
/// cancelled): the request of the attempt in flight is aborted, a wait ends early, and every later attempt
/// starts already stopped, so the attempt loop ends the turn with what arrived.
final class TurnControl: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelled = false
    private var attempt: AbortSignal?
    private var sleeper: Task<Void, any Error>?

    var isCancelled: Bool { lock.withLock { cancelled } }

    func cancel() {
        let (signal, waiting) = lock.withLock { () -> (AbortSignal?, Task<Void, any Error>?) in
            cancelled = true
            return (attempt, sleeper)
        }
        signal?.abort(.cancelled)
        waiting?.cancel()
    }

    /// The signal of the attempt about to start; fired at once when the turn is already cancelled.
    func startAttempt() -> AbortSignal {
        let signal = AbortSignal()
        let cancelNow = lock.withLock { () -> Bool in
            attempt = signal
            return cancelled
        }
        if cancelNow { signal.abort(.cancelled) }
        return signal
    }

    /// Sleeps on `clock`; false when the turn was cancelled first. A wait (a retry, a cooldown) is rare enough to
    /// take a task of its own, which is what a cancel stops.
    func wait(for duration: Duration, on clock: any EngineClock) async -> Bool {
        let task = Task { try await clock.sleep(for: duration) }
        let cancelNow = lock.withLock { () -> Bool in
            sleeper = task
            return cancelled
        }
        if cancelNow { task.cancel() }
        defer { lock.withLock { sleeper = nil } }
        do {
            try await task.value
            return !isCancelled
        } catch {
            return false
        }
    }
}
