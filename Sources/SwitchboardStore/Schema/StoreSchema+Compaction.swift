import GRDB

extension StoreSchema {
    /// Summaries of older turns (`/compact`). A summary stands for the branch up to and including
    /// `through_message_id`; it applies wherever that message is on the conversation's path, so a branch made
    /// before it is sent whole. The summary's own turn (`turn_id`) holds its attempts, so its cost is in spend like
    /// any turn's; the originals are never touched. Deleting the session or the message drops the summary.
    static func addCompactions(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE compactions (
                id INTEGER PRIMARY KEY,
                session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
                turn_id INTEGER NOT NULL REFERENCES turns(id),
                through_message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
                turns INTEGER NOT NULL,
                tokens_before INTEGER NOT NULL,
                tokens_after INTEGER NOT NULL,
                model TEXT,
                provider TEXT,
                input_tokens INTEGER,
                output_tokens INTEGER,
                cost TEXT,
                created_at INTEGER NOT NULL,
                summary TEXT NOT NULL
            );
            CREATE INDEX compactions_by_session ON compactions(session_id);
            """)
    }
}
