import GRDB

extension StoreSchema {
    /// Which session each `serve` conversation is recorded in: per key (`key_id` 0 for `--no-auth`), a
    /// client-named conversation (`scope` 'conversation') or a local day ('day'). The primary key makes two
    /// processes creating the same conversation at once agree on one row. The session is named by its uuid so
    /// the row can be written first, before the session it creates (the reference is checked at commit), and
    /// goes with the session when that is deleted.
    static func addGatewaySessions(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE gateway_sessions (
                key_id INTEGER NOT NULL,
                scope TEXT NOT NULL CHECK (scope IN ('conversation', 'day')),
                conversation TEXT NOT NULL,
                session_uuid TEXT NOT NULL REFERENCES sessions(uuid) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
                created_at INTEGER NOT NULL,
                PRIMARY KEY (key_id, scope, conversation)
            ) WITHOUT ROWID;
            CREATE INDEX gateway_sessions_by_session ON gateway_sessions(session_uuid);
            """)
    }
}
