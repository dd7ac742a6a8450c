import Foundation

/// `[tools]`: how far one turn's tool loop may go.
public struct ToolSettings: Sendable, Hashable {
    /// Model replies per turn, the first included; the loop stops after this many even if the model calls again.
    public var maxSteps: Int
    /// No further step starts once the turn's steps have cost this much (USD); nil: no cap but the budget's.
    public var maxTurnUSD: Decimal?

    public static let defaultMaxSteps = 8

    public init(maxSteps: Int = ToolSettings.defaultMaxSteps, maxTurnUSD: Decimal? = nil) {
        self.maxSteps = maxSteps
        self.maxTurnUSD = maxTurnUSD
    }
}
