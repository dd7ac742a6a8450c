extension PostgresSchema {
    /// "p5 report rollups": what `spend` and `stats` read instead of a month of attempts one by one, kept exact by
    /// triggers on `attempts`, so every path that writes an attempt (begin, record, import, `db migrate`, interrupted
    /// recovery, a turn deleted with its attempts) keeps them right in its own transaction.
    ///
    /// - `attempt_rollups`: per bucket of `started_at`, model, provider and outcome: the counts and sums a spend row
    ///   and a stats row are made of. Buckets of three widths (`width`, ms): quarter hours (every time zone's day
    ///   starts on one today: offsets are whole quarter hours), hours and UTC days; a report reads each part of its
    ///   range from the widest buckets that fit it, and a boundary inside a quarter hour (a `--since`, an old
    ///   zone's odd offset) from `attempts`. Money stays numeric; an unknown cost is counted (`requests - known`),
    ///   never summed.
    /// - `attempt_timing_changes`: per UTC day, model, provider, metric (1 time to first token, 2 duration of a
    ///   success) and value in milliseconds, how many attempts had it; "p7 timing bins" counts them by bin for the
    ///   stats' percentiles.
    /// - The triggers do not update those rows: they append signed changes (`-1` for the old row, `+1` for the new)
    ///   to `attempt_rollup_changes` (quarter hours) and `attempt_timing_changes`, which take no row locks,
    ///   so writers of several instances never wait for or deadlock on a shared rollup row.
    ///   `switchboard_fold_rollups()` ("p7 timing bins") folds the changes in at every width (one folder at a time,
    ///   rows in key order);
    ///   readers sum the rollups and the changes not folded yet, so an answer never depends on when the last fold ran.
    /// - Existing attempts are summed in while `attempts` is locked against writes: nothing is counted twice or lost.
    static let reportRollups: [String] = [
        "LOCK TABLE attempts IN SHARE ROW EXCLUSIVE MODE",
        """
        CREATE FUNCTION switchboard_floor(t bigint, width bigint) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
            SELECT t - mod(t, width) - CASE WHEN mod(t, width) < 0 THEN width ELSE 0 END
        $$
        """,
        """
        CREATE TABLE attempt_rollup_changes (
            bucket bigint NOT NULL,
            model text NOT NULL,
            provider text NOT NULL,
            outcome text NOT NULL,
            \(sumColumns(rollupColumns))
        )
        """,
        """
        CREATE TABLE attempt_rollups (
            width bigint NOT NULL,
            LIKE attempt_rollup_changes,
            PRIMARY KEY (width, bucket, model, provider, outcome)
        )
        """,
        """
        CREATE TABLE attempt_timing_changes (
            start bigint NOT NULL,
            model text NOT NULL,
            provider text NOT NULL,
            metric smallint NOT NULL,
            value bigint NOT NULL,
            n bigint NOT NULL
        )
        """,
        // What one attempt adds (s = 1) or takes away (s = -1) in its quarter hour. The stats' speed counts
        // successes with output tokens and streaming time after the first token.
        """
        CREATE FUNCTION attempt_rollup_of(a attempts, s bigint) RETURNS SETOF attempt_rollup_changes
        LANGUAGE sql IMMUTABLE AS $$
            SELECT switchboard_floor(a.started_at, 900000),
                a.model, a.provider, a.outcome, s, CASE WHEN a.cost IS NULL THEN 0 ELSE s END, s * coalesce(a.cost, 0),
                CASE WHEN a.cost_reported IS NULL THEN 0 ELSE s END, s * coalesce(a.cost_reported, 0),
                s * a.input_tokens, s * a.output_tokens, s * a.cache_read_tokens, s * a.cache_write_tokens,
                s * a.reasoning_tokens, s * a.cache_write_1h_tokens, s * a.image_inputs,
                CASE WHEN abs(a.cost - a.cost_reported) > 0.000000001 THEN s ELSE 0 END,
                CASE WHEN a.outcome = 'success' AND a.output_tokens > 0 AND a.duration_ms - coalesce(a.ttft_ms, 0) > 0
                     THEN s * a.output_tokens ELSE 0 END,
                CASE WHEN a.outcome = 'success' AND a.output_tokens > 0 AND a.duration_ms - coalesce(a.ttft_ms, 0) > 0
                     THEN s * (a.duration_ms - coalesce(a.ttft_ms, 0)) ELSE 0 END
        $$
        """,
        // Its timings in its UTC day.
        """
        CREATE FUNCTION attempt_timings_of(a attempts, s bigint) RETURNS SETOF attempt_timing_changes
        LANGUAGE sql IMMUTABLE AS $$
            SELECT switchboard_floor(a.started_at, 86400000), a.model, a.provider, m.metric, m.value, s
            FROM (VALUES (1::smallint, a.ttft_ms),
                         (2::smallint, CASE WHEN a.outcome = 'success' THEN a.duration_ms END)) m (metric, value)
            WHERE m.value IS NOT NULL
        $$
        """,
        // One statement's changes, summed per key: a bulk insert adds one change row per key, not per attempt.
        """
        CREATE FUNCTION attempts_note_rollups() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'INSERT' THEN
                INSERT INTO attempt_rollup_changes SELECT \(rollupSums) FROM (
                    SELECT r.* FROM new_rows a, LATERAL attempt_rollup_of(a, 1) r) c GROUP BY 1, 2, 3, 4;
                INSERT INTO attempt_timing_changes SELECT start, model, provider, metric, value, sum(n) FROM (
                    SELECT t.* FROM new_rows a, LATERAL attempt_timings_of(a, 1) t) c GROUP BY 1, 2, 3, 4, 5;
            ELSIF TG_OP = 'UPDATE' THEN
                INSERT INTO attempt_rollup_changes SELECT \(rollupSums) FROM (
                    SELECT r.* FROM old_rows a, LATERAL attempt_rollup_of(a, -1) r
                    UNION ALL SELECT r.* FROM new_rows a, LATERAL attempt_rollup_of(a, 1) r) c
                GROUP BY 1, 2, 3, 4 HAVING \(rollupChanged);
                INSERT INTO attempt_timing_changes SELECT start, model, provider, metric, value, sum(n) FROM (
                    SELECT t.* FROM old_rows a, LATERAL attempt_timings_of(a, -1) t
                    UNION ALL SELECT t.* FROM new_rows a, LATERAL attempt_timings_of(a, 1) t) c
                GROUP BY 1, 2, 3, 4, 5 HAVING sum(n) <> 0;
            ELSE
                INSERT INTO attempt_rollup_changes SELECT \(rollupSums) FROM (
                    SELECT r.* FROM old_rows a, LATERAL attempt_rollup_of(a, -1) r) c GROUP BY 1, 2, 3, 4;
                INSERT INTO attempt_timing_changes SELECT start, model, provider, metric, value, sum(n) FROM (
                    SELECT t.* FROM old_rows a, LATERAL attempt_timings_of(a, -1) t) c GROUP BY 1, 2, 3, 4, 5;
            END IF;
            RETURN NULL;
        END $$
        """,
    ] + attemptTriggers(named: "attempts_rollups", running: "attempts_note_rollups") + [
        // TRUNCATE fires no row triggers: the rollups go with the attempts.
        """
        CREATE FUNCTION attempts_truncate_rollups() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            TRUNCATE attempt_rollups, attempt_rollup_changes, attempt_timing_changes;
            RETURN NULL;
        END $$
        """,
        """
        CREATE TRIGGER attempts_rollups_truncate AFTER TRUNCATE ON attempts
            FOR EACH STATEMENT EXECUTE FUNCTION attempts_truncate_rollups()
        """,
        """
        WITH quarters AS (SELECT \(rollupSums) FROM (
            SELECT r.* FROM attempts a, LATERAL attempt_rollup_of(a, 1) r) c GROUP BY 1, 2, 3, 4)
        \(rollupInsert(from: "quarters"))
        """,
    ]

    /// Columns of counts and sums, in the order given: money (`cost`, `cost_reported`) as numeric, the rest bigint.
    static func sumColumns(_ names: some Sequence<String>) -> String {
        names.map { "\($0) \($0.hasPrefix("cost") ? "numeric" : "bigint") NOT NULL" }.joined(separator: ",\n    ")
    }

    /// The statement triggers `<name>_insert`, `_update` and `_delete` on `attempts`, which run `function` with the
    /// statement's rows as `new_rows` and `old_rows`.
    static func attemptTriggers(named name: String, running function: String) -> [String] {
        [
            """
            CREATE TRIGGER \(name)_insert AFTER INSERT ON attempts REFERENCING NEW TABLE AS new_rows
                FOR EACH STATEMENT EXECUTE FUNCTION \(function)()
            """,
            """
            CREATE TRIGGER \(name)_update AFTER UPDATE ON attempts REFERENCING OLD TABLE AS old_rows
                NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION \(function)()
            """,
            """
            CREATE TRIGGER \(name)_delete AFTER DELETE ON attempts REFERENCING OLD TABLE AS old_rows
                FOR EACH STATEMENT EXECUTE FUNCTION \(function)()
            """,
        ]
    }

    /// The advisory lock of `switchboard_fold_rollups` (one folder at a time).
    static let rollupFoldLock: Int64 = 0x5357_4254_4348_0005

    /// The sums of rollup rows, keyed by their first four columns (as `attempt_rollup_changes` orders them).
    private static var rollupSums: String {
        "bucket, model, provider, outcome, " + rollupColumns.map { "sum(\($0)) AS \($0)" }.joined(separator: ", ")
    }

    static let rollupColumns = [
        "requests", "known", "cost", "reported", "cost_reported", "input_tokens", "output_tokens", "cache_read_tokens",
        "cache_write_tokens", "reasoning_tokens", "cache_write_1h_tokens", "image_inputs", "mismatches",
        "streamed_tokens", "streamed_ms",
    ]

    /// Whether an update's changes of one key do not cancel out.
    private static let rollupChanged = rollupColumns.map { "sum(\($0)) <> 0" }.joined(separator: " OR ")

    static let rollupAdd = rollupColumns.map { "\($0) = attempt_rollups.\($0) + excluded.\($0)" }
        .joined(separator: ", ")

    /// Quarter-hour rows of `source` summed into quarter hours, hours and UTC days, in key order.
    static func rollupInsert(from source: String) -> String {
        """
        INSERT INTO attempt_rollups
        SELECT w.width, switchboard_floor(q.bucket, w.width), q.model, q.provider, q.outcome,
               \(rollupColumns.map { "sum(q.\($0))" }.joined(separator: ", "))
        FROM \(source) q CROSS JOIN (VALUES (900000::bigint), (3600000::bigint), (86400000::bigint)) w (width)
        GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
        """
    }
}
