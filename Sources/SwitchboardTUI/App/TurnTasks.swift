import Foundation

/// The workbench's running turns: each one's task until it ends, then it is dropped, so a long session does not
/// keep a task for every turn it ever ran.
final class TurnTasks: @unchecked Sendable {
    private let lock = NSLock()
    private var tasks: [UUID: Task<Void, Never>] = [:]

    /// Runs `body` on a task of its own, kept under `id` until it returns.
    func start(_ id: UUID, _ body: @escaping @Sendable () async -> Void) {
        // Under the lock, so a turn that ends at once removes itself only after it was added.
        lock.withLock {
            tasks[id] = Task {
                await body()
                self.lock.withLock { _ = self.tasks.removeValue(forKey: id) }
            }
        }
    }

    var running: [UUID] { lock.withLock { Array(tasks.keys) } }

    /// Cancels the task of `id` (a tool loop: what it waits for, a call's approval or a tool, gives up).
    func cancel(_ id: UUID) {
        lock.withLock { tasks[id] }?.cancel()
    }

    /// Waits for every turn still running.
    func waitForAll() async {
        for task in lock.withLock({ Array(tasks.values) }) { await task.value }
    }
}
