import GRDB

extension StoreSchema {
    /// The role a session uses (`/role`, `ask --role`), by name. The prompt it brought is in `system_prompt`, so a
    /// session keeps it when the role file later changes or goes.
    static func addSessionRoles(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE sessions ADD COLUMN role TEXT")
    }
}
