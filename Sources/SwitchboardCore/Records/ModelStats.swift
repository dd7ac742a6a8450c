import Foundation


/// How one model behaved on one provider, from the attempts ledger.
public struct ModelStats: Sendable, Hashable {
    public var model: String
    public var provider: String
    /// Attempts.
    public var requests: Int
    public var successes: Int
    public var cancelled: Int
    /// Failed attempts by error class (`rate_limited`, `timeout`, ...).
    public var errors: [String: Int]
    /// Time to first token, over attempts that got one (milliseconds).
    public var ttftP50: Int64?
    public var ttftP95: Int64?
    /// Whole-attempt duration over successful attempts (milliseconds).
    public var durationP50: Int64?
    public var durationP95: Int64?
    /// Output tokens per second after the first token, over successful attempts.
    public var outputTokensPerSecond: Double?

    public var errorCount: Int { errors.values.reduce(0, +) }
    /// Failed attempts over all attempts (cancellations are not errors).
    public var errorRate: Double { requests == 0 ? 0 : Double(errorCount) / Double(requests) }

    public init(model: String, provider: String, requests: Int, successes: Int, cancelled: Int, errors: [String: Int],
                ttftP50: Int64?, ttftP95: Int64?, durationP50: Int64?, durationP95: Int64?,
                outputTokensPerSecond: Double?) {
        self.model = model
        self.provider = provider
        self.requests = requests
        self.successes = successes
        self.cancelled = cancelled
        self.errors = errors
        self.ttftP50 = ttftP50
        self.ttftP95 = ttftP95
        self.durationP50 = durationP50
        self.durationP95 = durationP95
        self.outputTokensPerSecond = outputTokensPerSecond
    }

    /// One ledger line as the statistics read it (the store reads them; the figures are computed here).
    public struct Sample: Sendable {
        var model: String
        var provider: String
        var outcome: String
        var ttftMs: Int64?
        var durationMs: Int64
        var outputTokens: Int

        public init(model: String, provider: String, outcome: String, ttftMs: Int64?, durationMs: Int64, outputTokens: Int) {
            self.model = model
            self.provider = provider
            self.outcome = outcome
            self.ttftMs = ttftMs
            self.durationMs = durationMs
            self.outputTokens = outputTokens
        }
    }

    /// Per model and provider, most requests first.
    public static func build(_ samples: [Sample]) -> [ModelStats] {
        var groups: [String: [Sample]] = [:]
        var order: [String] = []
        for sample in samples {
            let key = sample.model + "\u{0}" + sample.provider
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(sample)
        }
        return order.compactMap { key -> ModelStats? in
            guard let group = groups[key], let first = group.first else { return nil }
            let successful = group.filter { $0.outcome == "success" }
            var errors: [String: Int] = [:]
            // Still running is not an error (yet); an interrupted attempt is counted as one, by its own name.
            for sample in group where !["success", "cancelled", "in_flight"].contains(sample.outcome) {
                errors[sample.outcome, default: 0] += 1
            }
            let ttfts = Samples(group.compactMap(\.ttftMs)).percentiles([50, 95])
            let durations = Samples(successful.map(\.durationMs)).percentiles([50, 95])
            var tokens = 0
            var milliseconds: Int64 = 0
            for sample in successful where sample.outputTokens > 0 {
                let streaming = sample.durationMs - (sample.ttftMs ?? 0)
                guard streaming > 0 else { continue }
                tokens += sample.outputTokens
                milliseconds += streaming
            }
            return ModelStats(model: first.model, provider: first.provider, requests: group.count,
                              successes: successful.count, cancelled: group.filter { $0.outcome == "cancelled" }.count,
                              errors: errors, ttftP50: ttfts[0], ttftP95: ttfts[1],
                              durationP50: durations[0], durationP95: durations[1],
                              outputTokensPerSecond: milliseconds > 0 ? Double(tokens) * 1000 / Double(milliseconds) : nil)
        }.sorted(by: inReportOrder)
    }

    /// Most requests first, then by model and provider: the order `stats` lists rows in, whoever built them.
    public static func inReportOrder(_ a: ModelStats, _ b: ModelStats) -> Bool {
        (a.requests, b.model, b.provider) > (b.requests, a.model, a.provider)
    }
}
