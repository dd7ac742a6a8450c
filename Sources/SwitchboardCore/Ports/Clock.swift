import Foundation

/// Time as the engine sees it: real in the program, controlled in state-machine tests.
public protocol EngineClock: Sendable {
    var now: ContinuousClock.Instant { get }
    func sleep(for duration: Duration) async throws
    /// Wall time, for timestamps that are stored.
    var wallNow: Date { get }
}

public struct SystemClock: EngineClock {
    public init() {}
    public var now: ContinuousClock.Instant { ContinuousClock.now }
    public var wallNow: Date { Date() }
    public func sleep(for duration: Duration) async throws { try await Task.sleep(for: duration) }
}
