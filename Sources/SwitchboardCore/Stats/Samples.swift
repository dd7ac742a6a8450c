/// Measured values and their nearest-rank percentiles: the one definition `stats` and the benchmarks share, so a
/// p50 means the same thing in both. Percent is an integer so that the rank is exact (no 0.95 × n rounding).
public struct Samples<Value: Comparable & Sendable>: Sendable {
    public private(set) var values: [Value]

    public init(_ values: [Value] = []) {
        self.values = values
    }

    public mutating func append(_ value: Value) {
        values.append(value)
    }

    public var isEmpty: Bool { values.isEmpty }
    public var count: Int { values.count }

    /// The smallest value with at least `percent`% of the values at or below it (nearest rank); nil when empty.
    public func percentile(_ percent: Int) -> Value? {
        Self.percentile(percent, ofSorted: values.sorted())
    }

    /// `percentile(50)`: for an even count, the lower of the two middle values.
    public var median: Value? { percentile(50) }

    /// Several percentiles from one sort.
    public func percentiles(_ percents: [Int]) -> [Value?] {
        let sorted = values.sorted()
        return percents.map { Self.percentile($0, ofSorted: sorted) }
    }

    static func percentile(_ percent: Int, ofSorted sorted: [Value]) -> Value? {
        guard !sorted.isEmpty else { return nil }
        let clamped = min(max(percent, 0), 100)
        let rank = (clamped * sorted.count + 99) / 100
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }
}
