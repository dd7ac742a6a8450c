import Foundation
import Logging
import PostgresNIO

/// One named step of the PostgreSQL schema. Append-only like the SQLite migrations: a step once shipped is never
/// edited; a change is a new step. One SQL statement per element (the extended protocol runs one at a time).
struct PostgresMigration: Sendable {
    let name: String
    let statements: [String]
}

/// The schema's steps in order, and the runner that applies the missing ones.
///
/// Each helper's step lives in its own file: "p1 ledger and budgets" here, "p2 sessions" in
/// `PostgresSchema+Sessions.swift`, "p3 gateway and health" in `PostgresSchema+Gateway.swift`, "p4 budget functions"
/// in `PostgresSchema+BudgetFunctions.swift`, "p5 report rollups" in `PostgresSchema+Rollups.swift`,
/// "p6 spend rollups by session, key and tag" in `PostgresSchema+GroupRollups.swift`, "p7 timing bins" in
/// `PostgresSchema+TimingBins.swift`. No foreign key from an
/// earlier step's table to a later one's; a later step may add one with ALTER TABLE.
enum PostgresSchema {
    static var migrations: [PostgresMigration] {
        [
            PostgresMigration(name: "p1 ledger and budgets", statements: ledgerAndBudgets),
            PostgresMigration(name: "p2 sessions", statements: sessions),
            PostgresMigration(name: "p3 gateway and health", statements: gatewayAndHealth),
            PostgresMigration(name: "p4 budget functions", statements: budgetFunctions),
            PostgresMigration(name: "p5 report rollups", statements: reportRollups),
            PostgresMigration(name: "p6 spend rollups by session, key and tag", statements: groupRollups),
            PostgresMigration(name: "p7 timing bins", statements: timingBins),
        ]
    }

    /// The advisory lock every instance takes to migrate, so that several starting at once migrate once.
    static let migrationLock: Int64 = 0x5357_4254_4348_0001

    /// Applies the steps not yet recorded, each in its own transaction, under the advisory lock. A step with no
    /// statements yet is not recorded (it is applied once it has some). Returns the names applied.
    @discardableResult
    static func migrate(_ client: PostgresClient, logger: Logger) async throws -> [String] {
        try await client.withConnection { connection in
            try await connection.query("SELECT pg_advisory_lock(\(migrationLock))", logger: logger)
            do {
                let applied = try await apply(connection, logger: logger)
                try await connection.query("SELECT pg_advisory_unlock(\(migrationLock))", logger: logger)
                return applied
            } catch {
                // The lock is the session's: a connection going back to the pool must not keep it.
                _ = try? await connection.query("SELECT pg_advisory_unlock(\(migrationLock))", logger: logger)
                throw error
            }
        }
    }

    private static func apply(_ connection: PostgresConnection, logger: Logger) async throws -> [String] {
        try await connection.query("""
            CREATE TABLE IF NOT EXISTS switchboard_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL)
            """, logger: logger)
        var done: Set<String> = []
        for try await name in try await connection.query("SELECT name FROM switchboard_migrations", logger: logger)
            .decode(String.self) {
            done.insert(name)
        }
        var applied: [String] = []
        for migration in migrations where !done.contains(migration.name) && !migration.statements.isEmpty {
            try await connection.withTransaction(logger: logger) { connection in
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query("""
                    INSERT INTO switchboard_migrations (name, applied_at) VALUES (\(migration.name), now())
                    """, logger: logger)
            }
            applied.append(migration.name)
        }
        return applied
    }

    /// The names recorded as applied, in the order they were.
    static func applied(_ client: PostgresClient, logger: Logger) async throws -> [String] {
        var names: [String] = []
        for try await name in try await client.query("SELECT name FROM switchboard_migrations ORDER BY applied_at, name",
                                                     logger: logger).decode(String.self) {
            names.append(name)
        }
        return names
    }

    /// p1: the instances, turns, the attempt ledger and the budget counters and holds.
    ///
    /// - `store_instances`: every open store's heartbeat; an instance past `expires_at` is gone.
    /// - `turns`: one row per turn, keyed by its UUID; which session and gateway key its spend counts against.
    ///   "p2 sessions" adds its own columns and the foreign key to sessions.
    /// - `attempts`: as the SQLite store's, times in milliseconds since 1970 (the neutral records read back the
    ///   same), money as numeric; `owner` is the instance while the attempt is in flight.
    /// - `budget_scopes`: one row per budget scope and period (`day 2026-12-05`, `month 2026-12`, `session <uuid>`,
    ///   `key <id> day 2026-12-05`, `key <id> month 2026-12`): known attempt costs (`spent`) and open holds
    ///   (`reserved`). Rows are locked in the order of their names, so transactions cannot deadlock.
    /// - `budget_holds`: the open holds, with their instance, scopes and expiry; `budget_settlements`: the ended
    ///   ones (settled, or released when they expired), which makes settling idempotent.
    static let ledgerAndBudgets: [String] = [
        """
        CREATE TABLE store_instances (
            id uuid PRIMARY KEY,
            started_at timestamptz NOT NULL,
            renewed_at timestamptz NOT NULL,
            expires_at timestamptz NOT NULL
        )
        """,
        """
        CREATE TABLE turns (
            id uuid PRIMARY KEY,
            session_id uuid,
            gateway_key_id bigint
        )
        """,
        "CREATE INDEX turns_by_session ON turns (session_id)",
        "CREATE INDEX turns_by_gateway_key ON turns (gateway_key_id) WHERE gateway_key_id IS NOT NULL",
        """
        CREATE TABLE attempts (
            id bigserial PRIMARY KEY,
            turn_id uuid NOT NULL REFERENCES turns (id) ON DELETE CASCADE,
            ordinal integer NOT NULL,
            model text NOT NULL,
            provider text NOT NULL,
            provider_model text NOT NULL,
            reason text NOT NULL,
            outcome text NOT NULL,
            after_first_token boolean NOT NULL DEFAULT false,
            http_status integer,
            error_message text,
            started_at bigint NOT NULL,
            ttft_ms bigint,
            duration_ms bigint NOT NULL,
            input_tokens bigint NOT NULL,
            output_tokens bigint NOT NULL,
            cache_read_tokens bigint NOT NULL,
            cache_write_tokens bigint NOT NULL,
            reasoning_tokens bigint NOT NULL,
            cache_write_1h_tokens bigint NOT NULL DEFAULT 0,
            image_inputs bigint NOT NULL DEFAULT 0,
            cost numeric,
            cost_reported numeric,
            owner uuid
        )
        """,
        "CREATE INDEX attempts_by_turn ON attempts (turn_id, ordinal)",
        "CREATE INDEX attempts_by_start ON attempts (started_at)",
        "CREATE INDEX attempts_in_flight ON attempts (owner) WHERE outcome = 'in_flight'",
        """
        CREATE TABLE budget_scopes (
            scope text PRIMARY KEY,
            spent numeric NOT NULL DEFAULT 0,
            reserved numeric NOT NULL DEFAULT 0
        )
        """,
        """
        CREATE TABLE budget_holds (
            id bigserial PRIMARY KEY,
            instance uuid NOT NULL,
            scopes text[] NOT NULL,
            amount numeric NOT NULL,
            session_id uuid,
            gateway_key_id bigint,
            turn_id uuid,
            created_at timestamptz NOT NULL,
            expires_at timestamptz NOT NULL
        )
        """,
        "CREATE INDEX budget_holds_by_expiry ON budget_holds (expires_at)",
        "CREATE INDEX budget_holds_by_instance ON budget_holds (instance)",
        """
        CREATE TABLE budget_settlements (
            hold_id bigint PRIMARY KEY,
            amount numeric NOT NULL,
            actual numeric,
            gateway_key_id bigint,
            session_id uuid,
            created_at timestamptz NOT NULL,
            settled_at timestamptz NOT NULL,
            released boolean NOT NULL
        )
        """,
    ]
}
