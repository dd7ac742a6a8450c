import GRDB

extension StoreSchema {
    /// `serve`'s virtual keys. Only a salted SHA-256 of a key is kept (`salt`, `hash`, hex), with its first
    /// characters (`prefix`) to find it by; caps are exact decimal TEXT like every money column, `models` the
    /// allowed patterns joined by commas (a pattern holds none), NULL for no limit. A turn and a budget hold point
    /// at the key they were made with; a turn's tags are rows of `turn_tags`, for `spend --by key|tag`.
    static func addGatewayKeys(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE gateway_keys (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                prefix TEXT NOT NULL,
                salt TEXT NOT NULL,
                hash TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                revoked_at INTEGER,
                daily_cap TEXT,
                monthly_cap TEXT,
                models TEXT,
                rpm INTEGER
            );
            CREATE INDEX gateway_keys_by_prefix ON gateway_keys(prefix);
            ALTER TABLE turns ADD COLUMN gateway_key_id INTEGER REFERENCES gateway_keys(id);
            CREATE INDEX turns_by_gateway_key ON turns(gateway_key_id) WHERE gateway_key_id IS NOT NULL;
            ALTER TABLE budget_reservations ADD COLUMN gateway_key_id INTEGER;
            CREATE TABLE turn_tags (
                turn_id INTEGER NOT NULL REFERENCES turns(id) ON DELETE CASCADE,
                tag TEXT NOT NULL,
                PRIMARY KEY (turn_id, tag)
            ) WITHOUT ROWID;
            CREATE INDEX turn_tags_by_tag ON turn_tags(tag);
            """)
    }
}
