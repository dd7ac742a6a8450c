import Foundation

/// What a writing front end does first with a shared history: closes what processes killed mid-turn left open.
public protocol InterruptedRecovery: Sendable {
    /// Marks the in-flight attempts of ended processes `interrupted` and releases their budget holds; writes
    /// nothing when nothing was left behind.
    func recoverInterrupted() async throws -> InterruptedWork
}
