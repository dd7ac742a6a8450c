extension PostgresSchema {
    /// "p3 gateway and health": `serve`'s virtual keys, the tags and sessions of its requests, and the deployment
    /// health every instance shares.
    ///
    /// - `gateway_keys`: as the SQLite store's: only a salted SHA-256 of a secret (`salt`, `hash`, hex) with its
    ///   first characters (`prefix`) to find it by; times in milliseconds since 1970, caps as numeric, `models`
    ///   the allowed patterns joined by commas (a pattern holds none); NULL for no limit. p1's `turns` and
    ///   `budget_holds` point at a key by `gateway_key_id`; the turns' reference is checked from here on.
    /// - `turn_tags`: a turn's tags, for `spend --by tag`.
    /// - `gateway_sessions`: which session each `serve` conversation is recorded in, per key (0 for `--no-auth`):
    ///   the primary key makes instances creating the same conversation at once agree on one row. The row is
///   written before the session it names (checked at commit) and goes with the session when that is deleted.
    /// - `health_cooldowns`: deployments cooling down, until when and why, as the instance that tripped published
    ///   them; changes are announced with `NOTIFY switchboard_health`, key revocations with `switchboard_keys`.
    static let gatewayAndHealth: [String] = [
        """
        CREATE TABLE gateway_keys (
            id bigserial PRIMARY KEY,
            name text NOT NULL UNIQUE,
            prefix text NOT NULL,
            salt text NOT NULL,
            hash text NOT NULL,
            created_at bigint NOT NULL,
            revoked_at bigint,
            daily_cap numeric,
            monthly_cap numeric,
            models text,
            rpm integer
        )
        """,
        "CREATE INDEX gateway_keys_by_prefix ON gateway_keys (prefix)",
        """
        ALTER TABLE turns ADD CONSTRAINT turns_gateway_key FOREIGN KEY (gateway_key_id) REFERENCES gateway_keys (id)
        """,
        """
        CREATE TABLE turn_tags (
            turn_id uuid NOT NULL REFERENCES turns (id) ON DELETE CASCADE,
            tag text NOT NULL,
            PRIMARY KEY (turn_id, tag)
        )
        """,
        "CREATE INDEX turn_tags_by_tag ON turn_tags (tag)",
        """
        CREATE TABLE gateway_sessions (
            key_id bigint NOT NULL,
            scope text NOT NULL CHECK (scope IN ('conversation', 'day')),
            conversation text NOT NULL,
            session_uuid uuid NOT NULL REFERENCES sessions (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
            created_at bigint NOT NULL,
            PRIMARY KEY (key_id, scope, conversation)
        )
        """,
        "CREATE INDEX gateway_sessions_by_session ON gateway_sessions (session_uuid)",
        """
        CREATE TABLE health_cooldowns (
            deployment text PRIMARY KEY,
            cooling_until timestamptz NOT NULL,
            reason text,
            instance uuid NOT NULL,
            updated_at timestamptz NOT NULL
        )
        """,
    ]
}
