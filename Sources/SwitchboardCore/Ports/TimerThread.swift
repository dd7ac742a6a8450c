import Foundation

/// The real clock's timers: one thread that sleeps until the earliest deadline. Setting or cancelling a timer
/// takes a lock and a dictionary update, with no system call and no wake-up unless the new deadline is the
/// earliest, so every attempt can carry its deadlines for next to nothing. (A dispatch timer per attempt cost
/// tens of microseconds to set and to cancel.) Timers are few — one per running attempt — so the earliest is
/// found by a scan.
final class TimerThread: @unchecked Sendable {
    static let shared = TimerThread()

    private let condition = NSCondition()
    private var timers: [UInt64: Timer] = [:]
    private var lastID: UInt64 = 0
    private var started = false
    /// The deadline the thread sleeps until; nil while it waits for a first timer.
    private var sleepingUntil: ContinuousClock.Instant?

    private struct Timer {
        var deadline: ContinuousClock.Instant
        var work: @Sendable () -> Void
    }

    struct Handle: ScheduledWork {
        let id: UInt64
        let owner: TimerThread
        func cancel() { owner.cancel(id) }
    }

    func schedule(at deadline: ContinuousClock.Instant, _ work: @escaping @Sendable () -> Void) -> any ScheduledWork {
        condition.lock()
        defer { condition.unlock() }
        lastID += 1
        timers[lastID] = Timer(deadline: deadline, work: work)
        if !started {
            started = true
            let thread = Thread { [self] in run() }
            thread.name = "switchboard.timers"
            thread.start()
        } else if sleepingUntil.map({ deadline < $0 }) ?? true {
            condition.signal()
        }
        return Handle(id: lastID, owner: self)
    }

    /// No wake-up: a thread that wakes for a cancelled timer finds nothing due and sleeps on.
    private func cancel(_ id: UInt64) {
        condition.lock()
        timers.removeValue(forKey: id)
        condition.unlock()
    }

    private func run() {
        condition.lock()
        while true {
            let now = ContinuousClock.now
            let due = timers.filter { $0.value.deadline <= now }
            if !due.isEmpty {
                for id in due.keys { timers.removeValue(forKey: id) }
                condition.unlock()
                for timer in due.values { timer.work() }
                condition.lock()
                continue
            }
            sleepingUntil = timers.values.map(\.deadline).min()
            if let next = sleepingUntil {
                _ = condition.wait(until: Date() + (next - now).seconds)
            } else {
                condition.wait()
            }
        }
    }
}
