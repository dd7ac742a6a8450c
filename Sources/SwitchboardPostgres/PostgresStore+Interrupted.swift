import Foundation
import PostgresNIO
import SwitchboardCore

/// On a shared database "gone" cannot be a pid check: an instance is gone when its heartbeat has expired
/// (`store_instances.expires_at`, renewed with its holds). Its attempts in flight become `interrupted` and its
/// holds are released by whichever instance looks first: at start (`recoverInterrupted`), before every reserve
/// (holds), and on every renewal tick of a running instance (both).
extension PostgresStore: InterruptedRecovery {
    /// Marks the in-flight attempts of gone instances `interrupted` and releases expired holds; writes nothing when
    /// nothing was left behind. An interrupted attempt keeps its route and start; its tokens stay 0 and its cost
    /// NULL (unknown, never estimated); its duration runs to the instance's last heartbeat, the last moment it is
    /// known to have been alive. `pids` stays empty: instances are not processes of this machine.
    public func recoverInterrupted() async throws -> InterruptedWork {
        try await Self.recoverInterrupted(client, logger: logger)
    }

    static func recoverInterrupted(_ client: PostgresClient, logger: Logger) async throws -> InterruptedWork {
        var work = InterruptedWork()
        work.holds = try await releaseExpiredHolds(client, logger: logger)
        do {
            var left = false
            for try await exists in try await client.query("""
                SELECT EXISTS (SELECT 1 FROM attempts a WHERE a.outcome = 'in_flight' AND NOT EXISTS (
                    SELECT 1 FROM store_instances i WHERE i.id = a.owner AND i.expires_at >= now()))
                """, logger: logger).decode(Bool.self) {
                left = exists
            }
            guard left else { return work }
            // SKIP LOCKED: rows another instance is marking right now are left to it.
            let marked = try await client.query("""
                UPDATE attempts a SET outcome = 'interrupted', owner = NULL,
                    duration_ms = GREATEST(0, COALESCE(
                        (SELECT (extract(epoch FROM i.renewed_at) * 1000)::bigint FROM store_instances i WHERE i.id = a.owner),
                        a.started_at) - a.started_at),
                    error_message = 'the instance ' || COALESCE(left(a.owner::text, 8), '(unknown)')
                        || ' ended before this attempt did; tokens and cost unknown'
                WHERE a.id IN (SELECT b.id FROM attempts b WHERE b.outcome = 'in_flight' AND NOT EXISTS (
                        SELECT 1 FROM store_instances i WHERE i.id = b.owner AND i.expires_at >= now())
                    FOR UPDATE SKIP LOCKED)
                RETURNING a.id
                """, logger: logger).collect()
            work.attempts = marked.count
            return work
        } catch {
            throw PostgresStoreError.wrap(error, doing: "mark the attempts of ended instances interrupted")
        }
    }
}
