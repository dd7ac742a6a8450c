import GRDB

/// The schema, as named migrations applied in order. Append only: a shipped migration is never edited, so every
/// database, whatever build made it, reaches the same shape.
///
/// Shape and the reasons for it:
/// - Times are integer milliseconds since 1970 (UTC): compact, exact, and comparable in SQL.
/// - Money is exact decimal TEXT ("0.000123"), NULL when unknown: never REAL, never a guessed zero.
/// - Sessions and turns have a UUID for people and files, and an integer key that other rows point at
///   (an integer reference costs 1-3 bytes, a UUID 36, on every message and attempt).
/// - `messages.text` is the last column: reading a message's metadata never touches the text's overflow pages.
/// - The text is stored once; the search index is external-content FTS5 that points back at it.
/// - A turn keeps its attempts when its session is deleted (session becomes NULL): spend history stays true.
enum StoreSchema {
    /// Whether every migration is applied, judged in one snapshot. GRDB's `hasCompletedMigrations` prepares its
    /// SELECT before any snapshot exists, and on "no such table" looks again in a snapshot taken later: a table
    /// another process created in between turned a new file into "no such table: grdb_migrations". Reading
    /// sqlite_master first takes the snapshot, so both questions are asked of the same file.
    static func isUpToDate(_ db: Database) throws -> Bool {
        let tracked = try Bool.fetchOne(db, sql: """
            SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'grdb_migrations')
            """) ?? false
        return try tracked && migrator.hasCompletedMigrations(db)
    }

    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1 sessions, turns, messages, attempts", migrate: createCore)
        migrator.registerMigration("v2 full-text search", migrate: createSearch)
        migrator.registerMigration("v3 budget reservations", migrate: createBudgets)
        migrator.registerMigration("v4 route decisions", migrate: addRouteDecisions)
        migrator.registerMigration("v5 chosen replies", migrate: addSessionHead)
        migrator.registerMigration("v6 owners of attempts in flight and budget holds", migrate: addOwners)
        migrator.registerMigration("v7 message parts, tool messages, 1-hour cache writes and images", migrate: addParts)
        migrator.registerMigration("v8 session roles", migrate: addSessionRoles)
        migrator.registerMigration("v10 compaction summaries", migrate: addCompactions)
        migrator.registerMigration("v11 gateway keys", migrate: addGatewayKeys)
        migrator.registerMigration("v12 regenerated columns", migrate: addRegeneratedColumns)
        migrator.registerMigration("v13 gateway sessions", migrate: addGatewaySessions)
        migrator.registerMigration("v14 search indexed at the end of a transaction", migrate: addSearchDeferral)
        return migrator
    }()

    /// Tables a Switchboard database may hold; anything else marks a database made by another program.
    static let knownTables: Set<String> = [
        "grdb_migrations", "sessions", "turns", "messages", "attempts", "budget_reservations", "message_search",
        "message_search_data", "message_search_idx", "message_search_docsize", "message_search_config", "compactions",
        "gateway_keys", "turn_tags", "gateway_sessions", "search_deferral", "search_pending",
    ]

    static func createCore(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE sessions (
                id INTEGER PRIMARY KEY,
                uuid TEXT NOT NULL UNIQUE,
                title TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                archived INTEGER NOT NULL DEFAULT 0,
                system_prompt TEXT,
                model TEXT,
                tag TEXT
            );
            CREATE INDEX sessions_by_update ON sessions(updated_at);

            CREATE TABLE turns (
                id INTEGER PRIMARY KEY,
                uuid BLOB NOT NULL UNIQUE,
                session_id INTEGER REFERENCES sessions(id) ON DELETE SET NULL
            );
            CREATE INDEX turns_by_session ON turns(session_id);

            CREATE TABLE messages (
                id INTEGER PRIMARY KEY,
                session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
                parent_id INTEGER,
                turn_id INTEGER REFERENCES turns(id),
                role TEXT NOT NULL CHECK (role IN ('system', 'user', 'assistant')),
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
                text TEXT NOT NULL
            );
            CREATE INDEX messages_by_session ON messages(session_id);

            CREATE TABLE attempts (
                id INTEGER PRIMARY KEY,
                turn_id INTEGER NOT NULL REFERENCES turns(id) ON DELETE CASCADE,
                ordinal INTEGER NOT NULL,
                model TEXT NOT NULL,
                provider TEXT NOT NULL,
                provider_model TEXT NOT NULL,
                reason TEXT NOT NULL,
                outcome TEXT NOT NULL,
                after_first_token INTEGER NOT NULL DEFAULT 0,
                http_status INTEGER,
                error_message TEXT,
                started_at INTEGER NOT NULL,
                ttft_ms INTEGER,
                duration_ms INTEGER NOT NULL,
                input_tokens INTEGER NOT NULL,
                output_tokens INTEGER NOT NULL,
                cache_read_tokens INTEGER NOT NULL,
                cache_write_tokens INTEGER NOT NULL,
                reasoning_tokens INTEGER NOT NULL,
                cost TEXT,
                cost_reported TEXT
            );
            CREATE INDEX attempts_by_turn ON attempts(turn_id);
            CREATE INDEX attempts_by_start ON attempts(started_at);
            """)
    }

    /// External content: the index holds terms only and reads text from `messages` for snippets, so the text is
    /// stored once. Empty texts (a reply just begun) are not indexed, which spares the index a write per turn. detail=none keeps no positions: on chat-like text the index is 0.15 of the text against 0.47
    /// with positions (detail=full), which is what keeps the file under 1.5 times the text. The price: bm25 re-reads
    /// each candidate (the search ranks the most recent 1,000 matches), and phrases (`"a b"`, `gpt-4o`, CJK words)
    /// are checked against the text after the index has narrowed the candidates.
    static func createSearch(_ db: Database) throws {
        try db.execute(sql: """
            CREATE VIRTUAL TABLE message_search USING fts5(
                text, content='messages', content_rowid='id', tokenize='\(SearchTokenizer.name)', detail=none
            );
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
            INSERT INTO message_search(rowid, text) SELECT id, text FROM messages WHERE text <> '';
            """)
    }

    /// Money held by requests still running, so that concurrent processes see each other's spend before it is
    /// known. `actual` is filled when the request settles (NULL: unknown or nothing spent).
    static func createBudgets(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE budget_reservations (
                id INTEGER PRIMARY KEY,
                scope TEXT NOT NULL,
                session_id INTEGER REFERENCES sessions(id) ON DELETE SET NULL,
                amount TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                settled_at INTEGER,
                actual TEXT
            );
            CREATE INDEX budget_reservations_open ON budget_reservations(settled_at, created_at);
            """)
    }

    /// The router's decision for each turn (candidates in order, what was left out, why), as compact JSON.
    static func addRouteDecisions(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE turns ADD COLUMN route TEXT")
    }

    /// Where a session's conversation continues when that is not its latest message: the compared answer a person
    /// picked. Cleared by the next message, which replies to it.
    static func addSessionHead(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE sessions ADD COLUMN head_message_id INTEGER")
    }

    /// The process (pid, start time, boot) that owns an attempt in flight or an open budget hold, so that the next
    /// writing process can tell a running one from one that was killed, mark its attempt `interrupted` and release
    /// its hold. NULL once the attempt ended or the hold settled. The partial index keeps that check to the few
    /// attempts in flight.
    static func addOwners(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE attempts ADD COLUMN owner TEXT;
            ALTER TABLE budget_reservations ADD COLUMN owner TEXT;
            CREATE INDEX attempts_in_flight ON attempts(turn_id, ordinal) WHERE outcome = 'in_flight';
            """)
    }
}
