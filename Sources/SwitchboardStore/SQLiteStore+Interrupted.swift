import Foundation
import GRDB
import SwitchboardCore

extension SQLiteStore: InterruptedRecovery {
    /// Marks the in-flight attempts of processes that have ended (killed, crashed) as `interrupted` and releases
    /// their budget holds. For writing commands at start: a process whose owner still runs is left alone, and when
    /// nothing is left behind (the usual case) nothing is written.
    ///
    /// An interrupted attempt keeps what is known: its route and start. Its tokens stay 0 and its cost NULL
    /// (unknown, never estimated); its duration runs to the last checkpoint of the answer it was streaming, the
    /// last moment the process is known to have been alive.
    public func recoverInterrupted(at now: Date = Date()) throws -> InterruptedWork {
        do {
            guard try connections.read({ db in try Self.hasWorkOfEndedProcesses(db) }) else { return InterruptedWork() }
            return try connections.write { db in try Self.recoverInterrupted(db, at: now) }
        } catch {
            throw writeFailure(error)
        }
    }

    /// The same through GRDB's async access, for the commands that call it from async code (`ask`, `compare`, the
    /// workbench), so a busy database does not block a thread of the cooperative pool.
    public func recoverInterrupted() async throws -> InterruptedWork {
        let now = Date()
        do {
            guard try await connections.read({ db in try Self.hasWorkOfEndedProcesses(db) }) else { return InterruptedWork() }
            return try await connections.write { db in try Self.recoverInterrupted(db, at: now) }
        } catch {
            throw writeFailure(error)
        }
    }

    private static func hasWorkOfEndedProcesses(_ db: Database) throws -> Bool {
        let owners = try String?.fetchAll(db, sql: """
            SELECT owner FROM attempts WHERE outcome = 'in_flight'
            UNION SELECT owner FROM budget_reservations WHERE settled_at IS NULL AND owner IS NOT NULL
            """)
        return owners.contains { owner in !(owner.flatMap(ProcessOwner.init(text:))?.isAlive ?? false) }
    }

    private static func recoverInterrupted(_ db: Database, at now: Date) throws -> InterruptedWork {
        var work = InterruptedWork()
        var pids: Set<Int32> = []
        for row in try Row.fetchAll(db, sql: """
            SELECT a.id, a.owner, a.started_at,
                   (SELECT MAX(m.updated_at) FROM messages m WHERE m.turn_id = a.turn_id AND m.role = 'assistant') AS seen
            FROM attempts a WHERE a.outcome = 'in_flight'
            """) {
            let ownerText: String? = try row.decode(forColumn: "owner")
            let owner = ownerText.flatMap(ProcessOwner.init(text:))
            if owner?.isAlive ?? false { continue }
            let started: Int64 = try row.decode(forColumn: "started_at")
            let seen: Int64? = try row.decode(forColumn: "seen")
            let who = owner.map { "the process (pid \($0.pid))" } ?? "the process"
            try db.execute(sql: """
                UPDATE attempts SET outcome = 'interrupted', owner = NULL, duration_ms = ?, error_message = ?
                WHERE id = ? AND outcome = 'in_flight'
                """, arguments: [max(0, (seen ?? started) - started),
                                 "\(who) ended before this attempt did; tokens and cost unknown",
                                 try row.decode(forColumn: "id") as Int64])
            work.attempts += db.changesCount
            if let owner { pids.insert(owner.pid) }
        }
        for row in try Row.fetchAll(db, sql: """
            SELECT owner FROM budget_reservations WHERE settled_at IS NULL AND owner IS NOT NULL
            """) {
            let text: String = try row.decode(forColumn: "owner")
            if let owner = ProcessOwner(text: text), !owner.isAlive { pids.insert(owner.pid) }
        }
        work.holds = try releaseHoldsOfEndedProcesses(db, at: now)
        work.pids = pids.sorted()
        return work
    }
}
