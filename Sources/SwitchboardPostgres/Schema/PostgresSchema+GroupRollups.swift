extension PostgresSchema {
    /// "p6 spend rollups by session, key and tag": what `spend --by session|key|tag` reads, as p5's rollups but
    /// keyed by what an attempt's turn says (`kind` 'session' or 'key' with the id as text, '' for none; 'tag' with
    /// the tag; 'untagged'). A turn can change after its attempts were written (its session set, or cleared when the
    /// session is deleted; its key and tags given by the gateway; the turn deleted), so triggers on `turns` and
    /// `turn_tags` move its attempts' sums as well as the triggers on `attempts`. Every contribution is counted under
    /// the turn as it is now:
    ///
    /// - An attempt's write locks its turns `FOR SHARE` (in id order) before reading them, and a change of a turn or
    ///   its tags holds the turn's row lock before reading its attempts: whichever commits second reads what the
    ///   first wrote, so an attempt and a new key or tag written at the same time are counted once, under the new.
    /// - A deleted turn takes its sums out before its row goes (BEFORE DELETE); the attempts and tags its deletion
    ///   cascades to find no turn and change nothing more.
    static let groupRollups: [String] = [
        "LOCK TABLE attempts, turns, turn_tags IN SHARE ROW EXCLUSIVE MODE",
        """
        CREATE TABLE attempt_group_changes (
            kind text NOT NULL,
            value text NOT NULL,
            bucket bigint NOT NULL,
            \(sumColumns(groupColumns.dropFirst(3)))
        )
        """,
        """
        CREATE TABLE attempt_group_rollups (
            width bigint NOT NULL,
            LIKE attempt_group_changes,
            PRIMARY KEY (width, bucket, kind, value)
        )
        """,
        // An attempt's sums (from p5's attempt_rollup_of) under each group its turn puts it in; none when the turn
        // is gone.
        """
        CREATE FUNCTION attempt_groups_of(a attempts, s bigint) RETURNS SETOF attempt_group_changes
        LANGUAGE sql STABLE AS $$
            SELECT g.kind, g.value, \(rollupPart)
            FROM attempt_rollup_of(a, s) r CROSS JOIN LATERAL (
                SELECT 'session' AS kind, coalesce(t.session_id::text, '') AS value FROM turns t WHERE t.id = a.turn_id
                UNION ALL SELECT 'key', coalesce(t.gateway_key_id::text, '') FROM turns t WHERE t.id = a.turn_id
                UNION ALL SELECT 'tag', g.tag FROM turn_tags g WHERE g.turn_id = a.turn_id
                UNION ALL SELECT 'untagged', '' FROM turns t
                    WHERE t.id = a.turn_id AND NOT EXISTS (SELECT 1 FROM turn_tags g WHERE g.turn_id = t.id)) g
        $$
        """,
        """
        CREATE FUNCTION attempts_note_groups() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'INSERT' THEN
                PERFORM 1 FROM turns WHERE id IN (SELECT turn_id FROM new_rows) ORDER BY id FOR SHARE;
                INSERT INTO attempt_group_changes SELECT \(groupSums) FROM (
                    SELECT g.* FROM new_rows a, LATERAL attempt_groups_of(a, 1) g) c GROUP BY 1, 2, 3;
            ELSIF TG_OP = 'UPDATE' THEN
                PERFORM 1 FROM turns WHERE id IN (SELECT turn_id FROM new_rows UNION SELECT turn_id FROM old_rows)
                    ORDER BY id FOR SHARE;
                INSERT INTO attempt_group_changes SELECT \(groupSums) FROM (
                    SELECT g.* FROM old_rows a, LATERAL attempt_groups_of(a, -1) g
                    UNION ALL SELECT g.* FROM new_rows a, LATERAL attempt_groups_of(a, 1) g) c
                GROUP BY 1, 2, 3 HAVING \(groupChanged);
            ELSE
                PERFORM 1 FROM turns WHERE id IN (SELECT turn_id FROM old_rows) ORDER BY id FOR SHARE;
                INSERT INTO attempt_group_changes SELECT \(groupSums) FROM (
                    SELECT g.* FROM old_rows a, LATERAL attempt_groups_of(a, -1) g) c GROUP BY 1, 2, 3;
            END IF;
            RETURN NULL;
        END $$
        """,
    ] + attemptTriggers(named: "attempts_groups", running: "attempts_note_groups") + [
        // A turn's new session or key: its attempts move from the old group to the new one.
        """
        CREATE FUNCTION turns_note_groups() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO attempt_group_changes SELECT \(groupSums) FROM (
                SELECT 'session' AS kind, coalesce(o.session_id::text, '') AS value, \(rollupPart)
                FROM old_rows o JOIN new_rows n ON n.id = o.id JOIN attempts a ON a.turn_id = o.id,
                     LATERAL attempt_rollup_of(a, -1) r WHERE o.session_id IS DISTINCT FROM n.session_id
                UNION ALL SELECT 'session', coalesce(n.session_id::text, ''), \(rollupPart)
                FROM old_rows o JOIN new_rows n ON n.id = o.id JOIN attempts a ON a.turn_id = o.id,
                     LATERAL attempt_rollup_of(a, 1) r WHERE o.session_id IS DISTINCT FROM n.session_id
                UNION ALL SELECT 'key', coalesce(o.gateway_key_id::text, ''), \(rollupPart)
                FROM old_rows o JOIN new_rows n ON n.id = o.id JOIN attempts a ON a.turn_id = o.id,
                     LATERAL attempt_rollup_of(a, -1) r WHERE o.gateway_key_id IS DISTINCT FROM n.gateway_key_id
                UNION ALL SELECT 'key', coalesce(n.gateway_key_id::text, ''), \(rollupPart)
                FROM old_rows o JOIN new_rows n ON n.id = o.id JOIN attempts a ON a.turn_id = o.id,
                     LATERAL attempt_rollup_of(a, 1) r WHERE o.gateway_key_id IS DISTINCT FROM n.gateway_key_id) c
            GROUP BY 1, 2, 3 HAVING \(groupChanged);
            RETURN NULL;
        END $$
        """,
        """
        CREATE TRIGGER turns_groups_update AFTER UPDATE ON turns REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
            FOR EACH STATEMENT EXECUTE FUNCTION turns_note_groups()
        """,
        // A deleted turn's attempts leave its groups while the turn still says which.
        """
        CREATE FUNCTION turns_forget_groups() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO attempt_group_changes SELECT \(groupSums) FROM (
                SELECT g.* FROM attempts a, LATERAL attempt_groups_of(a, -1) g WHERE a.turn_id = OLD.id) c
            GROUP BY 1, 2, 3;
            RETURN OLD;
        END $$
        """,
        """
        CREATE TRIGGER turns_groups_delete BEFORE DELETE ON turns FOR EACH ROW EXECUTE FUNCTION turns_forget_groups()
        """,
        // Tags given or taken: the turn's attempts move into or out of the tag, and out of or into 'untagged'
        // when the turn had none before or has none after. Only turns still there: a deleted turn's tags go with
        // it, and its attempts already left every group.
        """
        CREATE FUNCTION turn_tags_note_groups() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'INSERT' THEN
                PERFORM 1 FROM turns WHERE id IN (SELECT turn_id FROM new_rows) ORDER BY id FOR NO KEY UPDATE;
                INSERT INTO attempt_group_changes SELECT \(groupSums) FROM (
                    SELECT 'tag' AS kind, n.tag AS value, \(rollupPart)
                    FROM new_rows n JOIN turns t ON t.id = n.turn_id JOIN attempts a ON a.turn_id = n.turn_id,
                         LATERAL attempt_rollup_of(a, 1) r
                    UNION ALL SELECT 'untagged', '', \(rollupPart)
                    FROM (SELECT turn_id, count(*) AS added FROM new_rows GROUP BY turn_id) n
                         JOIN turns t ON t.id = n.turn_id JOIN attempts a ON a.turn_id = n.turn_id,
                         LATERAL attempt_rollup_of(a, -1) r
                    WHERE (SELECT count(*) FROM turn_tags g WHERE g.turn_id = n.turn_id) = n.added) c
                GROUP BY 1, 2, 3;
            ELSE
                PERFORM 1 FROM turns WHERE id IN (SELECT turn_id FROM old_rows) ORDER BY id FOR NO KEY UPDATE;
                INSERT INTO attempt_group_changes SELECT \(groupSums) FROM (
                    SELECT 'tag' AS kind, o.tag AS value, \(rollupPart)
                    FROM old_rows o JOIN turns t ON t.id = o.turn_id JOIN attempts a ON a.turn_id = o.turn_id,
                         LATERAL attempt_rollup_of(a, -1) r
                    UNION ALL SELECT 'untagged', '', \(rollupPart)
                    FROM (SELECT DISTINCT turn_id FROM old_rows) o
                         JOIN turns t ON t.id = o.turn_id JOIN attempts a ON a.turn_id = o.turn_id,
                         LATERAL attempt_rollup_of(a, 1) r
                    WHERE NOT EXISTS (SELECT 1 FROM turn_tags g WHERE g.turn_id = o.turn_id)) c
                GROUP BY 1, 2, 3;
            END IF;
            RETURN NULL;
        END $$
        """,
        """
        CREATE TRIGGER turn_tags_groups_insert AFTER INSERT ON turn_tags REFERENCING NEW TABLE AS new_rows
            FOR EACH STATEMENT EXECUTE FUNCTION turn_tags_note_groups()
        """,
        """
        CREATE TRIGGER turn_tags_groups_delete AFTER DELETE ON turn_tags REFERENCING OLD TABLE AS old_rows
            FOR EACH STATEMENT EXECUTE FUNCTION turn_tags_note_groups()
        """,
        // Tags are given and taken, never changed in place: a change would have to move the attempts.
        """
        CREATE FUNCTION turn_tags_unchanged() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'a turn''s tags are added or deleted, not updated';
        END $$
        """,
        """
        CREATE TRIGGER turn_tags_no_update BEFORE UPDATE ON turn_tags FOR EACH STATEMENT
            EXECUTE FUNCTION turn_tags_unchanged()
        """,
        """
        CREATE FUNCTION attempts_truncate_groups() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            TRUNCATE attempt_group_rollups, attempt_group_changes;
            RETURN NULL;
        END $$
        """,
        """
        CREATE TRIGGER attempts_groups_truncate AFTER TRUNCATE ON attempts
            FOR EACH STATEMENT EXECUTE FUNCTION attempts_truncate_groups()
        """,
        // The change tables are emptied by every fold: vacuumed after every 10,000 rows, whatever their size, so
        // that reports and folds do not scan the dead rows of a busy hour (or of a bulk copy) for long.
        "ALTER TABLE attempt_rollup_changes SET (\(changeVacuum))",
        "ALTER TABLE attempt_timing_changes SET (\(changeVacuum))",
        "ALTER TABLE attempt_group_changes SET (\(changeVacuum))",
        """
        WITH quarters AS (SELECT \(groupSums) FROM (
            SELECT g.* FROM attempts a, LATERAL attempt_groups_of(a, 1) g) c GROUP BY 1, 2, 3)
        \(groupInsert(from: "quarters"))
        """,
    ]

    private static let changeVacuum = """
        autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 10000, \
        autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 10000
        """

    /// The columns of `attempt_group_changes`.
    private static let groupColumns = [
        "kind", "value", "bucket", "requests", "known", "cost", "reported", "cost_reported", "input_tokens",
        "output_tokens", "cache_read_tokens", "cache_write_tokens", "reasoning_tokens", "cache_write_1h_tokens",
        "image_inputs", "mismatches",
    ]

    private static var groupSumColumns: [String] { Array(groupColumns.dropFirst(3)) }

    /// Sums keyed by kind, value and bucket.
    private static var groupSums: String {
        "kind, value, bucket, " + groupSumColumns.map { "sum(\($0)) AS \($0)" }.joined(separator: ", ")
    }

    /// p5's `attempt_rollup_of` row `r` (signed by its call) as the bucket and sums of a group change.
    private static var rollupPart: String {
        "r.bucket, " + groupSumColumns.map { "r.\($0)" }.joined(separator: ", ")
    }

    private static var groupChanged: String {
        groupSumColumns.map { "sum(\($0)) <> 0" }.joined(separator: " OR ")
    }

    static var groupAdd: String {
        groupSumColumns.map { "\($0) = attempt_group_rollups.\($0) + excluded.\($0)" }.joined(separator: ", ")
    }

    /// Quarter-hour rows of `source` summed into quarter hours, hours and UTC days, in key order.
    static func groupInsert(from source: String) -> String {
        """
        INSERT INTO attempt_group_rollups
        SELECT w.width, q.kind, q.value, switchboard_floor(q.bucket, w.width),
               \(groupSumColumns.map { "sum(q.\($0))" }.joined(separator: ", "))
        FROM \(source) q CROSS JOIN (VALUES (900000::bigint), (3600000::bigint), (86400000::bigint)) w (width)
        GROUP BY 1, 2, 3, 4 ORDER BY 1, 4, 2, 3
        """
    }
}
