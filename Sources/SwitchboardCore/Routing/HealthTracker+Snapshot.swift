import Foundation

/// One deployment's health at a moment, for `switchboard health`, the TUI picker and the sidebar.
public struct HealthSnapshot: Sendable, Hashable, Encodable {
    public enum Status: String, Sendable, Hashable, Encodable {
        case healthy
        case coolingDown = "cooling_down"
        /// Cooled down; the next request probes it.
        case probe = "half_open"
        case probing
    }

    public var key: String
    public var status: Status
    /// Outcomes in the window.
    public var samples: Int
    public var failures: Int
    /// failures / samples; nil with no samples.
    public var errorShare: Double?
    public var consecutiveFailures: Int
    /// How long until it may be tried again; nil unless cooling down.
    public var cooldownRemaining: Duration?
    /// Trips since it last stayed healthy for `tripMemory`.
    public var trips: Int
    public var lastFailure: ProviderError.Kind?
    /// Why it was last opened, e.g. `3 failures in a row (last: overloaded); cooling down 30s`.
    public var reason: String?

    enum CodingKeys: String, CodingKey {
        case key, status, samples, failures, errorShare = "error_share", consecutiveFailures = "consecutive_failures"
        case cooldownRemaining = "cooldown_remaining_seconds", trips, lastFailure = "last_failure", reason
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(key, forKey: .key)
        try container.encode(status, forKey: .status)
        try container.encode(samples, forKey: .samples)
        try container.encode(failures, forKey: .failures)
        try container.encodeIfPresent(errorShare, forKey: .errorShare)
        try container.encode(consecutiveFailures, forKey: .consecutiveFailures)
        try container.encodeIfPresent(cooldownRemaining?.seconds, forKey: .cooldownRemaining)
        try container.encode(trips, forKey: .trips)
        try container.encodeIfPresent(lastFailure, forKey: .lastFailure)
        try container.encodeIfPresent(reason, forKey: .reason)
    }
}

extension HealthTracker {
    /// Every deployment the tracker has heard of, sorted by key. Samples older than the window are left out.
    public func snapshot(at now: ContinuousClock.Instant) -> [HealthSnapshot] {
        entries.keys.sorted().compactMap { snapshot(of: $0, at: now) }
    }

    /// One deployment; nil when the tracker has never heard of it (which means healthy).
    public func snapshot(of key: String, at now: ContinuousClock.Instant) -> HealthSnapshot? {
        guard let entry = entries[key] else { return nil }
        let recent = entry.samples.filter { now - $0.at <= settings.window }
        let failures = recent.filter { $0.failure != nil }.count
        let status: HealthSnapshot.Status
        var remaining: Duration?
        switch state(key, at: now) {
        case .closed: status = .healthy
        case .open(let until):
            status = .coolingDown
            remaining = until - now
        case .halfOpen(let probeInFlight): status = probeInFlight ? .probing : .probe
        }
        return HealthSnapshot(
            key: key, status: status, samples: recent.count, failures: failures,
            errorShare: recent.isEmpty ? nil : Double(failures) / Double(recent.count),
            consecutiveFailures: recent.reversed().prefix { $0.failure != nil }.count,
            cooldownRemaining: remaining, trips: entry.trips,
            lastFailure: entry.samples.last { $0.failure != nil }?.failure,
            reason: status == .healthy ? nil : entry.openReason)
    }
}
