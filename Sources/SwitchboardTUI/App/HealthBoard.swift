import Foundation
import SwitchboardCore

/// The engine's per-deployment health as last fetched, for the picker and the sidebar. Cooldowns count down
/// from the moment the snapshot was taken, so the numbers stay right between fetches.
public struct HealthBoard: Equatable, Sendable {
    /// A deployment that is not plainly healthy, as of `now`.
    public struct Trouble: Equatable, Sendable {
        public var key: String
        public var status: HealthSnapshot.Status
        /// Time left in the cooldown; nil unless cooling down.
        public var remaining: Duration?
        public var reason: String?

        /// "cooling 25s", "probe next", "probing".
        public var label: String {
            switch status {
            case .coolingDown: "cooling " + (remaining.map { "\(Int($0.seconds.rounded(.up)))s" } ?? "down")
            case .probe: "probe next"
            case .probing: "probing"
            case .healthy: "healthy"
            }
        }
    }

    public private(set) var snapshots: [String: HealthSnapshot] = [:]
    public private(set) var takenAt: ContinuousClock.Instant?
    /// A fetch was asked for and has not come back: ticks do not ask again.
    public var fetching = false

    public init() {}

    public mutating func replace(_ snapshots: [HealthSnapshot], at instant: ContinuousClock.Instant) {
        self.snapshots = Dictionary(snapshots.map { ($0.key, $0) }, uniquingKeysWith: { _, last in last })
        takenAt = instant
        fetching = false
    }

    /// Every deployment that is cooling down or being probed, by key.
    public func troubles(at now: ContinuousClock.Instant?) -> [Trouble] {
        snapshots.keys.sorted().compactMap { trouble($0, at: now) }
    }

    /// The worst state among `keys` (a cooldown beats a probe): what a picker row shows for its model.
    public func worst(of keys: [String], at now: ContinuousClock.Instant?) -> Trouble? {
        let found = keys.compactMap { trouble($0, at: now) }
        return found.first { $0.status == .coolingDown } ?? found.first
    }

    /// A cooldown is running out, so the board is worth fetching again. (A deployment waiting for its probe
    /// changes only when a request comes, and every request's end fetches the board anyway.)
    public func isStale(at now: ContinuousClock.Instant, after interval: Duration) -> Bool {
        guard let takenAt, !fetching else { return false }
        return now - takenAt >= interval && snapshots.values.contains { $0.status == .coolingDown }
    }

    private func trouble(_ key: String, at now: ContinuousClock.Instant?) -> Trouble? {
        guard let snapshot = snapshots[key], snapshot.status != .healthy else { return nil }
        var status = snapshot.status
        var remaining = snapshot.cooldownRemaining
        if let left = remaining, let takenAt, let now {
            let rest = left - (now - takenAt)
            if rest <= .zero {
                // The cooldown is over: the next request probes it.
                status = .probe
                remaining = nil
            } else {
                remaining = rest
            }
        }
        return Trouble(key: key, status: status, remaining: remaining, reason: snapshot.reason)
    }
}
