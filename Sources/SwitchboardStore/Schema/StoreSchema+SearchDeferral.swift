import GRDB

extension StoreSchema {
    /// Search indexing that waits for the end of a transaction (`DeferredSearchIndex`). FTS5 writes its pending
    /// terms out as a new segment at the end of every statement that touches the index inside a transaction, so
    /// `serve` wrote a segment, and took the index's savepoint, for every request. While `search_deferral` holds
    /// a row (only ever inside a transaction, so no other connection sees it), a new message's id goes to
    /// `search_pending` instead, and the messages are indexed together just before the commit.
    ///
    /// A message waiting there is not in the index yet: deleting or changing it must not take it out of the
    /// index (FTS5 would subtract terms it never added), and the end of the transaction indexes its text as it
    /// is then. Without a row in `search_deferral` the triggers do what they always did.
    static func addSearchDeferral(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE search_deferral (id INTEGER PRIMARY KEY CHECK (id = 1));
            CREATE TABLE search_pending (message_id INTEGER PRIMARY KEY);
            DROP TRIGGER message_search_insert;
            DROP TRIGGER message_search_delete;
            DROP TRIGGER message_search_update;
            CREATE TRIGGER message_search_insert AFTER INSERT ON messages
            WHEN new.text <> '' AND NOT EXISTS (SELECT 1 FROM search_deferral) BEGIN
                INSERT INTO message_search(rowid, text) VALUES (new.id, new.text);
            END;
            CREATE TRIGGER message_search_defer AFTER INSERT ON messages
            WHEN new.text <> '' AND EXISTS (SELECT 1 FROM search_deferral) BEGIN
                INSERT OR IGNORE INTO search_pending(message_id) VALUES (new.id);
            END;
            CREATE TRIGGER message_search_delete AFTER DELETE ON messages WHEN old.text <> '' BEGIN
                INSERT INTO message_search(message_search, rowid, text)
                    SELECT 'delete', old.id, old.text WHERE NOT EXISTS (SELECT 1 FROM search_pending WHERE message_id = old.id);
                DELETE FROM search_pending WHERE message_id = old.id;
            END;
            CREATE TRIGGER message_search_update AFTER UPDATE OF text ON messages
            WHEN old.text IS NOT new.text AND NOT EXISTS (SELECT 1 FROM search_pending WHERE message_id = new.id) BEGIN
                INSERT INTO message_search(message_search, rowid, text)
                    SELECT 'delete', old.id, old.text WHERE old.text <> '';
                INSERT INTO message_search(rowid, text) SELECT new.id, new.text WHERE new.text <> '';
            END;
            """)
    }
}
