extension PostgresSchema {
    /// "p7 timing bins": p5's per-value timing counts hold about one row per attempt when timings are spread over
    /// milliseconds (as real ones are), too many to sum for a month's percentiles. `attempt_timing_bins` counts the
    /// same by bin of two significant digits (1,234 ms in 1,200-1,299; under 100 ms each value its own bin), a few
    /// hundred rows per model, metric and block of 8 days: the percentile's bin is found there, then its exact value
    /// among the values of that bin only, found by `attempt_timings_by_value`. Folded from the same changes.
    static let timingBins: [String] = [
        """
        CREATE FUNCTION switchboard_timing_bin(v bigint) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
            SELECT CASE WHEN v < 100 THEN v ELSE v - mod(v, (10::numeric ^ (length(v::text) - 2))::bigint) END
        $$
        """,
        """
        CREATE TABLE attempt_timing_bins (
            days smallint NOT NULL,
            start bigint NOT NULL,
            model text NOT NULL,
            provider text NOT NULL,
            metric smallint NOT NULL,
            bin bigint NOT NULL,
            n bigint NOT NULL,
            PRIMARY KEY (days, start, model, provider, metric, bin)
        )
        """,
        "CREATE INDEX attempt_timings_by_value ON attempt_timings (days, model, provider, metric, value, start)",
        """
        INSERT INTO attempt_timing_bins
        SELECT days, start, model, provider, metric, switchboard_timing_bin(value), sum(n) FROM attempt_timings
        GROUP BY 1, 2, 3, 4, 5, 6
        """,
        // p6's fold, now counting the timing changes by bin as well.
        """
        CREATE OR REPLACE FUNCTION switchboard_fold_rollups() RETURNS boolean LANGUAGE plpgsql AS $$
        BEGIN
            IF NOT pg_try_advisory_xact_lock(\(rollupFoldLock)) THEN
                RETURN false;
            END IF;
            WITH moved AS (DELETE FROM attempt_rollup_changes RETURNING *)
            \(rollupInsert(from: "moved"))
            ON CONFLICT (width, bucket, model, provider, outcome) DO UPDATE SET \(rollupAdd);
            WITH moved AS (DELETE FROM attempt_timing_changes RETURNING *),
            counted AS (
                \(timingInsert(from: "moved"))
                ON CONFLICT (days, start, model, provider, metric, value) DO UPDATE SET n = attempt_timings.n + excluded.n
                RETURNING 1)
            INSERT INTO attempt_timing_bins
            SELECT d.days, switchboard_floor(q.start, d.days * 86400000::bigint), q.model, q.provider, q.metric,
                   switchboard_timing_bin(q.value), sum(q.n)
            FROM moved q CROSS JOIN (VALUES (1::smallint), (8::smallint)) d (days)
            GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6
            ON CONFLICT (days, start, model, provider, metric, bin) DO UPDATE SET n = attempt_timing_bins.n + excluded.n;
            WITH moved AS (DELETE FROM attempt_group_changes RETURNING *)
            \(groupInsert(from: "moved"))
            ON CONFLICT (width, bucket, kind, value) DO UPDATE SET \(groupAdd);
            RETURN true;
        END $$
        """,
        """
        CREATE FUNCTION attempts_truncate_timing_bins() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            TRUNCATE attempt_timing_bins;
            RETURN NULL;
        END $$
        """,
        """
        CREATE TRIGGER attempts_timing_bins_truncate AFTER TRUNCATE ON attempts
            FOR EACH STATEMENT EXECUTE FUNCTION attempts_truncate_timing_bins()
        """,
    ]
}
