/// Every port the history database serves, as the command line holds it once the file is open: sessions and
/// turns, the attempt ledger and its history, budget holds and figures, archives, the sweep of ended turns, and
/// `serve`'s gateway keys, the sessions its conversations are recorded in, its request lookup and the activity the
/// workbench's Gateway section shows.
public typealias HistoryDatabase = SessionStore & Ledger & AttemptHistory & BudgetLedger & BudgetReading
    & SessionTransfer & InterruptedRecovery & GatewayKeyStore & RequestLookup & GatewayActivityReading
    & GatewaySessions
