import Foundation
import PostgresNIO
import SwitchboardCore

/// The budget scopes a hold or a cost counts against, named by period in the local calendar like the SQLite
/// store's day and month: `day 2026-12-05`, `month 2026-12`, `session <uuid>`, `key 7 day 2026-12-05`,
/// `key 7 month 2026-12`. Instances that share a database should share a time zone, or their days differ.
///
/// Every transaction locks scope rows one statement at a time in the order of their names (`sorted`), so two
/// transactions never wait on each other in a circle: no deadlock, however many instances.
struct BudgetScopes: Sendable, Hashable {
    var day: String
    var month: String
    var session: String?
    var keyDay: String?
    var keyMonth: String?

    init(at date: Date, calendar: Calendar = .current, session: UUID?, key: Int64?) {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        let month = Self.pad(parts.year ?? 0, 4) + "-" + Self.pad(parts.month ?? 0, 2)
        let day = month + "-" + Self.pad(parts.day ?? 0, 2)
        self.day = "day " + day
        self.month = "month " + month
        self.session = session.map { "session " + $0.uuidString.lowercased() }
        self.keyDay = key.map { "key \($0) day " + day }
        self.keyMonth = key.map { "key \($0) month " + month }
    }

    /// Every scope, in locking order.
    var sorted: [String] { ([day, month] + [session, keyDay, keyMonth].compactMap { $0 }).sorted() }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// The spend `decide` is given: each scope's known costs plus open holds (zero for a scope with no row yet).
    func spend(_ totals: [String: Money]) -> BudgetSpend {
        func total(_ scope: String?) -> Money { scope.flatMap { totals[$0] } ?? .zero }
        return BudgetSpend(today: total(day), thisMonth: total(month), thisSession: total(session),
                           keyToday: total(keyDay), keyThisMonth: total(keyMonth))
    }

    /// Adds a known cost to the scopes' spend, creating rows that do not exist yet; in locking order.
    static func addSpent(_ cost: Money, to scopes: [String], _ connection: PostgresConnection, logger: Logger) async throws {
        for scope in scopes.sorted() {
            try await connection.query("""
                INSERT INTO budget_scopes (scope, spent) VALUES (\(scope), \(cost.decimalString)::numeric)
                ON CONFLICT (scope) DO UPDATE SET spent = budget_scopes.spent + EXCLUDED.spent
                """, logger: logger)
        }
    }

    /// Each scope's spent + reserved, without locking (zero for a scope with no row yet), and whether any hold has
    /// expired; in one statement that writes nothing.
    static func read(_ scopes: [String], _ client: PostgresClient, logger: Logger)
        async throws -> (totals: [String: Money], expired: Bool) {
        var totals: [String: Money] = [:]
        var expired = false
        for try await (scope, total, anyExpired) in try await client.query("""
            SELECT s.scope, (coalesce(b.spent, 0) + coalesce(b.reserved, 0))::text,
                   EXISTS (SELECT 1 FROM budget_holds WHERE expires_at < now())
            FROM unnest(\(scopes)) AS s(scope) LEFT JOIN budget_scopes b ON b.scope = s.scope
            """, logger: logger).decode((String, String, Bool).self) {
            totals[scope] = try PostgresValues.money(total)
            expired = anyExpired
        }
        return (totals, expired)
    }

    /// Each scope's spent + reserved with its row locked, one by one in locking order (the path taken after repeated races).
    static func lockedTotals(_ scopes: [String], _ connection: PostgresConnection, logger: Logger) async throws -> [String: Money] {
        var totals: [String: Money] = [:]
        for scope in scopes.sorted() {
            try await connection.query("INSERT INTO budget_scopes (scope) VALUES (\(scope)) ON CONFLICT (scope) DO NOTHING",
                                       logger: logger)
            for try await total in try await connection.query("""
                SELECT (spent + reserved)::text FROM budget_scopes WHERE scope = \(scope) FOR UPDATE
                """, logger: logger).decode(String.self) {
                totals[scope] = try PostgresValues.money(total)
            }
        }
        return totals
    }
}
