import Foundation

/// `serve`'s traffic today as the workbench's sidebar shows it: requests in flight and spend per key, and the
/// last error. Read from the shared history database, so it covers every `serve` process writing to it.
public struct GatewayActivity: Sendable, Hashable {
    public struct Key: Sendable, Hashable {
        public var name: String
        /// Requests of this key whose attempt is still running.
        public var inFlight: Int
        /// Known costs of its attempts today plus its open budget holds, as `keys list` and its caps count them.
        public var spentToday: Money

        public init(name: String, inFlight: Int, spentToday: Money) {
            self.name = name
            self.inFlight = inFlight
            self.spentToday = spentToday
        }
    }

    /// The latest failed attempt of a gateway request today.
    public struct Failure: Sendable, Hashable {
        public var at: Date
        public var key: String
        public var provider: String
        /// The error class (`rate_limited`, `server`, ...).
        public var kind: String
        public var message: String?

        public init(at: Date, key: String, provider: String, kind: String, message: String?) {
            self.at = at
            self.key = key
            self.provider = provider
            self.kind = kind
            self.message = message
        }
    }

    /// Keys with a request today, by name.
    public var keys: [Key]
    public var lastError: Failure?

    public init(keys: [Key], lastError: Failure?) {
        self.keys = keys
        self.lastError = lastError
    }

    public var inFlight: Int { keys.reduce(0) { $0 + $1.inFlight } }
    /// Nothing went through the gateway today: the sidebar hides its section.
    public var isEmpty: Bool { keys.isEmpty && lastError == nil }
}

/// Reads `serve`'s activity from the history database, cheaply enough to ask every second.
public protocol GatewayActivityReading: Sendable {
    /// A number that changes whenever another connection (another process) commits to the database; asking it
    /// costs no table read, so a poll can skip `gatewayActivity` while nothing changed. Nil when the store
    /// cannot tell (then every poll reads).
    func externalChangeCounter() async throws -> Int64?
    /// Today's gateway traffic (local calendar day of `now`).
    func gatewayActivity(now: Date, calendar: Calendar) async throws -> GatewayActivity
}
