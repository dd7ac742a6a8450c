import Foundation
import SwitchboardCore

/// The turns `serve` is running, so a shutdown can stop the ones still left at its deadline (each is then
/// recorded as cancelled with what arrived). A turn stays here until its history writes are made, after its
/// response: `ended` and `allEnded` wait for that (a request lookup, the end of a shutdown). A running turn's
/// deferred writes wait less than `flushInterval` (`flushPeriodically`), so it is in the history within that.
public final class GatewayTurns: @unchecked Sendable {
    /// How long a running turn's writes may wait: what another process (the workbench's Gateway section) lags
    /// behind, and what a crash can lose.
    public static let flushInterval: Duration = .milliseconds(250)

    /// `flushPeriodically` looks every half interval, and flushes a turn at every second look it runs through:
    /// its writes wait less than `flushInterval`, and a turn shorter than half of it (nearly every request) is
    /// never flushed while it runs. Its whole record is then made once, at its end, rather than split in two.
    static let ticksPerFlush = 2

    private struct Entry {
        var cancel: @Sendable () -> Void
        var writes: TurnWrites?
        /// The looks of `flushPeriodically` the turn has run through.
        var ticks = 0
    }

    private let lock = NSLock()
    private var running: [UUID: Entry] = [:]
    private var waiting: [UUID: [CheckedContinuation<Void, Never>]] = [:]
    private var waitingForAll: [CheckedContinuation<Void, Never>] = []

    public init() {}

    /// Registers a turn that outlives one scope (a streamed answer: started in the route, ended in its body),
    /// with its history writes to flush while it runs.
    public func add(_ id: UUID, writes: TurnWrites? = nil, cancel: @escaping @Sendable () -> Void) {
        lock.withLock { running[id] = Entry(cancel: cancel, writes: writes) }
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
        let entries = lock.withLock { Array(running.values) }
        for entry in entries { entry.cancel() }
    }

    /// One look: starts making the writes posted so far of every turn whose flush is due.
    func tick() {
        let due: [TurnWrites] = lock.withLock {
            running = running.mapValues { entry in
                var entry = entry
                entry.ticks += 1
                return entry
            }
            return running.values.compactMap { $0.ticks % Self.ticksPerFlush == 0 ? $0.writes : nil }
        }
        for writes in due { writes.flush() }
    }

    /// Looks every half `flushInterval` (`tick`) until the task is cancelled.
    public func flushPeriodically() async {
        while true {
            do { try await Task.sleep(for: Self.flushInterval / Self.ticksPerFlush) } catch { return }
            tick()
        }
    }
}
