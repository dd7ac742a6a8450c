import Foundation
import Logging
import PostgresNIO
import SwitchboardCore

/// Deployment health shared by every instance on the database: the cooldowns running now are rows of
/// `health_cooldowns` (where a new instance starts from), and each change is announced on `switchboard_health`
/// in the same transaction, so the others hear it as it commits (well within a second on one network).
extension PostgresStore: SharedHealth {
    public static let healthChannel = "switchboard_health"
    /// NOTIFY payloads are limited to 8,000 bytes; a reason is a short sentence, cut to be safe.
    static let maxReason = 500

    public func publishHealth(_ change: SharedHealthChange) async throws {
        let reason = change.reason.map { String($0.prefix(Self.maxReason)) }
        let payload = try HealthPayload(change, instance: instance, reason: reason).json()
        try await transaction(doing: "share the health of \(change.deployment)") { connection in
            if let until = change.coolingUntil {
                // A later end already published by another instance is kept.
                try await connection.query("""
                    INSERT INTO health_cooldowns (deployment, cooling_until, reason, instance, updated_at)
                    VALUES (\(change.deployment), \(until), \(reason), \(instance), now())
                    ON CONFLICT (deployment) DO UPDATE SET cooling_until = EXCLUDED.cooling_until,
                        reason = EXCLUDED.reason, instance = EXCLUDED.instance, updated_at = now()
                    WHERE health_cooldowns.cooling_until < EXCLUDED.cooling_until
                    """, logger: logger)
            } else {
                try await connection.query("DELETE FROM health_cooldowns WHERE deployment = \(change.deployment)", logger: logger)
            }
            try await connection.query("SELECT pg_notify(\(Self.healthChannel), \(payload))", logger: logger)
        }
    }

    public func sharedCooldowns(at now: Date) async throws -> [SharedHealthChange] {
        let rows = try await query("""
            SELECT deployment, cooling_until, reason, instance FROM health_cooldowns
            WHERE cooling_until > \(now) ORDER BY deployment
            """, doing: "read the shared deployment health")
        var changes: [SharedHealthChange] = []
        for try await (deployment, until, reason, instance) in rows.decode((String, Date, String?, UUID).self) {
            changes.append(SharedHealthChange(deployment: deployment, coolingUntil: until, reason: reason, instance: instance))
        }
        return changes
    }

    /// Listens on a connection of its own. If that connection is lost, it listens again after a second and
    /// replays the cooldowns running then, so a change made meanwhile is not missed. Ends when the store closes
    /// or the caller drops the stream.
    public func sharedHealthChanges() async throws -> AsyncStream<SharedHealthChange> {
        let (stream, continuation) = AsyncStream<SharedHealthChange>.makeStream()
        let me = instance
        let listening = try await listen(on: Self.healthChannel, doing: "hear other instances' deployment health",
                                         replay: { [weak self] in
            guard let self else { return }
            for change in try await self.sharedCooldowns(at: Date()) where change.instance != me { continuation.yield(change) }
        }, deliver: { payload in
            guard let change = HealthPayload.change(from: payload), change.instance != me else { return }
            continuation.yield(change)
        }, ended: { continuation.finish() })
        continuation.onTermination = { _ in listening.cancel() }
        return stream
    }

    /// Key ids as other instances revoke them (this one's too: a revocation is news to every cache).
    public func keyRevocations() async throws -> AsyncStream<Int64> {
        let (stream, continuation) = AsyncStream<Int64>.makeStream()
        let listening = try await listen(on: Self.keysChannel, doing: "hear key revocations", replay: {}, deliver: { payload in
            if let id = Int64(payload) { continuation.yield(id) }
        }, ended: { continuation.finish() })
        continuation.onTermination = { _ in listening.cancel() }
        return stream
    }

    /// Holds a pooled connection LISTENing on `channel` until cancelled or the store closes; returns once the
    /// first LISTEN is in place, so nothing published after the call returns is missed.
    private func listen(on channel: String, doing: String, replay: @escaping @Sendable () async throws -> Void,
                        deliver: @escaping @Sendable (String) -> Void,
                        ended: @escaping @Sendable () -> Void) async throws -> Task<Void, Never> {
        let client = client
        let logger = logger
        let (ready, readyContinuation) = AsyncStream<Result<Void, any Error>>.makeStream()
        let task = Task {
            var first = true
            defer { ended() }
            while !Task.isCancelled {
                do {
                    try await client.withConnection { connection in
                        try await connection.listen(on: channel) { notifications in
                            if first {
                                first = false
                                readyContinuation.yield(.success(()))
                                readyContinuation.finish()
                            } else {
                                try await replay()
                            }
                            for try await notification in notifications { deliver(notification.payload) }
                        }
                    }
                } catch is CancellationError {
                    return
                } catch let error as PSQLError where error.code == .poolClosed || error.code == .clientClosedConnection {
                    // The store closed (its pool shut its connections).
                    if first { readyContinuation.yield(.failure(PostgresStoreError.wrap(error, doing: doing))) }
                    readyContinuation.finish()
                    return
                } catch {
                    if first {
                        readyContinuation.yield(.failure(PostgresStoreError.wrap(error, doing: doing)))
                        readyContinuation.finish()
                        return
                    }
                    logger.warning("lost the connection that hears other instances; listening again",
                                   metadata: ["channel": "\(channel)", "error": "\(PostgresStoreError.wrap(error, doing: doing))"])
                }
                do { try await Task.sleep(for: .seconds(1)) } catch { return }
            }
        }
        for await result in ready {
            if case .failure(let error) = result {
                throw error
            }
            return task
        }
        task.cancel()
        throw CancellationError()
    }
}

/// A health change as it travels in a NOTIFY payload: compact JSON.
struct HealthPayload: Codable {
    var deployment: String
    /// Milliseconds since 1970; absent when back in service.
    var until: Int64?
    var reason: String?
    var instance: UUID

    init(_ change: SharedHealthChange, instance: UUID, reason: String?) {
        deployment = change.deployment
        until = change.coolingUntil.map(PostgresValues.millis)
        self.reason = reason
        self.instance = instance
    }

    func json() throws -> String {
        String(decoding: try JSONEncoder().encode(self), as: UTF8.self)
    }

    static func change(from payload: String) -> SharedHealthChange? {
        guard let decoded = try? JSONDecoder().decode(HealthPayload.self, from: Data(payload.utf8)) else { return nil }
        return SharedHealthChange(deployment: decoded.deployment, coolingUntil: decoded.until.map { PostgresValues.date(millis: $0) },
                                  reason: decoded.reason, instance: decoded.instance)
    }
}
