/// Which rows a report reads for its time range ("p5 report rollups"): the range is cut at its boundaries (local
/// day starts) into intervals, and each interval is read from the widest rollup buckets that fit inside it (UTC
/// days, then hours, then quarter hours); what lies inside a quarter hour that a boundary or the range's start cuts
/// is read attempt by attempt. Every bucket read lies inside one interval, so a bucket's start tells its interval,
/// and the answer is the same as reading every attempt, whatever the time zone or `--since`.
///
/// The SQL it makes holds integers only (times in milliseconds), written into the text.
struct PostgresRollupWindow: Sendable {
    static let quarterHour: Int64 = 900_000
    static let utcDay: Int64 = 86_400_000
    /// The rollups' bucket widths, widest first.
    static let widths: [Int64] = [utcDay, 3_600_000, quarterHour]

    /// Buckets of `width` with a start in [lower, upper).
    private(set) var buckets: [(width: Int64, lower: Int64, upper: Int64)] = []
    /// Attempts read one by one: started in [lower, upper).
    private(set) var raw: [(lower: Int64, upper: Int64)] = []

    /// Attempts from `from` (nil: all), cut at `boundaries`.
    init(from: Int64?, boundaries: [Int64] = []) {
        // A range that starts before any attempt can have is all of them.
        let from = from.flatMap { $0 > -(Int64(1) << 60) ? $0 : nil }
        let cuts = Set(boundaries).filter { boundary in from.map { boundary > $0 } ?? true }.sorted()
        let edges: [Int64?] = [from] + cuts.map { Optional($0) } + [nil]
        for index in 0..<(edges.count - 1) { add(from: edges[index], to: edges[index + 1]) }
        merge()
    }

    /// One interval [lower, upper), nil for no end.
    private mutating func add(from lower: Int64?, to upper: Int64?) {
        let quarter = Self.quarterHour
        var (a, b) = (lower, upper)
        if let lower, let upper, Self.floor(upper, quarter) < Self.ceiling(lower, quarter) {
            raw.append((lower, upper))  // within one quarter hour
            return
        }
        if let lower, Self.floor(lower, quarter) != lower {
            a = Self.ceiling(lower, quarter)
            raw.append((lower, Self.ceiling(lower, quarter)))
        }
        if let upper, Self.floor(upper, quarter) != upper {
            b = Self.floor(upper, quarter)
            raw.append((Self.floor(upper, quarter), upper))
        }
        if let a, let b, a >= b { return }
        split(a, b, level: 0)
    }

    /// [a, b), both on quarter hours (nil: no end), in the widest buckets that fit.
    private mutating func split(_ a: Int64?, _ b: Int64?, level: Int) {
        let width = Self.widths[level]
        let first = a.map { Self.ceiling($0, width) }
        let last = b.map { Self.floor($0, width) }
        if level == Self.widths.count - 1 || first == nil || last == nil || (first ?? 0) < (last ?? 0) {
            buckets.append((width, first ?? Int64.min, last ?? Int64.max))
            if let a, let first, a < first { split(a, first, level: level + 1) }
            if let b, let last, last < b { split(last, b, level: level + 1) }
        } else {
            split(a, b, level: level + 1)
        }
    }

    /// Adjacent ranges of one width as one (a UTC report's days are one range of day buckets).
    private mutating func merge() {
        var merged: [(width: Int64, lower: Int64, upper: Int64)] = []
        for range in buckets.sorted(by: { ($0.width, $0.lower) < ($1.width, $1.lower) }) where range.lower < range.upper {
            if let last = merged.last, last.width == range.width, last.upper == range.lower {
                merged[merged.count - 1].upper = range.upper
            } else {
                merged.append(range)
            }
        }
        buckets = merged
    }

    static func floor(_ time: Int64, _ width: Int64) -> Int64 {
        let remainder = time % width
        return remainder < 0 ? time - remainder - width : time - remainder
    }

    static func ceiling(_ time: Int64, _ width: Int64) -> Int64 {
        let down = floor(time, width)
        return down == time ? time : down + width
    }

    /// The spend and stats sums of the range: one row per rollup bucket, not yet folded change or raw attempt, as
    /// `t` (the bucket's start, or the attempt's own) and the columns of `attempt_rollup_changes` after `bucket`.
    var rollupRows: String {
        rows(table: "attempt_rollups", changes: "attempt_rollup_changes", of: "attempt_rollup_of", columns: """
            model, provider, outcome, requests, known, cost, reported, cost_reported, input_tokens, output_tokens,
            cache_read_tokens, cache_write_tokens, reasoning_tokens, cache_write_1h_tokens, image_inputs, mismatches,
            streamed_tokens, streamed_ms
            """)
    }

    /// The same by session, key and tag ("p6"): `t`, kind, value and the sums of `attempt_group_changes`.
    var groupRows: String {
        rows(table: "attempt_group_rollups", changes: "attempt_group_changes", of: "attempt_groups_of", columns: """
            kind, value, requests, known, cost, reported, cost_reported, input_tokens, output_tokens, cache_read_tokens,
            cache_write_tokens, reasoning_tokens, cache_write_1h_tokens, image_inputs, mismatches
            """)
    }

    private func rows(table: String, changes: String, of function: String, columns: String) -> String {
        let prefixed = { (alias: String) in
            columns.split(separator: ",").map { "\(alias).\($0.trimmingCharacters(in: .whitespacesAndNewlines))" }
                .joined(separator: ", ")
        }
        var parts: [String] = []
        if !buckets.isEmpty {
            // Changes are quarter hours: each lies in one of the ranges, whatever their width.
            parts.append("""
                SELECT x.bucket AS t, \(prefixed("x"))
                FROM unnest(\(Self.array(buckets.map(\.width))), \(Self.array(buckets.map(\.lower))),
                            \(Self.array(buckets.map(\.upper)))) r (width, lower, upper)
                JOIN \(table) x ON x.width = r.width AND x.bucket >= r.lower AND x.bucket < r.upper
                """)
            parts.append("""
                SELECT x.bucket AS t, \(prefixed("x")) FROM \(changes) x
                WHERE EXISTS (SELECT 1 FROM unnest(\(Self.array(buckets.map(\.lower))), \(Self.array(buckets.map(\.upper))))
                              r (lower, upper) WHERE x.bucket >= r.lower AND x.bucket < r.upper)
                """)
        }
        if !raw.isEmpty {
            parts.append("""
                SELECT a.started_at AS t, \(prefixed("r"))
                FROM unnest(\(Self.array(raw.map(\.lower))), \(Self.array(raw.map(\.upper)))) w (lower, upper)
                JOIN attempts a ON a.started_at >= w.lower AND a.started_at < w.upper
                CROSS JOIN LATERAL \(function)(a, 1) r
                """)
        }
        // An empty range: no row, with the columns' types.
        if parts.isEmpty { return "SELECT 0::bigint AS t, \(prefixed("x")) FROM \(changes) x WHERE false" }
        return parts.joined(separator: "\nUNION ALL ")
    }

    /// The timing counts of the attempts from `from` on by bin, as model, provider, metric, bin, n: whole blocks of
    /// 8 UTC days, the whole days before the first of them, the changes not folded yet (days), and the partial day
    /// at `from` attempt by attempt.
    static func timingBins(from: Int64?) -> String {
        let block = 8 * utcDay
        let columns = { (bin: String) in "x.model, x.provider, x.metric, \(bin) AS bin, x.n" }
        let changed = columns("switchboard_timing_bin(x.value)")
        guard let from = from.flatMap({ $0 > -(Int64(1) << 60) ? $0 : nil }) else {
            return "SELECT \(columns("x.bin")) FROM attempt_timing_bins x WHERE x.days = 8 "
                + "UNION ALL SELECT \(changed) FROM attempt_timing_changes x"
        }
        let firstDay = ceiling(from, utcDay)
        let firstBlock = ceiling(firstDay, block)
        var parts = [
            """
            SELECT \(columns("x.bin")) FROM attempt_timing_bins x
            WHERE x.days = 8 AND x.start >= \(firstBlock) OR x.days = 1 AND x.start >= \(firstDay) AND x.start < \(firstBlock)
            """,
            "SELECT \(changed) FROM attempt_timing_changes x WHERE x.start >= \(firstDay)",
        ]
        if from < firstDay {
            parts.append("""
                SELECT \(changed) FROM attempts a CROSS JOIN LATERAL attempt_timings_of(a, 1) x
                WHERE a.started_at >= \(from) AND a.started_at < \(firstDay)
                """)
        }
        return parts.joined(separator: "\nUNION ALL ")
    }

    /// The timings of the attempts from `from` on that fall in the bin of the target row `q` (model, provider,
    /// metric, bin, upper), as value: read from the attempts through their indexes by timing.
    static func timingsInBin(from: Int64?, of q: String) -> String {
        let since = from.map { " AND a.started_at >= \($0)" } ?? ""
        let match = " AND a.model = \(q).model AND a.provider = \(q).provider"
        return """
            SELECT a.ttft_ms AS value FROM attempts a
            WHERE \(q).metric = 1\(match) AND a.ttft_ms >= \(q).bin AND a.ttft_ms < \(q).upper\(since)
            UNION ALL SELECT a.duration_ms FROM attempts a
            WHERE \(q).metric = 2 AND a.outcome = 'success'\(match) AND a.duration_ms >= \(q).bin
                AND a.duration_ms < \(q).upper\(since)
            """
    }

    static func array(_ values: [Int64]) -> String {
        "'{" + values.map(String.init).joined(separator: ",") + "}'::bigint[]"
    }
}
