import Foundation
import SwitchboardCore
@testable import SwitchboardPostgres
import SwitchboardStore
import XCTest

/// "p5 report rollups": every path that writes an attempt keeps the rollups equal to the attempts (`drift`, summed
/// straight from `attempts` with no help from the migration's functions), and the reports read from them answer as
/// reading every attempt would.
final class PostgresReportRollupTests: PostgresTestCase, @unchecked Sendable {
    private let noon = Date(timeIntervalSince1970: 1_751_371_200)  // 2025-07-01 12:00 UTC

    // MARK: Write paths

    func testBeginCountsTheAttemptInFlight() async throws {
        let store = try await open()
        try await store.begin(attempt(cost: nil))
        XCTAssertEqual(try rollupDrift(), "0|0|0")
        let stats = try await store.modelStatsReport(since: nil)
        XCTAssertEqual(stats.map(\.requests), [1])
        XCTAssertEqual(stats.map(\.successes), [0], "in flight, not yet a success")
        let spend = try await store.spendReport(by: .model, since: nil, calendar: utc)
        XCTAssertEqual(spend.total.cost.unknownCount, 1, "an attempt in flight has no cost yet")
    }

    func testRecordReplacesTheInFlightRowInTheRollups() async throws {
        let store = try await open()
        let ended = attempt(cost: "0.25")
        try await store.begin(ended)
        try await store.record(ended)
        XCTAssertEqual(try rollupDrift(), "0|0|0")
        let stats = try await store.modelStatsReport(since: nil)
        XCTAssertEqual(stats.map(\.requests), [1])
        XCTAssertEqual(stats.map(\.successes), [1])
        XCTAssertEqual(stats.first?.durationP50, 1000)
        let spend = try await store.spend(now: noon, calendar: utc)
        XCTAssertEqual(spend.today, money("0.25"))
        XCTAssertFalse(spend.incomplete)
    }

    func testRecordWithoutBeginAddsTheAttempt() async throws {
        let store = try await open()
        try await store.record(attempt(cost: "0.1"))
        try await store.record(attempt(cost: nil, outcome: .failed(.rateLimited, afterFirstToken: false)))
        XCTAssertEqual(try rollupDrift(), "0|0|0")
        let stats = try await store.modelStatsReport(since: nil)
        XCTAssertEqual(stats.first?.errors, ["rate_limited": 1])
        let spend = try await store.spend(now: noon, calendar: utc)
        XCTAssertEqual(spend.month, money("0.1"))
        XCTAssertTrue(spend.incomplete, "the failed attempt's cost is unknown")
    }

    /// An archive's attempts (`session import`, and `db migrate`, which imports every session this way) are
    /// written in one transaction.
    func testAnImportedArchiveCountsInTheRollups() async throws {
        SessionArchiveCodecs.install(SwitchboardArchiveCodec())
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rollups-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = try SQLiteStore(url: directory.appendingPathComponent("history.sqlite"))
        let session = try await source.createSession(NewSession(firstPrompt: "q", model: "demo/mini"))
        let turn = UUID()
        try await source.commitPrompt(session: session, turn: turn, text: "q")
        try await source.record(attempt(turn: turn, ordinal: 1, cost: nil, outcome: .failed(.server, afterFirstToken: false)))
        try await source.record(attempt(turn: turn, ordinal: 2, cost: "0.5"))

        let store = try await open()
        _ = try await store.importArchive(try await source.exportArchive(session.uuidString.lowercased()))
        XCTAssertEqual(try rollupDrift(), "0|0|0")
        let spend = try await store.spendReport(by: .model, since: nil, calendar: utc)
        XCTAssertEqual(spend.total.requests, 2)
        XCTAssertEqual(spend.total.cost.known, money("0.5"))
    }

    func testInterruptedRecoveryMovesTheAttemptsToInterrupted() async throws {
        let gone = try await open()
        try await gone.begin(attempt(cost: nil))
        try await gone.begin(attempt(cost: nil, model: "demo/pro"))
        await gone.close()
        try sql("UPDATE store_instances SET expires_at = now() - interval '1 minute' WHERE id = '\(gone.instance.uuidString)'")
        let survivor = try await open()
        _ = try await survivor.recoverInterrupted()
        XCTAssertEqual(try sql("SELECT count(*) FROM attempts WHERE outcome = 'interrupted'"), "2")
        XCTAssertEqual(try rollupDrift(), "0|0|0")
        let stats = try await survivor.modelStatsReport(since: nil)
        XCTAssertEqual(stats.map(\.errors), [["interrupted": 1], ["interrupted": 1]])
    }

    /// A turn whose attempts came first gets its session later (the prompt's write claims it): its spend moves to
    /// the session; deleting the session moves it to "(deleted)".
    func testASessionClaimingATurnAndItsDeletionMoveTheSpend() async throws {
        let store = try await open()
        let turn = UUID()
        try await store.record(attempt(turn: turn, cost: "0.4"))
        var bySession = try await store.spendReport(by: .session, since: nil, calendar: utc)
        XCTAssertEqual(bySession.rows.map(\.key), ["(deleted)"])
        let session = try await store.createSession(NewSession(firstPrompt: "Rollups", model: nil))
        try await store.commitPrompt(session: session, turn: turn, text: "q")
        XCTAssertEqual(try rollupDrift(), "0|0|0")
        bySession = try await store.spendReport(by: .session, since: nil, calendar: utc)
        XCTAssertEqual(bySession.rows.map(\.key), [session.uuidString.lowercased()])
        XCTAssertEqual(bySession.rows.first?.label, "Rollups")
        XCTAssertEqual(bySession.rows.first?.cost.known, money("0.4"))
        try await store.deleteSession(session.uuidString.lowercased())
        XCTAssertEqual(try rollupDrift(), "0|0|0")
        bySession = try await store.spendReport(by: .session, since: nil, calendar: utc)
        XCTAssertEqual(bySession.rows.map(\.key), ["(deleted)"])
        XCTAssertEqual(bySession.total.cost.known, money("0.4"))
    }

    /// The gateway gives a turn its key and tags, before or after its attempts: either way they count there.
    func testKeysAndTagsGivenBeforeOrAfterTheAttempts() async throws {
        let store = try await open()
        let key = try await store.createGatewayKey(name: "team-a", limits: GatewayKeyLimits(),
                                                   stored: GatewayKeySecret.generate().stored, at: Date())
        let (before, after) = (UUID(), UUID())
        try await store.attributeTurn(before, key: key.id, tags: ["ci"])
        try await store.record(attempt(turn: before, cost: "0.1"))
        try await store.record(attempt(turn: after, cost: "0.2"))
        try await store.record(attempt(turn: after, ordinal: 2, cost: nil))
        XCTAssertEqual(try rollupDrift(), "0|0|0")
        try await store.attributeTurn(after, key: key.id, tags: ["ci", "nightly"])
        XCTAssertEqual(try rollupDrift(), "0|0|0")
        let byKey = try await store.spendReport(by: .key, since: nil, calendar: utc)
        XCTAssertEqual(byKey.rows.map(\.key), ["team-a"])
        XCTAssertEqual(byKey.rows.first?.requests, 3)
        let byTag = try await store.spendReport(by: .tag, since: nil, calendar: utc)
        XCTAssertEqual(byTag.rows.map(\.key), ["ci", "nightly"])
        XCTAssertEqual(byTag.rows.map(\.requests), [3, 2])
        XCTAssertEqual(byTag.total.requests, 3)
        XCTAssertEqual(byTag.total.cost.known, money("0.3"))
        XCTAssertThrowsError(try sql("UPDATE turn_tags SET tag = 'other'"), "tags are not changed in place")
    }

    /// Attempts and their turns' keys and tags written at the same time by different instances: each attempt ends
    /// up counted once, under the key and tags its turn has.
    func testAttemptsAndAttributionsWrittenAtOnceAreCountedOnce() async throws {
        let stores = [try await open(), try await open(), try await open()]
        let key = try await stores[0].createGatewayKey(name: "team-b", limits: GatewayKeyLimits(),
                                                       stored: GatewayKeySecret.generate().stored, at: Date())
        let turns = (0..<30).map { _ in UUID() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, turn) in turns.enumerated() {
                let item = attempt(turn: turn, cost: "0.01", at: noon.addingTimeInterval(Double(index)))
                group.addTask {
                    try await stores[index % 3].begin(item)
                    try await stores[index % 3].record(item)
                }
                group.addTask { try await stores[(index + 1) % 3].attributeTurn(turn, key: key.id, tags: ["load"]) }
            }
            try await group.waitForAll()
        }
        XCTAssertEqual(try rollupDrift(), "0|0|0")
        let byTag = try await stores[2].spendReport(by: .tag, since: nil, calendar: utc)
        XCTAssertEqual(byTag.rows.map(\.key), ["load"])
        XCTAssertEqual(byTag.rows.first?.cost.known, money("0.30"))
    }

    /// A turn deleted with its attempts (p1's cascade) and a TRUNCATE take them out of the reports.
    func testDeletedAndTruncatedAttemptsLeaveTheRollups() async throws {
        let store = try await open()
        let kept = attempt(cost: "0.1")
        let deleted = attempt(cost: "0.2")
        try await store.record(kept)
        try await store.record(deleted)
        try sql("DELETE FROM turns WHERE id = '\(deleted.turnID.uuidString)'")
        XCTAssertEqual(try rollupDrift(), "0|0|0")
        var spend = try await store.spendReport(by: .day, since: nil, calendar: utc)
        XCTAssertEqual(spend.total.cost.known, money("0.1"))
        try sql("TRUNCATE attempts")
        XCTAssertEqual(try rollupDrift(), "0|0|0")
        spend = try await store.spendReport(by: .model, since: nil, calendar: utc)
        XCTAssertEqual(spend.rows, [])
        XCTAssertEqual(try sql("SELECT count(*) FROM attempt_rollups"), "0")
    }

    /// A database that had attempts before "p5 report rollups" answers the same once migrated.
    func testUpgradingSumsTheAttemptsAlreadyThere() async throws {
        let store = try await open()
        try await store.record(attempt(cost: "0.1"))
        try await store.record(attempt(cost: "0.3", at: noon.addingTimeInterval(-40 * 86_400)))
        let before = try await reports(store)
        await store.close()
        // Back to p4, with the attempts: as a database written before p5 was.
        try sql("""
            DROP TRIGGER attempts_timing_bins_truncate ON attempts; DROP FUNCTION attempts_truncate_timing_bins();
            DROP TABLE attempt_timing_bins; DROP INDEX attempts_by_ttft; DROP INDEX attempts_by_duration;
            DROP FUNCTION switchboard_timing_bin(bigint);
            DELETE FROM switchboard_migrations WHERE name = 'p7 timing bins';
            DROP TRIGGER attempts_groups_insert ON attempts; DROP TRIGGER attempts_groups_update ON attempts;
            DROP TRIGGER attempts_groups_delete ON attempts; DROP TRIGGER attempts_groups_truncate ON attempts;
            DROP TRIGGER turns_groups_update ON turns; DROP TRIGGER turns_groups_delete ON turns;
            DROP TRIGGER turn_tags_groups_insert ON turn_tags; DROP TRIGGER turn_tags_groups_delete ON turn_tags;
            DROP TRIGGER turn_tags_no_update ON turn_tags;
            DROP FUNCTION attempts_note_groups(); DROP FUNCTION turns_note_groups(); DROP FUNCTION turns_forget_groups();
            DROP FUNCTION turn_tags_note_groups(); DROP FUNCTION turn_tags_unchanged(); DROP FUNCTION attempts_truncate_groups();
            DROP FUNCTION attempt_groups_of(attempts, bigint);
            DROP TABLE attempt_group_rollups, attempt_group_changes;
            DELETE FROM switchboard_migrations WHERE name = 'p6 spend rollups by session, key and tag';
            DROP TRIGGER attempts_rollups_insert ON attempts; DROP TRIGGER attempts_rollups_update ON attempts;
            DROP TRIGGER attempts_rollups_delete ON attempts; DROP TRIGGER attempts_rollups_truncate ON attempts;
            DROP FUNCTION attempts_note_rollups(); DROP FUNCTION attempts_truncate_rollups();
            DROP FUNCTION switchboard_fold_rollups(); DROP FUNCTION attempt_rollup_of(attempts, bigint);
            DROP FUNCTION attempt_timings_of(attempts, bigint); DROP FUNCTION switchboard_floor(bigint, bigint);
            DROP TABLE attempt_rollups, attempt_rollup_changes, attempt_timing_changes;
            DELETE FROM switchboard_migrations WHERE name = 'p5 report rollups';
            """)
        let upgraded = try await open()
        XCTAssertEqual(try sql("SELECT count(*) FROM switchboard_migrations WHERE name LIKE 'p5 %' OR name LIKE 'p6 %' OR name LIKE 'p7 %'"), "3")
        XCTAssertEqual(try rollupDrift(), "0|0|0")
        let after = try await reports(upgraded)
        XCTAssertEqual(after, before)
        XCTAssertEqual(after.month.total.cost.known, money("0.4"))
    }

    /// The check the tests above rely on sees a write that the triggers did not count.
    func testDriftSeesAnAttemptTheTriggersMissed() async throws {
        let store = try await open()
        try await store.record(attempt(cost: "0.1"))
        XCTAssertEqual(try rollupDrift(), "0|0|0")
        try sql("ALTER TABLE attempts DISABLE TRIGGER attempts_rollups_update")
        try sql("UPDATE attempts SET cost = 0.2")
        let missed = try rollupDrift()
        XCTAssertFalse(missed.hasPrefix("0|"), missed)
        try sql("ALTER TABLE turns DISABLE TRIGGER turns_groups_update")
        let session = try makeSession()
        try sql("UPDATE turns SET session_id = '\(session.uuidString)'")
        let unmoved = try rollupDrift()
        XCTAssertNotEqual(unmoved.split(separator: "|")[1], "0", "the session's spend was not moved: \(unmoved)")
    }

    /// Folding moves the changes into the rollups without changing an answer; while another session folds,
    /// reports read the changes as they are.
    func testFoldingChangesNoAnswer() async throws {
        // No renewal tick (which folds too) during the test.
        let store = try await open(holdLifetime: .seconds(1200), renewEvery: .seconds(600))
        try await store.record(attempt(cost: "0.1"))
        let folded = try await reports(store)
        try await store.record(attempt(cost: "0.2", at: noon.addingTimeInterval(3600)))
        try await store.record(attempt(cost: nil, outcome: .cancelled))
        XCTAssertEqual(try sql("SELECT count(*) > 0 FROM attempt_rollup_changes"), "t", "written after the last fold")
        let holder = Task.detached { [self] in
            try sql("SELECT pg_advisory_lock(\(PostgresSchema.rollupFoldLock)); SELECT pg_sleep(3)")
        }
        // Until the holder has the lock (a `where` here would go on polling after it, into the holder's sleep).
        for _ in 0..<100 {
            if try sql("""
                SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted
                    AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                """) != "0" { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        let during = try await reports(store)
        XCTAssertEqual(try sql("SELECT count(*) > 0 FROM attempt_rollup_changes"), "t", "the fold was another's")
        XCTAssertEqual(during.month.total.requests, 3)
        XCTAssertEqual(during.month.total.cost.known, money("0.3"))
        XCTAssertNotEqual(during, folded)
        _ = try await holder.value
        XCTAssertEqual(try sql("SELECT switchboard_fold_rollups()"), "t")
        XCTAssertEqual(try sql("SELECT count(*) FROM attempt_rollup_changes"), "0")
        XCTAssertEqual(try sql("SELECT count(*) FROM attempt_timing_changes"), "0")
        let after = try await reports(store)
        XCTAssertEqual(after, during)
        XCTAssertEqual(try rollupDrift(), "0|0|0")
    }

    /// A running instance folds on its renewal tick, so changes do not pile up where no one reads a report
    /// (a gateway): the first report after a busy month still sums few rows.
    func testARunningInstanceFoldsWithoutAReport() async throws {
        let store = try await open(renewEvery: .milliseconds(200))
        try await store.record(attempt(cost: "0.1"))
        XCTAssertEqual(try sql("SELECT count(*) > 0 FROM attempt_rollup_changes"), "t")
        for _ in 0..<50 where try sql("SELECT count(*) FROM attempt_rollup_changes") != "0" {
            try await Task.sleep(for: .milliseconds(100))
        }
        XCTAssertEqual(try sql("SELECT count(*) FROM attempt_rollup_changes"), "0")
        XCTAssertEqual(try sql("SELECT count(*) FROM attempt_timing_changes"), "0")
        XCTAssertEqual(try sql("SELECT sum(requests) FROM attempt_rollups WHERE width = 900000"), "1")
        XCTAssertEqual(try rollupDrift(), "0|0|0")
    }

    /// Three instances writing attempts of one model in one quarter hour at once: no write waits for or deadlocks
    /// on a rollup row, and every attempt is counted once.
    func testConcurrentWritersOfSeveralInstancesAreAllCounted() async throws {
        let stores = [try await open(), try await open(), try await open()]
        let attempts = (0..<60).map { index in attempt(cost: "0.01", at: noon.addingTimeInterval(Double(index))) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, item) in attempts.enumerated() {
                let store = stores[index % stores.count]
                group.addTask {
                    try await store.begin(item)
                    try await store.record(item)
                }
            }
            // Reports fold while the writers write.
            group.addTask { for _ in 0..<5 { _ = try await stores[0].spend(now: self.noon, calendar: self.utc) } }
            try await group.waitForAll()
        }
        XCTAssertEqual(try rollupDrift(), "0|0|0")
        let spend = try await stores[1].spend(now: noon, calendar: utc)
        XCTAssertEqual(spend.today, money("0.60"))
    }

    // MARK: Same answers as reading every attempt

    /// Attempts around odd offsets and daylight-saving changes (Kathmandu +5:45, Chatham +12:45/+13:45, St John's
    /// -3:30, Lord Howe's 30-minute change, Monrovia's -0:44:30 of 1971), reported from arbitrary instants: the
    /// PostgreSQL reports equal the SQLite store's, which reads every attempt.
    func testReportsEqualSQLitesInOddZonesFromAnyInstant() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rollups-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let sqlite = try SQLiteStore(url: directory.appendingPathComponent("history.sqlite"))
        let postgres = try await open()
        var random = SeededRandom(seed: 15)
        let starts = [1_743_120_000_000, 1_759_536_000_000, 31_536_000_000] as [Int64]  // 2025-03-28, 2025-10-04, 1971-01-01
        let models = ["demo/mini", "demo/pro", "openai/gpt-4o"]
        var times: [Int64] = []
        for store in [sqlite as any HistoryDatabaseParts, postgres as any HistoryDatabaseParts] {
            random = SeededRandom(seed: 15)
            let session = try await store.createSession(NewSession(firstPrompt: "q", model: nil))
            times = []
            for index in 0..<240 {
                let turn = UUID(uuidString: String(format: "00000000-0000-4000-8000-%012d", index)) ?? UUID()
                try await store.commitPrompt(session: session, turn: turn, text: "q")
                let at = starts[index % starts.count] + Int64(random.next(below: 4 * 86_400_000))
                times.append(at)
                let outcomes: [AttemptRecord.Outcome] = [.success, .success, .success, .cancelled,
                                                         .failed(.server, afterFirstToken: true)]
                let outcome = outcomes[random.next(below: outcomes.count)]
                let cost: String? = random.next(below: 7) == 0 ? nil : "0.\(String(format: "%06d", random.next(below: 999_999)))"
                var record = attempt(turn: turn, ordinal: 1, cost: cost, outcome: outcome,
                                     model: models[random.next(below: models.count)], at: Date(timeIntervalSince1970: Double(at) / 1000))
                // Timings over several magnitudes: p7's bins are 1 ms under 100 ms, then two significant digits.
                let scales = [1, 10, 100, 1000, 10000, 100_000]
                record.ttft = .milliseconds(random.next(below: 10 * scales[random.next(below: 5)]))
                record.duration = .milliseconds(random.next(below: 3) == 0 ? 1200 : random.next(below: 10 * scales[random.next(below: 6)]))
                record.usage = Usage(input: random.next(below: 100), output: random.next(below: 3) == 0 ? 0 : random.next(below: 500))
                if random.next(below: 3) == 0 { record.reportedCost = cost.flatMap(money) ?? money("0.001") }
                try await store.record(record)
            }
        }
        let zones = ["UTC", "Asia/Kathmandu", "Pacific/Chatham", "America/St_Johns", "Australia/Lord_Howe",
                     "Africa/Monrovia", "Europe/Berlin"]
        var sinces: [Date?] = [nil]
        for _ in 0..<5 {
            let at = times[random.next(below: times.count)] + Int64(random.next(below: 2_000_000)) - 1_000_000
            sinces.append(Date(timeIntervalSince1970: Double(at) / 1000))
        }
        sinces.append(Date(timeIntervalSince1970: Double(starts[0] + 2 * 86_400_000) / 1000))  // a UTC midnight
        for zone in zones {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = try XCTUnwrap(TimeZone(identifier: zone))
            for since in sinces {
                for grouping in [SpendReport.Grouping.model, .provider, .day] {
                    let expected = try await sqlite.spendReport(by: grouping, since: since, calendar: calendar)
                    let actual = try await postgres.spendReport(by: grouping, since: since, calendar: calendar)
                    XCTAssertEqual(actual, expected, "\(grouping) since \(String(describing: since)) in \(zone)")
                }
                if let since {
                    let expected = try await sqlite.spend(now: since, calendar: calendar)
                    let actual = try await postgres.spend(now: since, calendar: calendar)
                    XCTAssertEqual(actual, expected, "today and month at \(since) in \(zone)")
                }
            }
        }
        for since in sinces {
            let expected = try await sqlite.modelStatsReport(since: since)
            let actual = try await postgres.modelStatsReport(since: since)
            XCTAssertEqual(actual.count, expected.count)
            for (got, want) in zip(actual, expected) {
                var rounded = got
                rounded.outputTokensPerSecond = want.outputTokensPerSecond
                XCTAssertEqual(rounded, want, "stats since \(String(describing: since))")
                XCTAssertEqual(got.outputTokensPerSecond ?? -1, want.outputTokensPerSecond ?? -1, accuracy: 1e-9)
            }
        }
        XCTAssertEqual(try rollupDrift(), "0|0|0")
    }

    // MARK: Helpers

    private struct Reports: Equatable {
        var sessions: SpendReport
        var keys: SpendReport
        var tags: SpendReport
        var month: SpendReport
        var days: SpendReport
        var stats: [ModelStats]
        var snapshot: SpendSnapshot
    }

    private func reports(_ store: PostgresStore) async throws -> Reports {
        Reports(sessions: try await store.spendReport(by: .session, since: nil, calendar: utc),
                keys: try await store.spendReport(by: .key, since: nil, calendar: utc),
                tags: try await store.spendReport(by: .tag, since: nil, calendar: utc),
                month: try await store.spendReport(by: .model, since: nil, calendar: utc),
                days: try await store.spendReport(by: .day, since: nil, calendar: utc),
                stats: try await store.modelStatsReport(since: nil),
                snapshot: try await store.spend(now: noon, calendar: utc))
    }

    private var utc: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        return calendar
    }

    private func money(_ text: String) -> Money? { Decimal(string: text).map(Money.init) }

    private func attempt(turn: UUID = UUID(), ordinal: Int = 1, cost: String?, outcome: AttemptRecord.Outcome = .success,
                         model: String = "demo/mini", at: Date? = nil) -> AttemptRecord {
        AttemptRecord(turnID: turn, ordinal: ordinal, model: model, provider: "demo", providerModel: model + "-v1",
                      reason: "explicit", outcome: outcome, status: outcome == .success ? 200 : 500,
                      startedAt: at ?? noon.addingTimeInterval(0.25), ttft: .milliseconds(100),
                      duration: .milliseconds(1000), usage: Usage(input: 10, output: 20), cost: cost.flatMap(money))
    }
}

/// A small deterministic generator (SplitMix64): the same attempts for both stores and every run.
private struct SeededRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next(below bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Int(z % UInt64(bound))
    }
}
