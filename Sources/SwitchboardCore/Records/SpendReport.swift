import Foundation


/// Spend grouped one way, from the attempts ledger: every attempt counts, failed ones too when they were billed;
/// unknown costs are counted apart, never as zero.
public struct SpendReport: Sendable, Hashable {
    public enum Grouping: String, Sendable, CaseIterable {
        case model, provider, day, session
        /// `serve`'s gateway key a request was made with (`(no key)` for the others).
        case key
        /// A request's tags; a request with several counts under each, and once in the total (`(untagged)`: none).
        case tag
    }

    public struct Row: Sendable, Hashable {
        /// The model, provider, local day (`2025-06-15`) or session id; `(deleted)` for attempts of a deleted session.
        public var key: String
        /// The session's title when grouping by session.
        public var label: String?
        /// Attempts.
        public var requests: Int
        public var cost: CostTotal
        /// Sum of what providers reported, over the attempts where they did; nil when none did.
        public var reportedCost: Money?
        public var usage: Usage
        /// Attempts whose reported cost differs from the computed one (`CostCheck`): flagged, never hidden.
        public var costMismatches = 0

        public init(key: String, label: String? = nil, requests: Int = 0, cost: CostTotal = .zero,
                    reportedCost: Money? = nil, usage: Usage = .zero) {
            self.key = key
            self.label = label
            self.requests = requests
            self.cost = cost
            self.reportedCost = reportedCost
            self.usage = usage
        }

        public mutating func add(cost: Money?, reported: Money?, usage: Usage) {
            requests += 1
            self.cost.add(cost)
            if let reported { reportedCost = (reportedCost ?? .zero) + reported }
            if CostCheck.differs(computed: cost, reported: reported) { costMismatches += 1 }
            self.usage = self.usage + usage
        }
    }

    public var grouping: Grouping
    public var since: Date?
    public var rows: [Row]
    public var total: Row

    public init(grouping: Grouping, since: Date?, rows: [Row], total: Row) {
        self.grouping = grouping
        self.since = since
        self.rows = rows
        self.total = total
    }

    /// One ledger line as the report reads it (the store reads them; the sums are made here).
    public struct Entry: Sendable {
        var model: String
        var provider: String
        var startedAt: Date
        var session: String?
        var sessionTitle: String?
        var cost: Money?
        var reported: Money?
        var usage: Usage
        /// The gateway key's name, when the turn was made through `serve` with one.
        var key: String?
        var tags: [String]

        public init(model: String, provider: String, startedAt: Date, session: String?, sessionTitle: String?,
                    cost: Money?, reported: Money?, usage: Usage, key: String? = nil, tags: [String] = []) {
            self.key = key
            self.tags = tags
            self.model = model
            self.provider = provider
            self.startedAt = startedAt
            self.session = session
            self.sessionTitle = sessionTitle
            self.cost = cost
            self.reported = reported
            self.usage = usage
        }
    }

    /// Groups and sums. Days are local calendar days; days list in order, other keys by known cost, largest first.
    public static func build(_ entries: [Entry], grouping: Grouping, since: Date?, calendar: Calendar) -> SpendReport {
        var rows: [String: Row] = [:]
        var total = Row(key: "total")
        for entry in entries {
            var keys: [String]
            var label: String?
            switch grouping {
            case .model: keys = [entry.model]
            case .provider: keys = [entry.provider]
            case .day: keys = [day(entry.startedAt, calendar)]
            case .session:
                keys = [entry.session ?? "(deleted)"]
                label = entry.sessionTitle
            case .key: keys = [entry.key ?? "(no key)"]
            case .tag: keys = entry.tags.isEmpty ? ["(untagged)"] : entry.tags
            }
            for key in keys {
                rows[key, default: Row(key: key, label: label)].add(cost: entry.cost, reported: entry.reported, usage: entry.usage)
            }
            total.add(cost: entry.cost, reported: entry.reported, usage: entry.usage)
        }
        return SpendReport(grouping: grouping, since: since, rows: sorted(Array(rows.values), grouping), total: total)
    }

    /// Days in order, other keys by known cost, largest first: the order `spend` lists rows in, whoever summed them.
    public static func sorted(_ rows: [Row], _ grouping: Grouping) -> [Row] {
        rows.sorted { a, b in
            if grouping == .day { return a.key < b.key }
            if a.cost.known != b.cost.known { return a.cost.known > b.cost.known }
            return a.key < b.key
        }
    }

    public static func day(_ date: Date, _ calendar: Calendar) -> String {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }
}
