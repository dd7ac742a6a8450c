import Foundation
import SwitchboardCore
import SwitchboardPostgres

/// `spend` and `stats` on PostgreSQL over a month of a team's traffic: seeds 1,000,000 attempts spread evenly over
/// June 2025 (server side, one INSERT ... SELECT over generate_series, through psql), then times what `spend` and
/// `stats` ask the store for that month. The goal is under 100 ms each.
///
/// SWITCHBOARD_BENCH_POSTGRES_URL names the database: give it one of its own, since the bench adds its attempts
/// to it (and reuses them when they are there already). SWITCHBOARD_BENCH_ATTEMPTS scales the seed.
enum PostgresReportsBenchmark {
    static let attempts = ProcessInfo.processInfo.environment["SWITCHBOARD_BENCH_ATTEMPTS"].flatMap(Int.init) ?? 1_000_000
    static let monthStart: Int64 = 1_748_736_000_000  // 2025-06-01T00:00:00Z
    static let monthEnd: Int64 = 1_751_328_000_000    // 2025-07-01T00:00:00Z
    static let runs = 5

    static func run() async throws {
        guard let text = ProcessInfo.processInfo.environment["SWITCHBOARD_BENCH_POSTGRES_URL"] else {
            print("postgres-reports: skipped (set SWITCHBOARD_BENCH_POSTGRES_URL=postgres://USER:PASSWORD@HOST/DB, "
                + "a database of its own: the bench adds its attempts to it)")
            return
        }
        let url = try PostgresURL(text)
        let opening = ContinuousClock().now
        let store = try await PostgresStore.open(url: text)
        // The first open of a database migrates it: with attempts already there, "p5 report rollups" sums them.
        print("postgres-reports: opened (and migrated) in \(milliseconds(opening.duration(to: ContinuousClock().now))) ms")
        do {
            try await measure(store, url: url)
        } catch {
            await store.close()
            throw error
        }
        await store.close()
    }

    private static func measure(_ store: PostgresStore, url: PostgresURL) async throws {
        let clock = ContinuousClock()
        let present = Int(try psql(url, """
            SELECT count(*) FROM attempts WHERE started_at >= \(monthStart) AND started_at < \(monthEnd)
            """).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        if present >= attempts {
            print("Postgres reports: reusing \(present) attempts in June 2025 at \(url)")
        } else {
            print("Postgres reports: seeding \(attempts) attempts over June 2025 at \(url) ...")
            let started = clock.now
            try psql(url, seedSQL)
            print("  seeded in \(started.duration(to: clock.now).formatted(.units(allowed: [.seconds], fractionalPart: .show(length: 1))))")
        }
        // Sessions, keys and tags for the turns of a database seeded before the seed gave them (once, moving the
        // attempts from no session, key or tag to theirs).
        if try psql(url, "SELECT count(*) FROM turns WHERE gateway_key_id IS NOT NULL")
            .trimmingCharacters(in: .whitespacesAndNewlines) == "0" {
            let started = clock.now
            try psql(url, attributionSQL)
            print("  gave the turns sessions, keys and tags in "
                + "\(started.duration(to: clock.now).formatted(.units(allowed: [.seconds], fractionalPart: .show(length: 1))))")
        }
        // The seeding's changes are folded: their tables are emptied to the end, and the attempts' pages marked
        // all-visible (stats' lookups by timing are index-only scans), as autovacuum would.
        try psql(url, "VACUUM attempt_rollup_changes, attempt_timing_changes, attempt_group_changes, attempts")
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC") ?? utc.timeZone
        let since = Date(timeIntervalSince1970: Double(monthStart) / 1000)
        let now = Date(timeIntervalSince1970: Double(monthEnd) / 1000 - 1)
        let cases: [(String, () async throws -> Int)] = [
            ("spend --by model (month)", { try await store.spendReport(by: .model, since: since, calendar: utc).total.requests }),
            ("spend --by day (month)", { try await store.spendReport(by: .day, since: since, calendar: utc).rows.count }),
            ("stats (month)", { try await store.modelStatsReport(since: since).count }),
            ("spend --by session (month)", { try await store.spendReport(by: .session, since: since, calendar: utc).rows.count }),
            ("spend --by key (month)", { try await store.spendReport(by: .key, since: since, calendar: utc).rows.count }),
            ("spend --by tag (month)", { try await store.spendReport(by: .tag, since: since, calendar: utc).rows.count }),
            ("today and month (workbench)", { try await store.spend(now: now, calendar: utc).month == nil ? 0 : 1 }),
        ]
        for (name, body) in cases {
            var times: [Duration] = []
            var result = 0
            for _ in 0..<runs {
                let started = clock.now
                result = try await body()
                times.append(started.duration(to: clock.now))
            }
            times.sort()
            let median = times[times.count / 2]
            print("  \(name): median \(milliseconds(median)) ms, best \(milliseconds(times[0])) ms over \(runs) runs "
                + "(result \(result)); goal < 100 ms")
        }
        try await measureWrites(store, url: url)
    }

    /// What keeping the rollups costs a write: `Ledger.begin` + `record` of one attempt (two transactions, as a
    /// turn makes them), with the rollup triggers and with them switched off for the run. The attempts start in May
    /// 2025, outside the month the reports read, and are deleted after (those written without the triggers while
    /// they are still off, so the rollups never counted them).
    private static func measureWrites(_ store: PostgresStore, url: PostgresURL) async throws {
        let triggers = ["attempts_rollups_insert", "attempts_rollups_update", "attempts_rollups_delete",
                        "attempts_groups_insert", "attempts_groups_update", "attempts_groups_delete"]
        let clock = ContinuousClock()
        for maintained in [true, false] {
            if !maintained { try psql(url, triggers.map { "ALTER TABLE attempts DISABLE TRIGGER \($0);" }.joined()) }
            var times: [Duration] = []
            var turns: [UUID] = []
            for index in 0..<writes {
                let turn = UUID()
                turns.append(turn)
                let attempt = AttemptRecord(turnID: turn, ordinal: 1, model: "demo/mini", provider: "demo",
                                            providerModel: "bench-model", reason: "bench", outcome: .success,
                                            startedAt: Date(timeIntervalSince1970: 1_746_057_600 + Double(index)),
                                            ttft: .milliseconds(120), duration: .milliseconds(900),
                                            usage: Usage(input: 100, output: 50), cost: Money(Decimal(string: "0.000123") ?? 0))
                let started = clock.now
                try await store.begin(attempt)
                try await store.record(attempt)
                times.append(started.duration(to: clock.now))
            }
            let list = turns.map { "'\($0.uuidString)'" }.joined(separator: ",")
            // Without the triggers, the turns' own (p6) would take their attempts out of groups they never entered.
            try psql(url, (maintained ? "" : "ALTER TABLE turns DISABLE TRIGGER turns_groups_delete;")
                + "DELETE FROM turns WHERE id IN (\(list));"
                + (maintained ? "" : "ALTER TABLE turns ENABLE TRIGGER turns_groups_delete;"
                    + triggers.map { "ALTER TABLE attempts ENABLE TRIGGER \($0);" }.joined()))
            times.sort()
            let line = "median \(milliseconds(times[times.count / 2])) ms, p99 \(milliseconds(times[times.count * 99 / 100])) ms"
            print("  begin + record of one attempt, \(maintained ? "rollups maintained" : "rollup triggers off"): "
                + "\(line) over \(writes) attempts")
        }
    }

    static let writes = 300

    /// 10,000 turns in sessions, keys and tags (`attributionSQL`), and `attempts` attempts spread evenly over the
    /// month: five models on three providers, one in fifty rate-limited, costs with six decimals, times to first
    /// token and durations spread over milliseconds as real ones are (few repeat: the percentiles cannot lean on
    /// repeated values).
    private static var seedSQL: String {
        let step = (monthEnd - monthStart) / Int64(attempts)
        return """
            INSERT INTO turns (id) SELECT md5('bench-turn-' || g)::uuid FROM generate_series(1, 10000) g
                ON CONFLICT (id) DO NOTHING;
            \(attributionSQL)
            INSERT INTO attempts (turn_id, ordinal, model, provider, provider_model, reason, outcome, started_at, ttft_ms,
                duration_ms, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, cost)
            SELECT md5('bench-turn-' || (g % 10000 + 1))::uuid, g / 10000 + 1,
                (ARRAY['demo/mini', 'demo/pro', 'anthropic/sonnet', 'openai/gpt-4o', 'google/flash'])[1 + g % 5],
                (ARRAY['demo', 'anthropic', 'openai'])[1 + g % 3], 'bench-model', 'bench',
                CASE WHEN g % 50 = 0 THEN 'rate_limited' ELSE 'success' END,
                \(monthStart) + g::bigint * \(step), 150 + abs(hashtext(g || 't')) % 5000, 5200 + abs(hashtext(g || 'd')) % 60000,
                100 + g % 900, 50 + g % 500, 0, 0, 0,
                CASE WHEN g % 97 = 0 THEN NULL ELSE round((g % 1000) * 0.000001, 6) END
            FROM generate_series(0, \(attempts - 1)) g;
            SELECT switchboard_fold_rollups();
            ANALYZE attempts;
            ANALYZE turns;
            ANALYZE attempt_rollups;
            ANALYZE attempt_timing_bins;
            """
    }

    /// 200 sessions and 20 gateway keys, each of the 10,000 turns in one of each, and one of four tags.
    private static let attributionSQL = """
        INSERT INTO sessions (id, title, created_at, updated_at)
            SELECT md5('bench-session-' || g)::uuid, 'bench session ' || g, 0, 0 FROM generate_series(1, 200) g
            ON CONFLICT (id) DO NOTHING;
        INSERT INTO gateway_keys (name, prefix, salt, hash, created_at)
            SELECT 'bench-key-' || g, 'bench' || g, 's', 'h', 0 FROM generate_series(1, 20) g ON CONFLICT (name) DO NOTHING;
        UPDATE turns t SET session_id = md5('bench-session-' || (1 + b.g % 200))::uuid,
                gateway_key_id = (SELECT k.id FROM gateway_keys k WHERE k.name = 'bench-key-' || (1 + b.g % 20))
            FROM generate_series(1, 10000) b (g) WHERE t.id = md5('bench-turn-' || b.g)::uuid;
        INSERT INTO turn_tags (turn_id, tag)
            SELECT md5('bench-turn-' || g)::uuid, (ARRAY['ci', 'nightly', 'batch', 'eval'])[1 + g % 4]
            FROM generate_series(1, 10000) g ON CONFLICT DO NOTHING;
        SELECT switchboard_fold_rollups();
        ANALYZE attempt_group_rollups;
        """

    /// Runs SQL through psql with the connection in its environment (the password never on a command line).
    @discardableResult
    private static func psql(_ url: PostgresURL, _ sql: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-c", sql]
        var environment = ProcessInfo.processInfo.environment
        environment["PGHOST"] = url.host
        environment["PGPORT"] = String(url.port)
        environment["PGUSER"] = url.user
        environment["PGDATABASE"] = url.database
        if let password = url.password { environment["PGPASSWORD"] = password }
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw PostgresBenchError(message: "psql failed (exit \(process.terminationStatus)) at \(url)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    private static func milliseconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return String(format: "%.1f", Double(seconds) * 1000 + Double(attoseconds) / 1e15)
    }
}

struct PostgresBenchError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
