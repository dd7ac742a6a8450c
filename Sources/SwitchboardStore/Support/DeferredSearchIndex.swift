import GRDB

/// Search indexing held until a transaction's end (`StoreSchema.addSearchDeferral`): a write that inserts many
/// messages in a group commit (`serve`'s turns) calls `hold` first, and `indexHeld` runs just before the commit,
/// so the batch's messages reach FTS5 in one statement, one new segment, instead of one per turn.
///
/// The row in `search_deferral` is what the triggers see, and it goes with a rollback; `holding` only spares
/// the end of a transaction that held nothing its three statements. Used on the writer's queue only.
final class DeferredSearchIndex: @unchecked Sendable {
    private var holding = false

    /// From here to the end of the transaction, new messages are indexed at its end.
    func hold(_ db: Database) throws {
        try db.cachedStatement(sql: "INSERT OR IGNORE INTO search_deferral (id) VALUES (1)").execute()
        holding = true
    }

    /// CROSS JOIN keeps the few held ids as the outer loop: with a plain JOIN SQLite may scan every message.
    static let indexing = """
        INSERT INTO message_search(rowid, text)
        SELECT m.id, m.text FROM search_pending p CROSS JOIN messages m ON m.id = p.message_id WHERE m.text <> ''
        """

    /// Indexes the messages held back, as their text is now; call inside the transaction, before its commit.
    func indexHeld(_ db: Database) throws {
        guard holding else { return }
        holding = false
        try db.cachedStatement(sql: Self.indexing).execute()
        try db.cachedStatement(sql: "DELETE FROM search_pending").execute()
        try db.cachedStatement(sql: "DELETE FROM search_deferral").execute()
    }
}
