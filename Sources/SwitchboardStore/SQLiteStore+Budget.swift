import Foundation
import GRDB
import SwitchboardCore

/// A hold on budget taken before a request is sent; settle it when the request ends.
public struct BudgetReservationID: Sendable, Hashable, CustomStringConvertible {
    public let rawValue: Int64

    public init(rawValue: Int64) {
        self.rawValue = rawValue
    }

    public var description: String { String(rawValue) }
}

extension SQLiteStore {
    /// Open reservations older than this stop counting, whoever holds them: the bound for holds whose owner
    /// cannot be checked (made before owners were stored). Holds of a process that has ended are released sooner,
    /// by the next reservation or `recoverInterrupted`.
    public static let reservationLifetime: TimeInterval = 3600

    /// Spend so far today and this month (local calendar) and in `session` (all time): known attempt costs plus
    /// open reservations. Unknown attempt costs add nothing here; a budget cannot count what it cannot price.
    public func budgetSpend(session: UUID?, at now: Date = Date(), calendar: Calendar = .current) throws -> BudgetSpend {
        try connections.read { db in try Self.budgetSpend(db, session: session, now: now, calendar: calendar) }
    }

    /// Checks and reserves in one IMMEDIATE transaction, so two processes cannot both fit under the same limit:
    /// computes the spend, asks `decide` (e.g. `BudgetPolicy`) what to hold, and stores the hold when there is one.
    /// `decide` runs while the database is locked for writing: keep it pure and quick. Throw from it to refuse.
    public func reserveBudget<Decision>(session: UUID?, scope: String = "request", at now: Date = Date(),
                                        calendar: Calendar = .current,
                                        _ decide: (BudgetSpend) throws -> (reserve: Money?, decision: Decision))
        throws -> (reservation: BudgetReservationID?, decision: Decision) {
        do {
            return try reserve(session: session, scope: scope, at: now, calendar: calendar, decide)
        } catch {
            throw writeFailure(error)
        }
    }

    private func reserve<Decision>(session: UUID?, scope: String, at now: Date, calendar: Calendar,
                                   _ decide: (BudgetSpend) throws -> (reserve: Money?, decision: Decision))
        throws -> (reservation: BudgetReservationID?, decision: Decision) {
        try connections.write { db in try Self.reserve(db, session: session, scope: scope, at: now, calendar: calendar, decide) }
    }

    static func reserve<Decision>(_ db: Database, session: UUID?, scope: String, at now: Date, calendar: Calendar,
                                  _ decide: (BudgetSpend) throws -> (reserve: Money?, decision: Decision))
        throws -> (reservation: BudgetReservationID?, decision: Decision) {
        do {
            _ = try Self.releaseHoldsOfEndedProcesses(db, at: now)
            let spend = try Self.budgetSpend(db, session: session, now: now, calendar: calendar)
            let (amount, decision) = try decide(spend)
            guard let amount else { return (nil, decision) }
            let sessionRow = try session.flatMap { try Int64.fetchOne(db, sql: "SELECT id FROM sessions WHERE uuid = ?", arguments: [Self.text($0)]) }
            try db.execute(sql: """
                INSERT INTO budget_reservations (scope, session_id, amount, created_at, owner) VALUES (?, ?, ?, ?, ?)
                """, arguments: [scope, sessionRow, amount.decimalString, StoredTime.millis(now), ProcessOwner.current.text])
            return (BudgetReservationID(rawValue: db.lastInsertedRowID), decision)
        }
    }

    /// Ends a hold once the request's attempts are recorded (their costs now count instead). `actual` is kept for
    /// the record; nil when unknown or nothing was spent.
    public func settleBudget(_ reservation: BudgetReservationID, actual: Money?, at now: Date = Date()) throws {
        do {
            try connections.write { db in try Self.settle(reservation, actual: actual, at: now, db) }
        } catch {
            throw writeFailure(error)
        }
    }

    static func settle(_ reservation: BudgetReservationID, actual: Money?, at now: Date, _ db: Database) throws {
        try db.execute(sql: "UPDATE budget_reservations SET settled_at = ?, actual = ?, owner = NULL WHERE id = ?",
                       arguments: [StoredTime.millis(now), actual?.decimalString, reservation.rawValue])
    }

    /// Settles the open holds whose owning process has ended (`actual` stays NULL: what they spent is unknown,
    /// and their attempts say what is known). Returns how many.
    static func releaseHoldsOfEndedProcesses(_ db: Database, at now: Date) throws -> Int {
        var released = 0
        for row in try Row.fetchAll(db, sql: """
            SELECT id, owner FROM budget_reservations WHERE settled_at IS NULL AND owner IS NOT NULL
            """) {
            let owner: String = try row.decode(forColumn: "owner")
            guard !(ProcessOwner(text: owner)?.isAlive ?? false) else { continue }
            try db.execute(sql: "UPDATE budget_reservations SET settled_at = ?, owner = NULL WHERE id = ? AND settled_at IS NULL",
                           arguments: [StoredTime.millis(now), try row.decode(forColumn: "id") as Int64])
            released += db.changesCount
        }
        return released
    }

    static func budgetSpend(_ db: Database, session: UUID?, now: Date, calendar: Calendar) throws -> BudgetSpend {
        let dayStart = StoredTime.millis(calendar.startOfDay(for: now))
        let monthStart = calendar.date(from: calendar.dateComponents([.year, .month], from: now))
            .map(StoredTime.millis) ?? dayStart
        let sessionRow = try session.flatMap {
            try Int64.fetchOne(db, sql: "SELECT id FROM sessions WHERE uuid = ?", arguments: [text($0)])
        }
        var spend = BudgetSpend()
        for row in try Row.fetchAll(db, sql: "SELECT started_at, cost FROM attempts WHERE started_at >= ? AND cost IS NOT NULL",
                                    arguments: [min(monthStart, dayStart)]) {
            guard let cost = try RowDecoding.money(row, "cost") else { continue }
            let started: Int64 = try row.decode(forColumn: "started_at")
            if started >= monthStart { spend.thisMonth += cost }
            if started >= dayStart { spend.today += cost }
        }
        if let sessionRow {
            for row in try Row.fetchAll(db, sql: """
                SELECT a.cost FROM turns t JOIN attempts a ON a.turn_id = t.id WHERE t.session_id = ? AND a.cost IS NOT NULL
                """, arguments: [sessionRow]) {
                if let cost = try RowDecoding.money(row, "cost") { spend.thisSession += cost }
            }
        }
        let liveSince = StoredTime.millis(now.addingTimeInterval(-reservationLifetime))
        for row in try Row.fetchAll(db, sql: """
            SELECT amount, created_at, session_id FROM budget_reservations WHERE settled_at IS NULL AND created_at >= ?
            """, arguments: [liveSince]) {
            guard let amount = try RowDecoding.money(row, "amount") else { continue }
            let created: Int64 = try row.decode(forColumn: "created_at")
            let owner: Int64? = try row.decode(forColumn: "session_id")
            if created >= monthStart { spend.thisMonth += amount }
            if created >= dayStart { spend.today += amount }
            if let sessionRow, owner == sessionRow { spend.thisSession += amount }
        }
        return spend
    }
}
