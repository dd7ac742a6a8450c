import Foundation

/// Stored spend today and this month. A nil amount means a price was unknown and nothing known was spent.
public struct SpendSnapshot: Sendable, Equatable {
    public var today: Money?
    public var month: Money?
    /// True when some attempt's cost is unknown, so the amounts are lower bounds.
    public var incomplete: Bool

    public init(today: Money?, month: Money?, incomplete: Bool = false) {
        self.today = today
        self.month = month
        self.incomplete = incomplete
    }
}
