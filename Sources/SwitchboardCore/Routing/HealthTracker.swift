import Foundation

/// Per-deployment health as a circuit breaker: closed (healthy) until repeated failures or a high error share
/// trip it open (cooling down); after the cooldown it is half-open and lets exactly one probe through; the
/// probe's success closes it, its failure opens it again for longer.
///
/// A value type with no clock of its own: every call takes the instant, so the owning actor decides what "now"
/// is and tests step time by hand. Keys are `provider/providerModel` (`key(for:)`).
public struct HealthTracker: Sendable {
    public struct Settings: Sendable, Hashable {
        /// At most this many recent outcomes are kept per deployment...
        public var windowSize: Int
        /// ...and none older than this.
        public var window: Duration
        /// This many failures in a row trip the breaker.
        public var consecutiveFailures: Int
        /// So does a failure share at or above this (0...1), once the window holds `minimumSamples` outcomes.
        public var errorShare: Double
        public var minimumSamples: Int
        /// The first trip cools down this long; each further trip doubles it, up to `maxCooldown`.
        public var baseCooldown: Duration
        public var maxCooldown: Duration
        /// A probe whose result never arrived (the process died) frees the slot after this long.
        public var probeTimeout: Duration
        /// A trip this long after the previous cooldown ended starts again from `baseCooldown`.
        public var tripMemory: Duration
        /// When every candidate is cooling down, the engine waits for the first to recover if that is at most
        /// this far away, instead of failing at once.
        public var maxWaitForRecovery: Duration

        public init(windowSize: Int = 20, window: Duration = .seconds(300), consecutiveFailures: Int = 3,
                    errorShare: Double = 0.5, minimumSamples: Int = 5, baseCooldown: Duration = .seconds(30),
                    maxCooldown: Duration = .seconds(600), probeTimeout: Duration = .seconds(120),
                    tripMemory: Duration = .seconds(900), maxWaitForRecovery: Duration = .seconds(30)) {
            self.windowSize = windowSize
            self.window = window
            self.consecutiveFailures = consecutiveFailures
            self.errorShare = errorShare
            self.minimumSamples = minimumSamples
            self.baseCooldown = baseCooldown
            self.maxCooldown = maxCooldown
            self.probeTimeout = probeTimeout
            self.tripMemory = tripMemory
            self.maxWaitForRecovery = maxWaitForRecovery
        }

        /// How far back the ledger's attempts can still matter when seeding a new process.
        public var seedLookback: Duration { max(window, maxCooldown + tripMemory) }
    }

    /// How one attempt ended, as far as health is concerned.
    public enum Outcome: Sendable, Hashable {
        case success
        /// Counted only for kinds that say something about the deployment (`counts(_:)`).
        case failure(ProviderError.Kind)
        /// Cancelled, or otherwise telling nothing: frees a probe slot, changes nothing else.
        case neutral

        public init(_ outcome: AttemptRecord.Outcome) {
            switch outcome {
            case .success: self = .success
            case .failed(let kind, _): self = .failure(kind)
            case .cancelled, .inFlight, .interrupted: self = .neutral
            }
        }
    }

    public enum State: Sendable, Hashable {
        case closed
        case open(until: ContinuousClock.Instant)
        /// Cooled down; the next request is the probe. `probeInFlight` while one is out.
        case halfOpen(probeInFlight: Bool)
    }

    struct Sample: Sendable, Hashable {
        var at: ContinuousClock.Instant
        var failure: ProviderError.Kind?
    }

    enum Phase: Sendable, Hashable {
        case closed
        case open(until: ContinuousClock.Instant)
        case halfOpen(probeStartedAt: ContinuousClock.Instant?)
    }

    struct Entry: Sendable, Hashable {
        var samples: [Sample] = []
        var phase: Phase = .closed
        var trips = 0
        var lastCooldownEnd: ContinuousClock.Instant?
        /// Why it is (or last was) open, for `switchboard health`.
        var openReason: String?
    }

    public private(set) var settings: Settings
    private(set) var entries: [String: Entry] = [:]

    public init(settings: Settings = Settings()) {
        self.settings = settings
    }

    public static func key(provider: String, providerModel: String) -> String { provider + "/" + providerModel }
    public static func key(for deployment: Deployment) -> String { key(provider: deployment.provider, providerModel: deployment.providerModel) }

    /// Failures that say something about the deployment. A bad request, a refusal, a prompt too long for the
    /// window, an unknown model or an empty account say something about the request or the account instead.
    public static func counts(_ kind: ProviderError.Kind) -> Bool {
        switch kind {
        case .rateLimited, .overloaded, .server, .timeout, .transport, .truncated, .malformed, .auth: true
        case .badRequest, .contentPolicy, .contextLength, .notFound, .billing: false
        }
    }

    // MARK: - Queries

    public func state(_ key: String, at now: ContinuousClock.Instant) -> State {
        guard let entry = entries[key] else { return .closed }
        switch entry.phase {
        case .closed: return .closed
        case .open(let until): return now >= until ? .halfOpen(probeInFlight: false) : .open(until: until)
        case .halfOpen(let started): return .halfOpen(probeInFlight: probeIsLive(started, at: now))
        }
    }

    /// True when a request may go to `key` now: healthy, or half-open with the probe slot free.
    public func admits(_ key: String, at now: ContinuousClock.Instant) -> Bool {
        switch state(key, at: now) {
        case .closed: true
        case .open: false
        case .halfOpen(let probeInFlight): !probeInFlight
        }
    }

    /// When the first of `keys` will admit a request: `now` if one does already, nil for no keys.
    public func earliestRecovery(of keys: some Sequence<String>, at now: ContinuousClock.Instant) -> ContinuousClock.Instant? {
        keys.map { key -> ContinuousClock.Instant in
            guard let entry = entries[key] else { return now }
            switch entry.phase {
            case .closed: return now
            case .open(let until): return max(until, now)
            case .halfOpen(let started):
                guard let started, probeIsLive(started, at: now) else { return now }
                return started + settings.probeTimeout
            }
        }.min()
    }

    // MARK: - Changes

    /// Claims the right to send to `key` now. Healthy: always granted. Half-open: granted to exactly one caller,
    /// whose attempt is the probe (its `record` decides). Cooling down, or probe already out: refused.
    public mutating func beginProbe(_ key: String, at now: ContinuousClock.Instant) -> Bool {
        switch state(key, at: now) {
        case .closed: return true
        case .open, .halfOpen(probeInFlight: true): return false
        case .halfOpen(probeInFlight: false):
            entries[key, default: Entry()].phase = .halfOpen(probeStartedAt: now)
            return true
        }
    }

    /// Records how an attempt on `key` ended at `now`. `retryAfter` is the provider's own wait, if it gave one:
    /// the deployment is not used again before it has passed, even without a trip.
    public mutating func record(_ key: String, outcome: Outcome, at now: ContinuousClock.Instant, retryAfter: Duration? = nil) {
        var entry = entries[key] ?? Entry()
        if case .open(let until) = entry.phase, now >= until { entry.phase = .halfOpen(probeStartedAt: nil) }
        prune(&entry, at: now)
        switch outcome {
        case .neutral:
            if case .halfOpen = entry.phase { entry.phase = .halfOpen(probeStartedAt: nil) }
        case .failure(let kind) where !Self.counts(kind):
            if case .halfOpen = entry.phase { entry.phase = .halfOpen(probeStartedAt: nil) }
        case .success:
            if case .halfOpen = entry.phase {
                // Back in service: start a fresh window so the failures that tripped it cannot trip it again.
                entry.phase = .closed
                entry.samples = []
            }
            entry.samples.append(Sample(at: now, failure: nil))
            prune(&entry, at: now)
        case .failure(let kind):
            entry.samples.append(Sample(at: now, failure: kind))
            prune(&entry, at: now)
            switch entry.phase {
            case .halfOpen:
                trip(&entry, reason: "probe failed (\(kind.rawValue))", at: now, retryAfter: retryAfter)
            case .closed:
                if let reason = tripReason(entry) {
                    trip(&entry, reason: reason, at: now, retryAfter: retryAfter)
                } else if let wait = retryAfter, wait > .zero {
                    entry.phase = .open(until: now + wait)
                    entry.openReason = "provider asked to wait \(Self.seconds(wait)) (\(kind.rawValue))"
                }
            case .open(let until):
                if let wait = retryAfter, now + wait > until { entry.phase = .open(until: now + wait) }
            }
        }
        entries[key] = entry
    }

    /// Rebuilds health from the ledger's recent attempts, so a new process (one CLI turn each) knows what the
    /// last ones learned. Wall-clock times map onto `now`; attempts older than `settings.seedLookback` are skipped.
    public init(settings: Settings = Settings(), seeding attempts: [AttemptRecord], now: ContinuousClock.Instant, wallNow: Date) {
        self.init(settings: settings)
        let lookback = settings.seedLookback.seconds
        let ended = attempts.map { ($0, $0.startedAt.addingTimeInterval($0.duration.seconds)) }
            .filter { wallNow.timeIntervalSince($0.1) <= lookback }
            .sorted { $0.1 < $1.1 }
        for (attempt, end) in ended {
            let age = max(0, wallNow.timeIntervalSince(end))
            record(Self.key(provider: attempt.provider, providerModel: attempt.providerModel),
                   outcome: Outcome(attempt.outcome), at: now - .seconds(age))
        }
    }

    // MARK: - Shared with other instances

    /// Takes on what another instance learned (`SharedHealth`): a cooldown it started keeps this deployment out
    /// until then too (a later end of this instance's own is kept); its return to service closes the breaker with
    /// a fresh window. Trips are not counted: the instance that tripped counts them.
    public mutating func adopt(_ change: SharedHealthChange, at now: ContinuousClock.Instant, wallNow: Date) {
        var entry = entries[change.deployment] ?? Entry()
        if let until = change.coolingUntil {
            let remaining = until.timeIntervalSince(wallNow)
            guard remaining > 0 else { return }
            let end = now + .milliseconds(Int64((remaining * 1000).rounded(.up)))
            if case .open(let current) = entry.phase, current >= end { return }
            entry.phase = .open(until: end)
            entry.lastCooldownEnd = end
            entry.openReason = (change.reason ?? "cooling down") + " (seen by another instance)"
        } else {
            switch entry.phase {
            case .closed: return
            case .open, .halfOpen:
                entry.phase = .closed
                entry.samples = []
            }
        }
        entries[change.deployment] = entry
    }

    /// What to tell the other instances after `record` moved `key` from `before`: a cooldown that began or was
    /// extended, or the return to service; nil when nothing others need changed.
    public func sharedChange(_ key: String, before: State, at now: ContinuousClock.Instant, wallNow: Date) -> SharedHealthChange? {
        let after = state(key, at: now)
        switch (before, after) {
        case (.open(let old), .open(let new)) where old == new: return nil
        case (_, .open(let until)):
            let wallUntil = wallNow.addingTimeInterval((until - now).seconds)
            return SharedHealthChange(deployment: key, coolingUntil: wallUntil, reason: entries[key]?.openReason)
        case (.open, .closed), (.halfOpen, .closed):
            return SharedHealthChange(deployment: key, coolingUntil: nil)
        default: return nil
        }
    }

    // MARK: - Rules

    private func tripReason(_ entry: Entry) -> String? {
        let consecutive = entry.samples.reversed().prefix { $0.failure != nil }.count
        let last = entry.samples.last?.failure?.rawValue ?? "?"
        if consecutive >= settings.consecutiveFailures {
            return "\(consecutive) failures in a row (last: \(last))"
        }
        let failures = entry.samples.filter { $0.failure != nil }.count
        if entry.samples.count >= settings.minimumSamples,
           Double(failures) >= settings.errorShare * Double(entry.samples.count) {
            return "\(failures) of the last \(entry.samples.count) attempts failed (last: \(last))"
        }
        return nil
    }

    private func trip(_ entry: inout Entry, reason: String, at now: ContinuousClock.Instant, retryAfter: Duration?) {
        if let end = entry.lastCooldownEnd, now - end > settings.tripMemory { entry.trips = 0 }
        entry.trips += 1
        var cooldown = min(settings.baseCooldown * (1 << min(entry.trips - 1, 16)), settings.maxCooldown)
        if let wait = retryAfter, wait > cooldown { cooldown = wait }
        entry.phase = .open(until: now + cooldown)
        entry.lastCooldownEnd = now + cooldown
        entry.openReason = reason + "; cooling down \(Self.seconds(cooldown))"
    }

    private func prune(_ entry: inout Entry, at now: ContinuousClock.Instant) {
        let oldest = now - settings.window
        if let first = entry.samples.firstIndex(where: { $0.at >= oldest }) {
            if first > 0 { entry.samples.removeFirst(first) }
        } else {
            entry.samples.removeAll()
        }
        if entry.samples.count > settings.windowSize { entry.samples.removeFirst(entry.samples.count - settings.windowSize) }
    }

    private func probeIsLive(_ started: ContinuousClock.Instant?, at now: ContinuousClock.Instant) -> Bool {
        guard let started else { return false }
        return now - started < settings.probeTimeout
    }

    static func seconds(_ duration: Duration) -> String {
        let value = duration.seconds
        return value == value.rounded() ? "\(Int(value))s" : "\(Double(Int(value * 10)) / 10)s"
    }
}
