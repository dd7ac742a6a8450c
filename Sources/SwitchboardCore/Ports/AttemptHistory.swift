import Foundation

/// The attempts a ledger already holds: what a new process seeds deployment health and observed speeds from.
public protocol AttemptHistory: Sendable {
    /// Attempts started at or after `since`, oldest first.
    func recentAttempts(since: Date) async throws -> [AttemptRecord]
}
