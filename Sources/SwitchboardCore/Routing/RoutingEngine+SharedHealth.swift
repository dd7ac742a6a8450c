import Foundation

extension RoutingEngine {
    /// Shares deployment health with the other processes on the same database: starts from the cooldowns they
    /// hold now, hears theirs as they happen, and tells them this engine's. Without it health stays per process.
    public func shareHealth(_ shared: any SharedHealth) async throws {
        let current = try await shared.sharedCooldowns(at: clock.wallNow)
        for change in current { adoptShared(change) }
        let changes = try await shared.sharedHealthChanges()
        sharedHealth = shared
        sharedHealthListener?.cancel()
        sharedHealthListener = Task { [weak self] in
            for await change in changes {
                guard let self else { return }
                await self.adoptShared(change)
            }
        }
    }

    /// Stops hearing other instances (the store is closing).
    public func stopSharingHealth() {
        sharedHealthListener?.cancel()
        sharedHealthListener = nil
        sharedHealth = nil
    }

    func adoptShared(_ change: SharedHealthChange) {
        health.adopt(change, at: clock.now, wallNow: clock.wallNow)
    }

    /// Tells the others what `record` changed. Off the turn's path: a slow database delays no answer; a failed
    /// publish is logged (the others then learn from their own attempts, as without sharing).
    func publishHealth(_ key: String, before: HealthTracker.State) {
        guard let shared = sharedHealth,
              let change = health.sharedChange(key, before: before, at: clock.now, wallNow: clock.wallNow) else { return }
        let logger = logger
        Task {
            do {
                try await shared.publishHealth(change)
            } catch {
                logger.error("could not share deployment health", metadata: ["deployment": "\(key)", "error": "\(error)"])
            }
        }
    }
}
