import Foundation

/// How far the report rollups are from the attempts they sum, for the rollup tests: every table summed again
/// straight from `attempts` (and its turns), with no help from the migrations' functions but `switchboard_timing_bin`.
extension PostgresTestCase {
    /// Rows where the rollups (at each width, with the changes not folded yet) differ from the attempts summed
    /// directly: "rollup rows|session, key and tag rows|timing bin rows", "0|0|0" when exact.
    func rollupDrift() throws -> String {
        let groupSums = """
            sum(requests) AS requests, sum(known) AS known, sum(cost) AS cost, sum(reported) AS reported,
            sum(cost_reported) AS cost_reported, sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens,
            sum(cache_read_tokens) AS cache_read_tokens, sum(cache_write_tokens) AS cache_write_tokens,
            sum(reasoning_tokens) AS reasoning_tokens, sum(cache_write_1h_tokens) AS cache_write_1h_tokens,
            sum(image_inputs) AS image_inputs, sum(mismatches) AS mismatches
            """
        let sums = """
            sum(requests) AS requests, sum(known) AS known, sum(cost) AS cost, sum(reported) AS reported,
            sum(cost_reported) AS cost_reported, sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens,
            sum(cache_read_tokens) AS cache_read_tokens, sum(cache_write_tokens) AS cache_write_tokens,
            sum(reasoning_tokens) AS reasoning_tokens, sum(cache_write_1h_tokens) AS cache_write_1h_tokens,
            sum(image_inputs) AS image_inputs, sum(mismatches) AS mismatches, sum(streamed_tokens) AS streamed_tokens,
            sum(streamed_ms) AS streamed_ms
            """
        let streamed = "a.outcome = 'success' AND a.output_tokens > 0 AND a.duration_ms - coalesce(a.ttft_ms, 0) > 0"
        let floor = { (time: String, width: String) in "(\(time) - mod(\(time), \(width)) - CASE WHEN mod(\(time), \(width)) < 0 THEN \(width) ELSE 0 END)" }
        return try sql("""
            WITH w (width) AS (VALUES (900000::bigint), (3600000::bigint), (86400000::bigint)),
            kept AS (
                SELECT width, bucket, model, provider, outcome, \(sums) FROM (
                    SELECT * FROM attempt_rollups
                    UNION ALL SELECT w.width, \(floor("c.bucket", "w.width")), c.model, c.provider, c.outcome, c.requests,
                        c.known, c.cost, c.reported, c.cost_reported, c.input_tokens, c.output_tokens,
                        c.cache_read_tokens, c.cache_write_tokens, c.reasoning_tokens, c.cache_write_1h_tokens,
                        c.image_inputs, c.mismatches, c.streamed_tokens, c.streamed_ms
                    FROM attempt_rollup_changes c CROSS JOIN w) k
                GROUP BY 1, 2, 3, 4, 5),
            fresh AS (
                SELECT w.width, \(floor("a.started_at", "w.width")) AS bucket, a.model, a.provider, a.outcome,
                    count(*) AS requests, count(a.cost) AS known, coalesce(sum(a.cost), 0) AS cost,
                    count(a.cost_reported) AS reported, coalesce(sum(a.cost_reported), 0) AS cost_reported,
                    sum(a.input_tokens), sum(a.output_tokens), sum(a.cache_read_tokens), sum(a.cache_write_tokens),
                    sum(a.reasoning_tokens), sum(a.cache_write_1h_tokens), sum(a.image_inputs),
                    count(*) FILTER (WHERE abs(a.cost - a.cost_reported) > 0.000000001),
                    coalesce(sum(a.output_tokens) FILTER (WHERE \(streamed)), 0),
                    coalesce(sum(a.duration_ms - coalesce(a.ttft_ms, 0)) FILTER (WHERE \(streamed)), 0)
                FROM attempts a CROSS JOIN w GROUP BY 1, 2, 3, 4, 5),
            timing_values AS (
                SELECT a.started_at, a.model, a.provider, 1::smallint AS metric, a.ttft_ms AS value FROM attempts a
                WHERE a.ttft_ms IS NOT NULL
                UNION ALL SELECT a.started_at, a.model, a.provider, 2::smallint, a.duration_ms FROM attempts a
                WHERE a.outcome = 'success'),
            counted AS (
                SELECT d.days, \(floor("v.started_at", "d.days * 86400000::bigint")) AS start, v.model, v.provider,
                    v.metric, v.value, count(*)::numeric AS n
                FROM timing_values v CROSS JOIN (VALUES (1::smallint), (8::smallint)) d (days) GROUP BY 1, 2, 3, 4, 5, 6),
            kept_groups AS (
                SELECT width, kind, value, bucket, \(groupSums) FROM (
                    SELECT * FROM attempt_group_rollups
                    UNION ALL SELECT w.width, c.kind, c.value, \(floor("c.bucket", "w.width")), c.requests, c.known, c.cost,
                        c.reported, c.cost_reported, c.input_tokens, c.output_tokens, c.cache_read_tokens,
                        c.cache_write_tokens, c.reasoning_tokens, c.cache_write_1h_tokens, c.image_inputs, c.mismatches
                    FROM attempt_group_changes c CROSS JOIN w) k
                GROUP BY 1, 2, 3, 4
                HAVING sum(requests) <> 0 OR sum(known) <> 0 OR sum(cost) <> 0 OR sum(reported) <> 0
                    OR sum(cost_reported) <> 0 OR sum(input_tokens) <> 0 OR sum(output_tokens) <> 0
                    OR sum(cache_read_tokens) <> 0 OR sum(cache_write_tokens) <> 0 OR sum(reasoning_tokens) <> 0
                    OR sum(cache_write_1h_tokens) <> 0 OR sum(image_inputs) <> 0 OR sum(mismatches) <> 0),
            fresh_groups AS (
                SELECT w.width, x.kind, x.value, \(floor("a.started_at", "w.width")) AS bucket,
                    count(*), count(a.cost), coalesce(sum(a.cost), 0), count(a.cost_reported),
                    coalesce(sum(a.cost_reported), 0), sum(a.input_tokens), sum(a.output_tokens),
                    sum(a.cache_read_tokens), sum(a.cache_write_tokens), sum(a.reasoning_tokens),
                    sum(a.cache_write_1h_tokens), sum(a.image_inputs),
                    count(*) FILTER (WHERE abs(a.cost - a.cost_reported) > 0.000000001)
                FROM attempts a JOIN turns t ON t.id = a.turn_id CROSS JOIN LATERAL (
                    SELECT 'session', coalesce(t.session_id::text, '')
                    UNION ALL SELECT 'key', coalesce(t.gateway_key_id::text, '')
                    UNION ALL SELECT 'tag', g.tag FROM turn_tags g WHERE g.turn_id = t.id
                    UNION ALL SELECT 'untagged', '' WHERE NOT EXISTS (SELECT 1 FROM turn_tags g WHERE g.turn_id = t.id)
                    ) x (kind, value) CROSS JOIN w
                GROUP BY 1, 2, 3, 4),
            bins AS (
                SELECT days, start, model, provider, metric, bin, sum(n) AS n FROM (
                    SELECT * FROM attempt_timing_bins
                    UNION ALL SELECT d.days, \(floor("c.start", "d.days * 86400000::bigint")), c.model, c.provider, c.metric,
                        switchboard_timing_bin(c.value), c.n
                    FROM attempt_timing_changes c CROSS JOIN (VALUES (1::smallint), (8::smallint)) d (days)) b
                GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(n) <> 0),
            binned AS (
                SELECT days, start, model, provider, metric,
                    CASE WHEN value < 100 THEN value
                         ELSE value - mod(value, (10::numeric ^ (floor(log(value::numeric)) - 1))::bigint) END AS bin,
                    sum(n) AS n
                FROM counted GROUP BY 1, 2, 3, 4, 5, 6)
            SELECT (SELECT count(*) FROM (
                        (SELECT * FROM kept WHERE requests <> 0 OR known <> 0 OR cost <> 0 OR reported <> 0
                            OR cost_reported <> 0 OR input_tokens <> 0 OR output_tokens <> 0 OR cache_read_tokens <> 0
                            OR cache_write_tokens <> 0 OR reasoning_tokens <> 0 OR cache_write_1h_tokens <> 0
                            OR image_inputs <> 0 OR mismatches <> 0 OR streamed_tokens <> 0 OR streamed_ms <> 0
                         EXCEPT SELECT * FROM fresh)
                        UNION ALL (SELECT * FROM fresh EXCEPT SELECT * FROM kept)) d)
                || '|' || (SELECT count(*) FROM ((SELECT * FROM kept_groups EXCEPT SELECT * FROM fresh_groups)
                        UNION ALL (SELECT * FROM fresh_groups EXCEPT SELECT * FROM kept_groups)) d)
                || '|' || (SELECT count(*) FROM ((SELECT * FROM bins EXCEPT SELECT * FROM binned)
                        UNION ALL (SELECT * FROM binned EXCEPT SELECT * FROM bins)) d)
            """).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
