import Foundation

/// A deployment's health as one instance tells the others (several `serve` processes on one database): it started
/// cooling down until a wall-clock time, or a probe brought it back into service.
public struct SharedHealthChange: Sendable, Hashable {
    /// `provider/providerModel` (`HealthTracker.key`).
    public var deployment: String
    /// Cooling down until then; nil: back in service.
    public var coolingUntil: Date?
    /// Why it was opened, as `switchboard health` shows it.
    public var reason: String?
    /// The instance that published it; set by the store.
    public var instance: UUID?

    public init(deployment: String, coolingUntil: Date?, reason: String? = nil, instance: UUID? = nil) {
        self.deployment = deployment
        self.coolingUntil = coolingUntil
        self.reason = reason
        self.instance = instance
    }
}

/// Deployment health shared by every process on one database. A store that can reach the others at once
/// (PostgreSQL's LISTEN/NOTIFY) implements it; when the store does not, the engine keeps health per process,
/// seeded from the ledger, as before.
public protocol SharedHealth: Sendable {
    /// Tells every other instance about `change`, and keeps it for instances that start later.
    func publishHealth(_ change: SharedHealthChange) async throws
    /// Cooldowns still running at `now`: where a new instance starts from.
    func sharedCooldowns(at now: Date) async throws -> [SharedHealthChange]
    /// What other instances publish from now on (never this instance's own changes). The stream ends when the
    /// store closes.
    func sharedHealthChanges() async throws -> AsyncStream<SharedHealthChange>
}
