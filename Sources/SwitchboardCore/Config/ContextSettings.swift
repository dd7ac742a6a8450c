import Foundation

/// `[context]`: how the workbench keeps a long conversation within the model's window.
public struct ContextSettings: Sendable, Hashable {
    /// `auto_compact_at`: before a turn that would fill more than this share of the window (0 < x ≤ 1), the
    /// conversation so far is compacted into a summary first. Nil (unset) never compacts by itself.
    public var autoCompactAt: Decimal?
    /// `compact_model`: the model that writes summaries; nil picks the cheapest available one.
    public var compactModel: String?

    public init(autoCompactAt: Decimal? = nil, compactModel: String? = nil) {
        self.autoCompactAt = autoCompactAt
        self.compactModel = compactModel
    }
}
