import GRDB

extension StoreSchema {
    /// Compared columns that are not every reply to their prompt: `/regen` with several models answers a prompt
    /// that already has a reply. The columns awaiting a pick are the replies to the session's last prompt newer than
    /// `columns_after` (a message id); older replies are earlier versions. NULL when every reply to the last prompt
    /// is a column (a compared message) or nothing awaits a pick. A pick, a head moved, or any later message that
    /// is not a reply clears it.
    static func addRegeneratedColumns(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE sessions ADD COLUMN columns_after INTEGER")
    }
}
