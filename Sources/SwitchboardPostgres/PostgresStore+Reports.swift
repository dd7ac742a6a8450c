import Foundation
import PostgresNIO
import SwitchboardCore

/// Spend and stats from the attempts ledger, summed by PostgreSQL from the rollups the attempts' triggers keep
/// ("p5 report rollups" and after): a month of a team's traffic is a million attempts, which must be neither sent
/// over the wire nor summed one by one. Money is summed as numeric (exact) and read back as text; percentiles are
/// nearest-rank, as `Samples` computes them. The SQLite store reads each attempt and sums in Swift; both give the
/// same report (the contract tests and `PostgresReportRollupTests` check it). Each report first folds the changes
/// noted since the last fold, in a transaction of its own.
extension PostgresStore {
    /// Today and month to date, by local calendar day, from every attempt (each belongs to a stored turn: p1's
    /// foreign key): the month's rollups in one pass, with the quarter hours that a day start cuts (in a zone whose
    /// offset is not a whole quarter hour) read attempt by attempt.
    public func spend(now: Date, calendar: Calendar) async throws -> SpendSnapshot {
        let monthStart = Self.millis(calendar.dateInterval(of: .month, for: now)?.start ?? now)
        let day = calendar.dateInterval(of: .day, for: now)
        let (dayStart, dayEnd) = (day.map { Self.millis($0.start) } ?? Int64.max, day.map { Self.millis($0.end) } ?? Int64.max)
        try await foldRollups()
        let window = PostgresRollupWindow(from: monthStart, boundaries: [dayStart, dayEnd])
        let today = "t >= \(dayStart) AND t < \(dayEnd)"
        guard let row = try await query(PostgresQuery(unsafeSQL: """
            SELECT sum(cost)::text, coalesce(sum(known), 0)::bigint, coalesce(sum(requests) - sum(known), 0)::bigint,
                   sum(cost) FILTER (WHERE \(today))::text, coalesce(sum(known) FILTER (WHERE \(today)), 0)::bigint,
                   coalesce(sum(requests - known) FILTER (WHERE \(today)), 0)::bigint
            FROM (\(window.rollupRows)) s
            """), doing: "read spend").collect().first?.makeRandomAccess() else {
            return SpendSnapshot(today: .zero, month: .zero, incomplete: false)
        }
        let month = CostTotal(known: try Self.money(row[0]) ?? .zero, knownCount: try Self.int(row[1]),
                              unknownCount: try Self.int(row[2]))
        let todays = CostTotal(known: try Self.money(row[3]) ?? .zero, knownCount: try Self.int(row[4]),
                               unknownCount: try Self.int(row[5]))
        return SpendSnapshot(today: todays.knownOrNil, month: month.knownOrNil, incomplete: month.unknownCount > 0)
    }

    /// One pass over what was spent since `since`, grouped in the database from the rollups (`PostgresRollupWindow`):
    /// by model, provider or day p5's, by session, key or tag p6's. Days are the calendar's: the day
    /// starts are computed here and each row falls in one by `width_bucket` (a binary search), which is much cheaper
    /// than a time zone conversion per row.
    public func spendReport(by grouping: SpendReport.Grouping, since: Date?, calendar: Calendar) async throws -> SpendReport {
        switch grouping {
        case .model, .provider, .day:
            try await foldRollups()
            return try await reading("read the spend report") { connection in
                try await self.rolledUpSpend(by: grouping, since: since, calendar: calendar, connection)
            }
        case .session, .key, .tag:
            try await foldRollups()
            return try await reading("read the spend report") { connection in
                try await self.groupSpend(by: grouping, since: since, connection)
            }
        }
    }

    /// By model, provider or day, from the rollups.
    private func rolledUpSpend(by grouping: SpendReport.Grouping, since: Date?, calendar: Calendar,
                               _ connection: PostgresConnection) async throws -> SpendReport {
        let from = since.map(Self.millis)
        var days: [Int64] = []
        if grouping == .day {
            // From the day of the first bucket to the day after the last one's (a bucket is at most a UTC day): a
            // day without attempts gets no row.
            let range = PostgresRollupWindow(from: from)
            guard let row = try await first(PostgresQuery(unsafeSQL: """
                SELECT min(t), max(t) + \(PostgresRollupWindow.utcDay - 1)
                FROM (\(range.rollupRows)) s WHERE requests <> 0
                """), connection), let first = try row[0].decode(Int64?.self), let last = try row[1].decode(Int64?.self) else {
                return SpendReport(grouping: grouping, since: since, rows: [], total: SpendReport.Row(key: "total"))
            }
            days = Self.dayStarts(from: first, through: last, calendar)
        }
        let window = PostgresRollupWindow(from: from, boundaries: days)
        let key = switch grouping {
        case .provider: "provider"
        case .day: "width_bucket(t, \(PostgresRollupWindow.array(days)))::text"
        default: "model"
        }
        var rows: [SpendReport.Row] = []
        for row in try await self.rows(PostgresQuery(unsafeSQL: """
            SELECT \(key), NULL::text, \(Self.rollupSpendSums)
            FROM (\(window.rollupRows)) s GROUP BY 1 HAVING sum(requests) <> 0
            """), connection) {
            var name = try row[0].decode(String?.self) ?? ""
            if grouping == .day {
                let bucket = Int(name) ?? 0
                name = SpendReport.day(MillisecondTime.date(days[max(0, min(days.count - 1, bucket - 1))]), calendar)
            }
            rows.append(try Self.spendRow(row, key: name, label: nil, from: 2))
        }
        // Each attempt is in exactly one group: the total is their sum.
        var total = SpendReport.Row(key: "total")
        for row in rows { total = Self.adding(row, to: total) }
        return SpendReport(grouping: grouping, since: since, rows: SpendReport.sorted(rows, grouping), total: total)
    }

    /// By session, key or tag, from the rollups of what the attempts' turns say ("p6"): a session's label is its
    /// title now, a key is shown by its name.
    private func groupSpend(by grouping: SpendReport.Grouping, since: Date?, _ connection: PostgresConnection)
        async throws -> SpendReport {
        let window = PostgresRollupWindow(from: since.map(Self.millis))
        let (kinds, name, missing) = switch grouping {
        case .key: ("'key'", "(SELECT k.name FROM gateway_keys k WHERE k.id = nullif(g.value, '')::bigint)", "(no key)")
        case .tag: ("'tag', 'untagged'", "CASE WHEN g.kind = 'tag' THEN g.value END", "(untagged)")
        default: ("'session'", "nullif(g.value, '')", "(deleted)")
        }
        let label = grouping == .session ? "(SELECT s.title FROM sessions s WHERE s.id = name::uuid)" : "NULL::text"
        var rows: [SpendReport.Row] = []
        for row in try await self.rows(PostgresQuery(unsafeSQL: """
            SELECT name, \(label), \(Self.rollupSpendSums)
            FROM (SELECT \(name) AS name, g.* FROM (\(window.groupRows)) g WHERE g.kind IN (\(kinds))) s
            GROUP BY 1 HAVING sum(requests) <> 0
            """), connection) {
            rows.append(try Self.spendRow(row, key: try row[0].decode(String?.self) ?? missing,
                                          label: try row[1].decode(String?.self), from: 2))
        }
        // Under tags an attempt counts once under each of its tags, so the total is read apart.
        var total = SpendReport.Row(key: "total")
        if grouping == .tag {
            if let whole = try await first(PostgresQuery(unsafeSQL: """
                SELECT \(Self.rollupSpendSums) FROM (\(window.rollupRows)) s
                """), connection) {
                total = try Self.spendRow(whole, key: "total", label: nil, from: 0)
            }
        } else {
            for row in rows { total = Self.adding(row, to: total) }
        }
        return SpendReport(grouping: grouping, since: since, rows: SpendReport.sorted(rows, grouping), total: total)
    }

    /// The start of every local day from the one holding `first` to the one after `last`'s (its end). Each is the
    /// start of the day after the one before: where a zone's clock jumped at midnight (Kathmandu's 15 minutes in
    /// 1986), adding a day to a day start gives the time after the jump, and every later day would start late.
    static func dayStarts(from first: Int64, through last: Int64, _ calendar: Calendar) -> [Int64] {
        var starts: [Int64] = []
        var day = calendar.startOfDay(for: MillisecondTime.date(first))
        let end = MillisecondTime.date(last)
        while day <= end {
            starts.append(millis(day))
            guard let after = calendar.date(byAdding: .hour, value: 36, to: day) else { break }
            let next = calendar.startOfDay(for: after)
            guard next > day else { break }
            day = next
        }
        starts.append(millis(day))
        return starts
    }

    /// Folds the changes the attempts' triggers noted into the rollups (when no other instance is folding), so a
    /// report sums few rows. Its own transaction, before the report's.
    func foldRollups() async throws {
        try await Self.foldRollups(client, logger: logger)
    }

    static func foldRollups(_ client: PostgresClient, logger: Logger) async throws {
        do {
            _ = try await client.query("SELECT switchboard_fold_rollups()", logger: logger).collect()
        } catch {
            throw PostgresStoreError.wrap(error, doing: "fold the report rollups")
        }
    }

    /// Requests, outcomes and speed from the rollups; percentiles from the timing counts by bin, then from the
    /// attempts' values within the percentile's bin, nearest-rank as `Samples` (the smallest value with at least p%
    /// of the values at or below it). One statement: the bins and the attempts are read in one snapshot.
    public func modelStatsReport(since: Date?) async throws -> [ModelStats] {
        let from = since.map(Self.millis)
        try await foldRollups()
        return try await reading("read stats") { connection in
            var groups: [String: ModelStats] = [:]
            var speed: [String: (tokens: Decimal, streaming: Decimal)] = [:]
            for row in try await self.rows(PostgresQuery(unsafeSQL: """
                SELECT model, provider, outcome, sum(requests)::bigint, sum(streamed_tokens), sum(streamed_ms)
                FROM (\(PostgresRollupWindow(from: from).rollupRows)) s GROUP BY 1, 2, 3 HAVING sum(requests) <> 0
                """), connection) {
                let (model, provider) = (try row[0].decode(String.self), try row[1].decode(String.self))
                let (outcome, count) = (try row[2].decode(String.self), try Self.int(row[3]))
                let group = model + "\u{0}" + provider
                var stats = groups[group] ?? ModelStats(model: model, provider: provider, requests: 0, successes: 0,
                                                        cancelled: 0, errors: [:], ttftP50: nil, ttftP95: nil,
                                                        durationP50: nil, durationP95: nil, outputTokensPerSecond: nil)
                stats.requests += count
                switch outcome {
                case "success": stats.successes += count
                case "cancelled": stats.cancelled += count
                case "in_flight": break
                default: stats.errors[outcome, default: 0] += count
                }
                groups[group] = stats
                let sums = speed[group] ?? (0, 0)
                speed[group] = (sums.tokens + (try row[4].decode(Decimal?.self) ?? 0),
                                sums.streaming + (try row[5].decode(Decimal?.self) ?? 0))
            }
            // Speed: output tokens over streaming time (after the first token) of successful attempts.
            for (group, sums) in speed where sums.streaming > 0 {
                groups[group]?.outputTokensPerSecond = NSDecimalNumber(decimal: sums.tokens).doubleValue * 1000
                    / NSDecimalNumber(decimal: sums.streaming).doubleValue
            }
            // The bin of each percentile, from the counts by bin; then its value, from the values of that bin only.
            for row in try await self.rows(PostgresQuery(unsafeSQL: """
                WITH counts AS (
                    SELECT model, provider, metric, bin, sum(n) AS n
                    FROM (\(PostgresRollupWindow.timingBins(from: from))) s
                    GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0),
                ranked AS (
                    SELECT model, provider, metric, bin, n,
                           sum(n) OVER (PARTITION BY model, provider, metric ORDER BY bin) AS through,
                           sum(n) OVER (PARTITION BY model, provider, metric) AS total
                    FROM counts),
                targets AS (
                    SELECT r.model, r.provider, r.metric, p.percent, r.bin,
                           r.bin + CASE WHEN r.bin < 100 THEN 1 ELSE (10::numeric ^ (length(r.bin::text) - 2))::bigint END
                               AS upper,
                           div(p.percent * r.total + 99, 100) - (r.through - r.n) AS rank
                    FROM ranked r CROSS JOIN (VALUES (50), (95)) p (percent)
                    WHERE r.through >= div(p.percent * r.total + 99, 100)
                      AND r.through - r.n < div(p.percent * r.total + 99, 100))
                SELECT q.model, q.provider, q.metric, q.percent, (
                    SELECT v.value FROM (
                        SELECT value, sum(n) OVER (ORDER BY value) AS through FROM (
                            SELECT value, count(*) AS n
                            FROM (\(PostgresRollupWindow.timingsInBin(from: from, of: "q"))) s
                            GROUP BY value) c) v
                    WHERE v.through >= q.rank ORDER BY v.value LIMIT 1)
                FROM targets q
                """), connection) {
                let group = try row[0].decode(String.self) + "\u{0}" + row[1].decode(String.self)
                let (metric, percent) = (try row[2].decode(Int16.self), try row[3].decode(Int32.self))
                let value = try row[4].decode(Int64?.self)
                switch (metric, percent) {
                case (1, 50): groups[group]?.ttftP50 = value
                case (1, _): groups[group]?.ttftP95 = value
                case (_, 50): groups[group]?.durationP50 = value
                default: groups[group]?.durationP95 = value
                }
            }
            return groups.values.sorted(by: ModelStats.inReportOrder)
        }
    }

    public func modelStats(since: Date) async throws -> [String: ModelStatsSnapshot] {
        ModelStatsSnapshot.byModel(try await modelStatsReport(since: since))
    }

    // MARK: Spend rows

    /// Requests, known cost (sum and count), reported cost, token sums and cost mismatches of rollup rows
    /// (`PostgresRollupWindow.rollupRows` or `groupRows`).
    private static let rollupSpendSums = """
        coalesce(sum(requests), 0)::bigint, sum(cost)::text, coalesce(sum(known), 0)::bigint,
        CASE WHEN sum(reported) <> 0 THEN sum(cost_reported)::text END, sum(input_tokens), sum(output_tokens),
        sum(cache_read_tokens), sum(cache_write_tokens), sum(reasoning_tokens), sum(cache_write_1h_tokens),
        sum(image_inputs), coalesce(sum(mismatches), 0)::bigint
        """

    /// Two groups' sums as one (the total of groups that do not overlap).
    static func adding(_ row: SpendReport.Row, to total: SpendReport.Row) -> SpendReport.Row {
        var sum = total
        sum.requests += row.requests
        sum.cost = CostTotal(known: total.cost.known + row.cost.known, knownCount: total.cost.knownCount + row.cost.knownCount,
                             unknownCount: total.cost.unknownCount + row.cost.unknownCount)
        if let reported = row.reportedCost { sum.reportedCost = (total.reportedCost ?? .zero) + reported }
        sum.usage = total.usage + row.usage
        sum.costMismatches += row.costMismatches
        return sum
    }

    private static func spendRow(_ row: PostgresRandomAccessRow, key: String, label: String?, from index: Int) throws -> SpendReport.Row {
        func sum(_ offset: Int) throws -> Int {
            try row[index + offset].decode(Decimal?.self).map { NSDecimalNumber(decimal: $0).intValue } ?? 0
        }
        let requests = try int(row[index])
        let knownCount = try int(row[index + 2])
        let usage = Usage(input: try sum(4), output: try sum(5), cacheRead: try sum(6), cacheWrite: try sum(7),
                          reasoning: try sum(8), cacheWrite1h: try sum(9), images: try sum(10))
        var result = SpendReport.Row(
            key: key, label: label, requests: requests,
            cost: CostTotal(known: try money(row[index + 1]) ?? .zero, knownCount: knownCount,
                            unknownCount: requests - knownCount),
            reportedCost: try money(row[index + 3]), usage: usage)
        result.costMismatches = try int(row[index + 11])
        return result
    }
}
