import Foundation
import PostgresNIO
import SwitchboardCore

/// Spend and stats from the attempts ledger, summed by PostgreSQL: a month of a team's traffic is a million
/// attempts, which must not cross the wire one by one. Money is summed as numeric (exact) and read back as text;
/// percentiles are nearest-rank (`percentile_disc`), as `Samples` computes them. The SQLite store reads each
/// attempt and sums in Swift; both give the same report (the contract tests check it).
extension PostgresStore {
    /// Today and month to date, by local calendar day, from every attempt of a stored turn.
    public func spend(now: Date, calendar: Calendar) async throws -> SpendSnapshot {
        let monthStart = Self.millis(calendar.dateInterval(of: .month, for: now)?.start ?? now)
        let day = calendar.dateInterval(of: .day, for: now)
        let (dayStart, dayEnd) = (day.map { Self.millis($0.start) } ?? Int64.max, day.map { Self.millis($0.end) } ?? Int64.max)
        guard let row = try await query("""
            SELECT sum(a.cost)::text, count(a.cost), count(*) - count(a.cost),
                   sum(a.cost) FILTER (WHERE a.started_at >= \(dayStart) AND a.started_at < \(dayEnd))::text,
                   count(a.cost) FILTER (WHERE a.started_at >= \(dayStart) AND a.started_at < \(dayEnd)),
                   count(*) FILTER (WHERE a.cost IS NULL AND a.started_at >= \(dayStart) AND a.started_at < \(dayEnd))
            FROM attempts a JOIN turns t ON t.id = a.turn_id WHERE a.started_at >= \(monthStart)
            """, doing: "read spend").collect().first?.makeRandomAccess() else {
            return SpendSnapshot(today: .zero, month: .zero, incomplete: false)
        }
        let month = CostTotal(known: try Self.money(row[0]) ?? .zero, knownCount: try Self.int(row[1]),
                              unknownCount: try Self.int(row[2]))
        let today = CostTotal(known: try Self.money(row[3]) ?? .zero, knownCount: try Self.int(row[4]),
                              unknownCount: try Self.int(row[5]))
        return SpendSnapshot(today: today.knownOrNil, month: month.knownOrNil, incomplete: month.unknownCount > 0)
    }

    public func spendReport(by grouping: SpendReport.Grouping, since: Date?, calendar: Calendar) async throws -> SpendReport {
        let from = since.map(Self.millis) ?? Int64.min
        let zone = calendar.timeZone.identifier
        let (key, join, missing) = Self.spendKey(grouping)
        return try await reading("read the spend report") { connection in
            let rows = try await self.rows("""
                SELECT \(unescaped: key) AS key, max(s.title), \(unescaped: Self.spendSums)
                FROM attempts a JOIN turns t ON t.id = a.turn_id LEFT JOIN sessions s ON s.id = t.session_id
                \(unescaped: join)
                WHERE a.started_at >= \(from) AND \(zone) IS NOT NULL
                GROUP BY 1
                """, connection).map { row in
                let key = try row[0].decode(String?.self)
                let label = grouping == .session ? try row[1].decode(String?.self) : nil
                return try Self.spendRow(row, key: key ?? missing, label: label, from: 2)
            }
            guard let totals = try await self.first("""
                SELECT \(unescaped: Self.spendSums) FROM attempts a JOIN turns t ON t.id = a.turn_id
                WHERE a.started_at >= \(from)
                """, connection) else { throw PostgresStoreError.database(doing: "read the spend report", message: "no total") }
            return SpendReport(grouping: grouping, since: since, rows: SpendReport.sorted(rows, grouping),
                               total: try Self.spendRow(totals, key: "total", label: nil, from: 0))
        }
    }

    public func modelStatsReport(since: Date?) async throws -> [ModelStats] {
        let from = since.map(Self.millis) ?? Int64.min
        return try await reading("read stats") { connection in
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

    /// What one grouping groups by, the joins it needs, and the key of attempts it finds none for.
    private static func spendKey(_ grouping: SpendReport.Grouping) -> (key: String, join: String, missing: String) {
        switch grouping {
        case .model: ("a.model", "", "")
        case .provider: ("a.provider", "", "")
        // The local calendar day of the report's calendar (its time zone, bound as the query's parameter $1).
        case .day: ("to_char(to_timestamp(a.started_at / 1000.0) AT TIME ZONE $2, 'YYYY-MM-DD')", "", "")
        case .session: ("s.id::text", "", "(deleted)")
        case .key: ("k.name", "LEFT JOIN gateway_keys k ON k.id = t.gateway_key_id", "(no key)")
        case .tag: ("g.tag", "LEFT JOIN turn_tags g ON g.turn_id = t.id", "(untagged)")
        }
    }

    /// Requests, known cost (sum and count), reported cost, token sums and cost mismatches of a group.
    private static let spendSums = """
        count(*), sum(a.cost)::text, count(a.cost), sum(a.cost_reported)::text, sum(a.input_tokens), sum(a.output_tokens),
        sum(a.cache_read_tokens), sum(a.cache_write_tokens), sum(a.reasoning_tokens), sum(a.cache_write_1h_tokens),
        sum(a.image_inputs), count(*) FILTER (WHERE abs(a.cost - a.cost_reported) > 0.000000001)
        """

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
