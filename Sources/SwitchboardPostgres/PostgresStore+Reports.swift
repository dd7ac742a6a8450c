import Foundation
import PostgresNIO
import SwitchboardCore

/// Spend and stats from the attempts ledger, summed by PostgreSQL: a month of a team's traffic is a million
/// attempts, which must not cross the wire one by one. Money is summed as numeric (exact) and read back as text;
/// percentiles are nearest-rank (`percentile_disc`), as `Samples` computes them. The SQLite store reads each
/// attempt and sums in Swift; both give the same report (the contract tests check it).
extension PostgresStore {
    /// Today and month to date, by local calendar day, from every attempt (each belongs to a stored turn: p1's
    /// foreign key), in one pass over the month.
    public func spend(now: Date, calendar: Calendar) async throws -> SpendSnapshot {
        let monthStart = Self.millis(calendar.dateInterval(of: .month, for: now)?.start ?? now)
        let day = calendar.dateInterval(of: .day, for: now)
        let (dayStart, dayEnd) = (day.map { Self.millis($0.start) } ?? Int64.max, day.map { Self.millis($0.end) } ?? Int64.max)
        guard let row = try await query("""
            SELECT sum(cost)::text, count(cost), count(*) - count(cost),
                   sum(cost) FILTER (WHERE started_at >= \(dayStart) AND started_at < \(dayEnd))::text,
                   count(cost) FILTER (WHERE started_at >= \(dayStart) AND started_at < \(dayEnd)),
                   count(*) FILTER (WHERE cost IS NULL AND started_at >= \(dayStart) AND started_at < \(dayEnd))
            FROM attempts WHERE started_at >= \(monthStart)
            """, doing: "read spend").collect().first?.makeRandomAccess() else {
            return SpendSnapshot(today: .zero, month: .zero, incomplete: false)
        }
        let month = CostTotal(known: try Self.money(row[0]) ?? .zero, knownCount: try Self.int(row[1]),
                              unknownCount: try Self.int(row[2]))
        let today = CostTotal(known: try Self.money(row[3]) ?? .zero, knownCount: try Self.int(row[4]),
                              unknownCount: try Self.int(row[5]))
        return SpendSnapshot(today: today.knownOrNil, month: month.knownOrNil, incomplete: month.unknownCount > 0)
    }

    /// One pass over the attempts since `since`, grouped in the database, joining only what the grouping reads. Days are the calendar's: the day starts are computed here and each attempt falls in one by
    /// `width_bucket` (a binary search), which is much cheaper than a time zone conversion per row.
    public func spendReport(by grouping: SpendReport.Grouping, since: Date?, calendar: Calendar) async throws -> SpendReport {
        let from = since.map(Self.millis) ?? Int64.min
        return try await reading("read the spend report") { connection in
            var days: [Int64] = []
            if grouping == .day {
                guard let range = try await self.first("""
                    SELECT min(started_at), max(started_at) FROM attempts WHERE started_at >= \(from)
                    """, connection), let first = try range[0].decode(Int64?.self), let last = try range[1].decode(Int64?.self) else {
                    return SpendReport(grouping: grouping, since: since, rows: [], total: SpendReport.Row(key: "total"))
                }
                days = Self.dayStarts(from: first, through: last, calendar)
            }
            let (key, join, missing) = Self.spendKey(grouping)
            var rows: [SpendReport.Row] = []
            for row in try await self.rows("""
                SELECT \(unescaped: key), \(unescaped: grouping == .session ? "max(s.title)" : "NULL::text"),
                       \(unescaped: Self.spendSums)
                FROM attempts a \(unescaped: join)
                WHERE a.started_at >= \(from) AND cardinality(\(days)) >= 0
                GROUP BY 1
                """, connection) {
                let name: String
                if grouping == .day {
                    let bucket = try row[0].decode(Int32?.self).map(Int.init) ?? 0
                    let start = days[max(0, min(days.count - 1, bucket - 1))]
                    name = SpendReport.day(MillisecondTime.date(start), calendar)
                } else {
                    name = try row[0].decode(String?.self) ?? missing
                }
                rows.append(try Self.spendRow(row, key: name, label: try row[1].decode(String?.self), from: 2))
            }
            // Each attempt is in exactly one group, so the total is their sum; under tags it counts once under each
            // of its tags, so the total is read apart.
            var total = SpendReport.Row(key: "total")
            if grouping == .tag {
                if let whole = try await self.first("""
                    SELECT \(unescaped: Self.spendSums) FROM attempts a WHERE a.started_at >= \(from)
                    """, connection) {
                    total = try Self.spendRow(whole, key: "total", label: nil, from: 0)
                }
            } else {
                for row in rows { total = Self.adding(row, to: total) }
            }
            return SpendReport(grouping: grouping, since: since, rows: SpendReport.sorted(rows, grouping),
                               total: total)
        }
    }

    /// The start of every local day from the one holding `first` to the one after `last`'s (its end).
    static func dayStarts(from first: Int64, through last: Int64, _ calendar: Calendar) -> [Int64] {
        var starts: [Int64] = []
        var day = calendar.startOfDay(for: MillisecondTime.date(first))
        let end = MillisecondTime.date(last)
        while day <= end {
            starts.append(millis(day))
            guard let next = calendar.date(byAdding: .day, value: 1, to: day), next > day else { break }
            day = next
        }
        starts.append(millis(day))
        return starts
    }

    public func modelStatsReport(since: Date?) async throws -> [ModelStats] {
        let from = since.map(Self.millis) ?? Int64.min
        return try await reading("read stats") { connection in
            // The percentiles sort each group's values: in memory, not in temporary files.
            try await connection.query("SET LOCAL work_mem = '64MB'", logger: self.logger)
            var errors: [String: [String: Int]] = [:]
            for row in try await self.rows("""
                SELECT model, provider, outcome, count(*) FROM attempts
                WHERE started_at >= \(from) AND outcome NOT IN ('success', 'cancelled', 'in_flight')
                GROUP BY 1, 2, 3
                """, connection) {
                let group = try row[0].decode(String.self) + "\u{0}" + row[1].decode(String.self)
                errors[group, default: [:]][try row[2].decode(String.self)] = try Self.int(row[3])
            }
            // Speed: output tokens over streaming time (after the first token) of successful attempts.
            let streamed = "a.outcome = 'success' AND a.output_tokens > 0 AND a.duration_ms - coalesce(a.ttft_ms, 0) > 0"
            return try await self.rows("""
                SELECT a.model, a.provider, count(*), count(*) FILTER (WHERE a.outcome = 'success'),
                       count(*) FILTER (WHERE a.outcome = 'cancelled'),
                       percentile_disc(0.5) WITHIN GROUP (ORDER BY a.ttft_ms),
                       percentile_disc(0.95) WITHIN GROUP (ORDER BY a.ttft_ms),
                       percentile_disc(0.5) WITHIN GROUP (ORDER BY a.duration_ms) FILTER (WHERE a.outcome = 'success'),
                       percentile_disc(0.95) WITHIN GROUP (ORDER BY a.duration_ms) FILTER (WHERE a.outcome = 'success'),
                       sum(a.output_tokens) FILTER (WHERE \(unescaped: streamed)),
                       sum(a.duration_ms - coalesce(a.ttft_ms, 0)) FILTER (WHERE \(unescaped: streamed))
                FROM attempts a WHERE a.started_at >= \(from) GROUP BY 1, 2
                """, connection).map { row in
                let (model, provider) = (try row[0].decode(String.self), try row[1].decode(String.self))
                let tokens = try row[9].decode(Decimal?.self).map { NSDecimalNumber(decimal: $0).doubleValue }
                let streaming = try row[10].decode(Decimal?.self).map { NSDecimalNumber(decimal: $0).doubleValue }
                var speed: Double?
                if let tokens, let streaming, streaming > 0 { speed = tokens * 1000 / streaming }
                return ModelStats(model: model, provider: provider, requests: try Self.int(row[2]),
                                  successes: try Self.int(row[3]), cancelled: try Self.int(row[4]),
                                  errors: errors[model + "\u{0}" + provider] ?? [:],
                                  ttftP50: try row[5].decode(Int64?.self), ttftP95: try row[6].decode(Int64?.self),
                                  durationP50: try row[7].decode(Int64?.self), durationP95: try row[8].decode(Int64?.self),
                                  outputTokensPerSecond: speed)
            }.sorted(by: ModelStats.inReportOrder)
        }
    }

    public func modelStats(since: Date) async throws -> [String: ModelStatsSnapshot] {
        ModelStatsSnapshot.byModel(try await modelStatsReport(since: since))
    }

    // MARK: Spend rows

    /// What one grouping groups by, the joins it needs, and the key of attempts it finds none for. Days: the
    /// index of the day (1-based) among the day starts bound as the query's second parameter.
    private static func spendKey(_ grouping: SpendReport.Grouping) -> (key: String, join: String, missing: String) {
        let turn = "JOIN turns t ON t.id = a.turn_id "
        switch grouping {
        case .model: return ("a.model", "", "")
        case .provider: return ("a.provider", "", "")
        case .day: return ("width_bucket(a.started_at, $2::bigint[])", "", "")
        case .session: return ("t.session_id::text", turn + "LEFT JOIN sessions s ON s.id = t.session_id", "(deleted)")
        case .key: return ("k.name", turn + "LEFT JOIN gateway_keys k ON k.id = t.gateway_key_id", "(no key)")
        case .tag: return ("g.tag", turn + "LEFT JOIN turn_tags g ON g.turn_id = t.id", "(untagged)")
        }
    }

    /// Requests, known cost (sum and count), reported cost, token sums and cost mismatches of a group.
    private static let spendSums = """
        count(*), sum(a.cost)::text, count(a.cost), sum(a.cost_reported)::text, sum(a.input_tokens), sum(a.output_tokens),
        sum(a.cache_read_tokens), sum(a.cache_write_tokens), sum(a.reasoning_tokens), sum(a.cache_write_1h_tokens),
        sum(a.image_inputs), count(*) FILTER (WHERE abs(a.cost - a.cost_reported) > 0.000000001)
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
