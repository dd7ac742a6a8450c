import SwitchboardCore

extension PostgresSchema {
    /// "p2 sessions": sessions, their messages (a tree: parent, head, regenerated columns), the turns' route
    /// decisions, compaction summaries, message parts, full-text search, and the index the time reports read.
    ///
    /// - Times are milliseconds since 1970 (`bigint`) and money `numeric`, as in p1's attempts: the neutral records
    ///   read back exactly as the SQLite store's do.
    /// - `sessions.seq` orders sessions updated in the same millisecond as SQLite's integer key does.
    /// - `messages.text` is searchable text: PostgreSQL text cannot hold NUL, so a text that has one is stored there
    ///   with each NUL as a space and exactly, as UTF-8, in `text_exact` (NULL for every other message).
    /// - `messages.search` is generated from the text as `searchVector` cuts it and GIN-indexed: its first
    ///   `searchedCharacters` only, since a tsvector holds at most 1 MB and a longer one would refuse the message.
    /// - `parts` holds Core's parts JSON as text (jsonb would reorder keys; the JSON is only ever read back whole).
    /// - attempts: a BRIN index on `started_at` beside p1's B-tree. Attempts arrive in time order, so each block
    ///   range covers a narrow span of time: the index is a few pages for millions of rows, and a month's report
    ///   reads only that month's blocks. Monthly partitions were not chosen: p1's primary key and its turns'
    ///   foreign key would have to include the time, and the reports gain nothing more at this size.
    static let sessions: [String] = [
        """
        CREATE TABLE sessions (
            id uuid PRIMARY KEY,
            seq bigserial NOT NULL UNIQUE,
            title text NOT NULL,
            created_at bigint NOT NULL,
            updated_at bigint NOT NULL,
            archived boolean NOT NULL DEFAULT false,
            system_prompt text,
            model text,
            tag text,
            role text,
            head_message_id bigint,
            columns_after bigint
        )
        """,
        "CREATE INDEX sessions_by_update ON sessions (updated_at DESC, seq DESC)",
        "CREATE INDEX sessions_by_id_text ON sessions ((id::text) text_pattern_ops)",
        "ALTER TABLE turns ADD COLUMN route text",
        """
        ALTER TABLE turns ADD CONSTRAINT turns_session FOREIGN KEY (session_id) REFERENCES sessions (id)
            ON DELETE SET NULL
        """,
        """
        CREATE TABLE messages (
            id bigserial PRIMARY KEY,
            session_id uuid NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
            parent_id bigint,
            turn_id uuid REFERENCES turns (id),
            role text NOT NULL CHECK (role IN ('system', 'user', 'assistant', 'tool')),
            status text NOT NULL CHECK (status IN ('complete', 'incomplete', 'cancelled', 'failed')),
            requested_model text,
            resolved_model text,
            provider text,
            input_tokens bigint,
            output_tokens bigint,
            cache_read_tokens bigint,
            cache_write_tokens bigint,
            reasoning_tokens bigint,
            cache_write_1h_tokens bigint,
            image_inputs bigint,
            cost numeric,
            cost_reported numeric,
            ttft_ms bigint,
            duration_ms bigint,
            created_at bigint NOT NULL,
            updated_at bigint NOT NULL,
            parts text,
            text_exact bytea,
            text text NOT NULL,
            search tsvector GENERATED ALWAYS AS (\(searchVector("left(text, \(searchedCharacters))"))) STORED
        )
        """,
        "CREATE INDEX messages_by_session ON messages (session_id, id)",
        "CREATE INDEX messages_by_turn ON messages (turn_id, id)",
        "CREATE INDEX messages_search ON messages USING gin (search)",
        """
        CREATE TABLE compactions (
            id bigserial PRIMARY KEY,
            session_id uuid NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
            turn_id uuid NOT NULL REFERENCES turns (id),
            through_message_id bigint NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
            turns integer NOT NULL,
            tokens_before bigint NOT NULL,
            tokens_after bigint NOT NULL,
            model text,
            provider text,
            input_tokens bigint,
            output_tokens bigint,
            cost numeric,
            created_at bigint NOT NULL,
            summary text NOT NULL
        )
        """,
        "CREATE INDEX compactions_by_session ON compactions (session_id, id)",
        "CREATE INDEX attempts_by_start_brin ON attempts USING brin (started_at)",
    ]

    /// How much of a message is searchable: 200,000 characters make at most about half of a tsvector's 1 MB.
    static let searchedCharacters = 200_000

    /// The words of `column` as `SearchScript` cuts them, as a tsvector: ASCII punctuation becomes space (so
    /// `gpt-4o` and `example.com` are two words each, as in SQLite, where PostgreSQL's parser would keep them
    /// whole), each CJK character is spaced apart, and the 'simple' configuration lowercases what remains with
    /// no stems or stop words: a word matches itself only. Unlike SQLite's tokenizer, accents are kept (`café`
    /// does not match `cafe`). The rules are fixed here: a change of `SearchScript.cjkRanges` needs a new migration
    /// that rebuilds the column.
    static func searchVector(_ column: String) -> String {
        let punctuation = "!\"#$%&''()*+,-./:;<=>?@[\\]^_`{|}~"
        let spaces = String(repeating: " ", count: 32)
        let cjk = SearchScript.cjkRanges.map { "\(escape($0.lowerBound))-\(escape($0.upperBound))" }.joined()
        return "to_tsvector('simple', regexp_replace(translate(\(column), '\(punctuation)', '\(spaces)'), "
            + "'([\(cjk)])', ' \\1 ', 'g'))"
    }

    private static func escape(_ scalar: UInt32) -> String {
        let hex = String(scalar, radix: 16)
        return scalar > 0xFFFF ? "\\U" + String(repeating: "0", count: 8 - hex.count) + hex
            : "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
    }
}
