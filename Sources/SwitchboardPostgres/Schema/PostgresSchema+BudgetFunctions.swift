extension PostgresSchema {
    /// "p4 budget functions": a hold and its end as one statement each, so that taking a hold is two round trips
    /// (read the scopes, then hold) and settling one is a single round trip, instead of a transaction of one
    /// statement per scope. A statement is atomic on its own, so a function that raises leaves nothing behind.
    ///
    /// - `switchboard_hold_budget(scopes, seen, amount, instance, session, key, turn, lifetime_ms)`: records a gateway
    ///   key's turn as the key's (when both are given), then for each scope
    ///   in the order given (the caller sorts them: the locking order), adds `amount` to its open holds only when its
    ///   spent + reserved is still at most what the decision saw; otherwise raises SQLSTATE `SB001` (the budget
    ///   grew since it was read: decide again). Then stores the hold and returns its id. It commits without waiting
    ///   for the disk: the turn's attempt is stored in flight before its request is sent, in a commit that waits,
    ///   and PostgreSQL flushes its log in order, so the hold is on disk before any money can be spent on it.
    /// - `switchboard_end_holds(ids, actual, released)`: deletes those holds, records each as settled (or released)
    ///   once, and takes their amounts off their scopes in name order. Returns how many ended: none when they had
    ///   already ended, which makes settling idempotent. It commits without waiting for the disk: a settle the
    ///   server loses in a crash leaves a hold that only counts against the budget until it expires (its instance
    ///   no longer renews it), so durability would buy nothing but a disk flush on every turn.
    static let budgetFunctions: [String] = [
        """
        CREATE FUNCTION switchboard_hold_budget(p_scopes text[], p_seen numeric[], p_amount numeric, p_instance uuid,
                                                p_session uuid, p_key bigint, p_turn uuid, p_lifetime_ms bigint)
        RETURNS bigint LANGUAGE plpgsql AS $$
        DECLARE
            hold_id bigint;
        BEGIN
            PERFORM set_config('synchronous_commit', 'off', true);
            IF p_key IS NOT NULL AND p_turn IS NOT NULL THEN
                INSERT INTO turns (id, gateway_key_id) VALUES (p_turn, p_key)
                ON CONFLICT (id) DO UPDATE SET gateway_key_id = EXCLUDED.gateway_key_id;
            END IF;
            FOR i IN 1 .. coalesce(cardinality(p_scopes), 0) LOOP
                INSERT INTO budget_scopes AS b (scope, reserved) VALUES (p_scopes[i], p_amount)
                ON CONFLICT (scope) DO UPDATE SET reserved = b.reserved + EXCLUDED.reserved
                WHERE b.spent + b.reserved <= p_seen[i];
                IF NOT FOUND THEN
                    RAISE EXCEPTION 'the budget scope % grew after it was read', p_scopes[i] USING ERRCODE = 'SB001';
                END IF;
            END LOOP;
            INSERT INTO budget_holds (instance, scopes, amount, session_id, gateway_key_id, turn_id, created_at, expires_at)
            VALUES (p_instance, p_scopes, p_amount, p_session, p_key, p_turn, now(),
                    now() + p_lifetime_ms * interval '1 millisecond')
            RETURNING id INTO hold_id;
            RETURN hold_id;
        END
        $$
        """,
        """
        CREATE FUNCTION switchboard_end_holds(p_ids bigint[], p_actual numeric, p_released boolean)
        RETURNS integer LANGUAGE plpgsql AS $$
        DECLARE
            ended integer;
            scope_names text[];
            amounts numeric[];
        BEGIN
            PERFORM set_config('synchronous_commit', 'off', true);
            WITH gone AS (
                DELETE FROM budget_holds WHERE id = ANY(p_ids)
                RETURNING id, scopes, amount, session_id, gateway_key_id, created_at
            ), recorded AS (
                INSERT INTO budget_settlements (hold_id, amount, actual, gateway_key_id, session_id, created_at,
                                                settled_at, released)
                SELECT id, amount, p_actual, gateway_key_id, session_id, created_at, now(), p_released FROM gone
                ON CONFLICT (hold_id) DO NOTHING
            ), per_scope AS (
                SELECT scope, sum(amount) AS amount FROM gone, unnest(gone.scopes) AS scope GROUP BY scope
            )
            SELECT (SELECT count(*) FROM gone), array_agg(scope ORDER BY scope), array_agg(amount ORDER BY scope)
            INTO ended, scope_names, amounts FROM per_scope;
            FOR i IN 1 .. coalesce(cardinality(scope_names), 0) LOOP
                UPDATE budget_scopes SET reserved = reserved - amounts[i] WHERE scope = scope_names[i];
            END LOOP;
            RETURN ended;
        END
        $$
        """,
    ]
}
