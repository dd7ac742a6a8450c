import Foundation

/// Requests per minute per key, over a sliding 60-second window kept in this process's memory: two `serve`
/// processes each allow a key its full rate, and a restart forgets the window.
final class AuthRateWindow: @unchecked Sendable {
    static let window: Duration = .seconds(60)

    private let lock = NSLock()
    private var admitted: [Int64: [ContinuousClock.Instant]] = [:]
    private let now: @Sendable () -> ContinuousClock.Instant

    init(now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }) {
        self.now = now
    }

    /// Admits one request of `key` if fewer than `limit` were admitted in the last minute; else returns the
    /// whole seconds until the oldest of them leaves the window (for `Retry-After`).
    func admit(key: Int64, limit: Int) -> Int? {
        let now = now()
        return lock.withLock {
            var times = admitted[key, default: []]
            times.removeAll { now - $0 >= Self.window }
            defer { admitted[key] = times }
            guard times.count >= limit, let oldest = times.first else {
                times.append(now)
                return nil
            }
            let wait = Self.window - (now - oldest)
            let (seconds, attoseconds) = wait.components
            return max(1, Int(seconds) + (attoseconds > 0 ? 1 : 0))
        }
    }
}
