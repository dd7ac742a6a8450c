import Foundation

/// Output tokens per second per deployment (`provider/providerModel`), from attempts the ledger recorded:
/// what `:nitro` sorts by once there is data.
public enum ObservedThroughput {
    public static func rates(from attempts: [AttemptRecord]) -> [String: Double] {
        var sums: [String: (tokens: Double, seconds: Double)] = [:]
        for attempt in attempts where attempt.outcome == .success && attempt.usage.output > 0 {
            guard let ttft = attempt.ttft else { continue }
            let generating = (attempt.duration - ttft).seconds
            guard generating > 0 else { continue }
            let key = attempt.provider + "/" + attempt.providerModel
            let sum = sums[key] ?? (0, 0)
            sums[key] = (sum.tokens + Double(attempt.usage.output), sum.seconds + generating)
        }
        return sums.mapValues { $0.tokens / $0.seconds }
    }
}
