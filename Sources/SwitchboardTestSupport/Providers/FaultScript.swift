import Foundation
import NIOConcurrencyHelpers

/// A thread-safe queue of fault entries. Each request takes the first entry whose scope matches it, so
/// entries apply in order and each exactly once; a request that matches none is served normally.
public final class FaultScript: Sendable {
    private struct Entry {
        var faults: [Fault]
        var scope: FaultScope
    }

    private struct Queue {
        var pending: [Entry] = []
        var consumed: [[Fault]] = []
    }

    private let queue = NIOLockedValueBox(Queue())

    public init() {}

    /// Queues faults for the next request that matches `scope`. Several faults in one call apply to that one
    /// request (`.slowFirstToken(...)`, `.pacing(...)`).
    public func enqueue(_ faults: Fault..., for scope: FaultScope = .any) {
        enqueue(faults, for: scope)
    }

    public func enqueue(_ faults: [Fault], for scope: FaultScope = .any) {
        queue.withLockedValue { $0.pending.append(Entry(faults: faults, scope: scope)) }
    }

    /// Removes and returns the faults for a request, or [] when no entry matches.
    public func take(wire: FixtureWire, path: String, model: String) -> [Fault] {
        queue.withLockedValue { queue in
            guard let index = queue.pending.firstIndex(where: {
                $0.scope.matches(wire: wire, path: path, model: model)
            }) else { return [] }
            let entry = queue.pending.remove(at: index)
            queue.consumed.append(entry.faults)
            return entry.faults
        }
    }

    /// Entries not yet consumed.
    public var pendingCount: Int { queue.withLockedValue { $0.pending.count } }

    /// The entries consumed so far, in order.
    public func consumed() -> [[Fault]] { queue.withLockedValue { $0.consumed } }

    public func removeAll() {
        queue.withLockedValue { $0 = Queue() }
    }
}
