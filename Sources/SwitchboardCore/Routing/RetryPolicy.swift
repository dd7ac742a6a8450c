import Foundation

/// Decides what follows a failed attempt that produced no text yet. Pure, so every branch is unit-tested.
public struct RetryPolicy: Sendable, Hashable {
    public var maxAttemptsPerCandidate: Int
    public var maxAttemptsPerTurn: Int
    /// A provider's own wait (Retry-After) up to this long is waited out on the same deployment.
    public var maxHonouredWait: Duration
    public var baseBackoff: Duration
    public var maxBackoff: Duration

    public init(maxAttemptsPerCandidate: Int = 3, maxAttemptsPerTurn: Int = 8, maxHonouredWait: Duration = .seconds(20),
                baseBackoff: Duration = .milliseconds(500), maxBackoff: Duration = .seconds(8)) {
        self.maxAttemptsPerCandidate = maxAttemptsPerCandidate
        self.maxAttemptsPerTurn = maxAttemptsPerTurn
        self.maxHonouredWait = maxHonouredWait
        self.baseBackoff = baseBackoff
        self.maxBackoff = maxBackoff
    }

    public enum Decision: Sendable, Equatable {
        case retrySame(after: Duration)
        case nextCandidate
        case giveUp
    }

    /// - Parameters:
    ///   - attemptsOnCandidate: attempts already made on this deployment, including the failed one.
    ///   - jitter: a number in 0..<1; backoff loses up to 25% of its length by it, so clients spread out.
    public func decide(after error: ProviderError, attemptsOnCandidate: Int, attemptsInTurn: Int,
                       hasNextCandidate: Bool, jitter: Double) -> Decision {
        guard error.allowsFallback else { return .giveUp }
        let next: Decision = hasNextCandidate ? .nextCandidate : .giveUp
        guard attemptsInTurn < maxAttemptsPerTurn else { return .giveUp }
        guard error.isRetryable, attemptsOnCandidate < maxAttemptsPerCandidate else { return next }
        if let wait = error.retryAfter {
            // The provider told us when to come back. A short wait is cheaper than another provider's cold start;
            // a long one is not worth holding the turn for when there is somewhere else to go.
            if wait <= maxHonouredWait, error.kind == .rateLimited || !hasNextCandidate { return .retrySame(after: wait) }
            return next
        }
        if hasNextCandidate { return .nextCandidate }
        return .retrySame(after: backoff(attempt: attemptsOnCandidate, jitter: jitter))
    }

    /// 0.5 s · 2ⁿ⁻¹, capped, minus up to 25% jitter.
    func backoff(attempt: Int, jitter: Double) -> Duration {
        let exponent = max(0, min(attempt - 1, 16))
        let raw = baseBackoff * (1 << exponent)
        let capped = min(raw, maxBackoff)
        return capped * (1 - 0.25 * min(max(jitter, 0), 1))
    }
}
