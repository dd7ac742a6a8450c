import GRDB

extension StoreSchema {
    /// Messages keep their parts beyond the text (attachments, tool calls and results, thinking) and may be `tool`
    /// messages; messages and attempts keep 1-hour cache writes and image inputs.
    ///
    /// SQLite cannot widen a CHECK constraint in place, so `messages` is rebuilt once: same columns, same ids, so the
    /// external-content search index (rowid = id, text unchanged) stays valid without a rebuild; its triggers,
    /// dropped with the old table, are made again. `parts` is NULL for a text-only message and comes after `text`,
    /// so reading a message's metadata or its text never walks an attachment's overflow pages. `text` stays the
    /// visible text, the only thing searched.
    static func addParts(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE messages_v7 (
                id INTEGER PRIMARY KEY,
                session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
                parent_id INTEGER,
                turn_id INTEGER REFERENCES turns(id),
                role TEXT NOT NULL CHECK (role IN ('system', 'user', 'assistant', 'tool')),
                status TEXT NOT NULL CHECK (status IN ('complete', 'incomplete', 'cancelled', 'failed')),
                requested_model TEXT,
                resolved_model TEXT,
                provider TEXT,
                input_tokens INTEGER,
                output_tokens INTEGER,
                cache_read_tokens INTEGER,
                cache_write_tokens INTEGER,
                reasoning_tokens INTEGER,
                cost TEXT,
                cost_reported TEXT,
                ttft_ms INTEGER,
                duration_ms INTEGER,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                cache_write_1h_tokens INTEGER,
                image_inputs INTEGER,
                text TEXT NOT NULL,
                parts TEXT
            );
            INSERT INTO messages_v7 (id, session_id, parent_id, turn_id, role, status, requested_model, resolved_model,
                provider, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, cost,
                cost_reported, ttft_ms, duration_ms, created_at, updated_at, text)
            SELECT id, session_id, parent_id, turn_id, role, status, requested_model, resolved_model,
                provider, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, cost,
                cost_reported, ttft_ms, duration_ms, created_at, updated_at, text FROM messages;
            DROP TABLE messages;
            ALTER TABLE messages_v7 RENAME TO messages;
            CREATE INDEX messages_by_session ON messages(session_id);
            CREATE TRIGGER message_search_insert AFTER INSERT ON messages WHEN new.text <> '' BEGIN
                INSERT INTO message_search(rowid, text) VALUES (new.id, new.text);
            END;
            CREATE TRIGGER message_search_delete AFTER DELETE ON messages WHEN old.text <> '' BEGIN
                INSERT INTO message_search(message_search, rowid, text) VALUES ('delete', old.id, old.text);
            END;
            CREATE TRIGGER message_search_update AFTER UPDATE OF text ON messages WHEN old.text IS NOT new.text BEGIN
                INSERT INTO message_search(message_search, rowid, text)
                    SELECT 'delete', old.id, old.text WHERE old.text <> '';
                INSERT INTO message_search(rowid, text) SELECT new.id, new.text WHERE new.text <> '';
            END;
            ALTER TABLE attempts ADD COLUMN cache_write_1h_tokens INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE attempts ADD COLUMN image_inputs INTEGER NOT NULL DEFAULT 0;
            """)
    }
}
