/// What `recoverInterrupted` found left behind by processes that ended mid-turn.
public struct InterruptedWork: Sendable, Equatable {
    /// Attempts that were in flight, now marked `interrupted`.
    public var attempts: Int
    /// Budget holds released.
    public var holds: Int
    /// The processes that left them.
    public var pids: [Int32]

    public init(attempts: Int = 0, holds: Int = 0, pids: [Int32] = []) {
        self.attempts = attempts
        self.holds = holds
        self.pids = pids
    }

    public var isEmpty: Bool { attempts == 0 && holds == 0 }
}
