extension PostgresSchema {
    /// "p7 timing bins": the stats' percentiles, nearest-rank exactly as `Samples`, without a copy of every value.
    /// Per-value counts hold about one row per attempt when timings are spread over milliseconds (as real ones are),
    /// too many to sum for a month. `attempt_timing_bins` counts the timings by bin of two significant digits
    /// (1,234 ms in 1,200-1,299; under 100 ms each value its own bin) per UTC day (`days` 1) and per block of 8 UTC
    /// days from 1970 (`days` 8), a few hundred rows per model, metric and block, folded from p5's timing changes:
    /// the percentile's bin is found there, then its exact value among that bin's attempts only, through the
    /// attempts' own indexes by timing (`attempts_by_ttft`, `attempts_by_duration`).
    static let timingBins: [String] = [
        "LOCK TABLE attempts IN SHARE ROW EXCLUSIVE MODE",
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
        "CREATE INDEX attempts_by_ttft ON attempts (model, provider, ttft_ms, started_at) WHERE ttft_ms IS NOT NULL",
        "CREATE INDEX attempts_by_duration ON attempts (model, provider, duration_ms, started_at) WHERE outcome = 'success'",
        // Those lookups are index-only scans where autovacuum has marked the pages all-visible: visit the ledger
        // after every 1% of new or changed rows (rather than 20%), so a month's pages mostly are.
        "ALTER TABLE attempts SET (autovacuum_vacuum_insert_scale_factor = 0.01, autovacuum_vacuum_scale_factor = 0.01)",
        // Every attempt already there, counted once (with attempts locked against writes): the timing changes noted
        // since p5 are among them.
        "DELETE FROM attempt_timing_changes",
        """
        INSERT INTO attempt_timing_bins
        SELECT d.days, switchboard_floor(t.start, d.days * 86400000::bigint), t.model, t.provider, t.metric,
               switchboard_timing_bin(t.value), sum(t.n)
        FROM attempts a CROSS JOIN LATERAL attempt_timings_of(a, 1) t CROSS JOIN (VALUES (1::smallint), (8::smallint)) d (days)
        GROUP BY 1, 2, 3, 4, 5, 6
        """,
        // Folds the changes of p5, p6 and this step into the rollups, in key order, by one caller at a time (the
        // others return at once: what they would fold is read from the changes meanwhile). Returns whether it folded.
        """
        CREATE FUNCTION switchboard_fold_rollups() RETURNS boolean LANGUAGE plpgsql AS $$
        BEGIN
            IF NOT pg_try_advisory_xact_lock(\(rollupFoldLock)) THEN
                RETURN false;
            END IF;
            WITH moved AS (DELETE FROM attempt_rollup_changes RETURNING *)
            \(rollupInsert(from: "moved"))
            ON CONFLICT (width, bucket, model, provider, outcome) DO UPDATE SET \(rollupAdd);
            WITH moved AS (DELETE FROM attempt_timing_changes RETURNING *)
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
