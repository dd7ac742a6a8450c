import Foundation

/// Enforces an attempt's first-token and stall deadlines with one clock timer: when it fires it compares the
/// deadline that applies now with the attempt's progress, and either stops the request through its signal or
/// sets itself for the new deadline. Progress itself never touches the timer, so a streamed token costs nothing.
final class AttemptWatchdog: @unchecked Sendable {
    private let progress: AttemptProgress
    private let timeouts: Timeouts
    private let clock: any EngineClock
    private let signal: AbortSignal
    private let lock = NSLock()
    private var timer: (any ScheduledWork)?
    private var stopped = false

    init(progress: AttemptProgress, timeouts: Timeouts, clock: any EngineClock, signal: AbortSignal) {
        self.progress = progress
        self.timeouts = timeouts
        self.clock = clock
        self.signal = signal
    }

    func start() { check() }

    func stop() {
        let pending = lock.withLock { () -> (any ScheduledWork)? in
            stopped = true
            defer { timer = nil }
            return timer
        }
        pending?.cancel()
    }

    private func check() {
        let snapshot = progress.snapshot
        let phase: ProviderError.TimeoutPhase = snapshot.firstTokenAt == nil ? .firstToken : .stall
        let deadline = phase == .firstToken ? progress.startedAt + timeouts.firstToken
                                            : snapshot.lastProgressAt + timeouts.stall
        let now = clock.now
        guard now < deadline else {
            signal.abort(.timedOut(phase))
            return
        }
        lock.withLock {
            guard !stopped else { return }
            timer = clock.schedule(after: deadline - now) { [weak self] in self?.check() }
        }
    }
}
