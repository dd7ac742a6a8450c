import Foundation

/// Compares the cost Switchboard computed from catalog prices with the one a provider reported (OpenRouter's
/// `usage.cost`). Both are kept; a difference above `tolerance` is flagged so that `spend` and the workbench can
/// show it, since it means the catalog's prices (or the usage) do not match what was billed.
public enum CostCheck {
    /// One billionth of a dollar: below any price step, above Decimal rounding.
    public static let tolerance = Decimal(sign: .plus, exponent: -9, significand: 1)

    /// True when both costs are known and differ by more than `tolerance`. An unknown computed cost is not a
    /// difference: it is shown as unknown already.
    public static func differs(computed: Money?, reported: Money?) -> Bool {
        guard let computed, let reported else { return false }
        return abs(computed.amount - reported.amount) > tolerance
    }
}

extension AttemptRecord {
    /// The provider reported a cost that differs from the computed one.
    public var costDiffers: Bool { CostCheck.differs(computed: cost, reported: reportedCost) }
}

extension TurnSummary {
    /// The provider reported a cost for this turn that differs from the computed one.
    public var costDiffers: Bool { CostCheck.differs(computed: cost, reported: reportedCost) }
}
