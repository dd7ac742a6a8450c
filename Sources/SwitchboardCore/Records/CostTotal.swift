import Foundation

/// A sum of costs where some may be unknown: the known part is exact, the unknown ones are counted, never taken
/// as zero.
public struct CostTotal: Sendable, Hashable {
    /// Sum of the known costs.
    public var known: Money
    /// How many costs went into `known`.
    public var knownCount: Int
    /// How many costs were unknown (a price was missing).
    public var unknownCount: Int

    public init(known: Money = .zero, knownCount: Int = 0, unknownCount: Int = 0) {
        self.known = known
        self.knownCount = knownCount
        self.unknownCount = unknownCount
    }

    public static let zero = CostTotal()

    public mutating func add(_ cost: Money?) {
        if let cost {
            known += cost
            knownCount += 1
        } else {
            unknownCount += 1
        }
    }

    /// The known sum, or nil when every cost was unknown.
    public var knownOrNil: Money? { knownCount == 0 && unknownCount > 0 ? nil : known }

    /// "$0.0012", "$0.0012 + 2 unknown", or "unknown".
    public var displayString: String {
        guard unknownCount > 0 else { return known.description }
        guard knownCount > 0 else { return "unknown" }
        return "\(known) + \(unknownCount) unknown"
    }
}
