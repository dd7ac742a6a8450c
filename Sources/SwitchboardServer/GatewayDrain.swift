import Foundation
import ServiceLifecycle

/// The drain deadline. Listed last in the service group, so it hears of a graceful shutdown first (the group
/// signals services in reverse order); it then lets the server stop accepting and, once `drain` has passed,
/// stops the turns still running. Each of them ends as cancelled, is recorded so, and its client gets an error
/// event before the connection closes; the group's own deadline is only a backstop behind this one.
struct GatewayDrain: Service {
    let turns: GatewayTurns
    let drain: Duration

    func run() async throws {
        // Returns when a shutdown begins; throws only when the group is cancelled outright.
        try await gracefulShutdown()
        let turns = self.turns
        let drain = self.drain
        Task.detached {
            try? await Task.sleep(for: drain)
            turns.cancelAll()
        }
    }
}
