import SwitchboardCore

/// PostgresStore serves every port the command line holds once the database is open (Core's `HistoryDatabase`):
/// the ledger and budgets (p1), sessions and reports (p2), gateway keys, sessions, activity, lookup and transfer
/// (p3), each declared in its own file. This view fails the build when a port is added to `HistoryDatabase` and
/// PostgreSQL does not serve it yet.
extension PostgresStore {
    public var historyDatabase: any HistoryDatabase { self }
}
