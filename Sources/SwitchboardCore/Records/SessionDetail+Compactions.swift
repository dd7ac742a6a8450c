import Foundation

extension SessionDetail {
    /// The summaries that end with `entry`'s reply (shown after it by `history show` and the Markdown export).
    public func compactions(endingAt entry: Entry) -> [SessionCompaction] {
        guard entry.message.role == .assistant, let turn = entry.message.turnID else { return [] }
        return compactions.filter { $0.throughTurn == turn }
    }
}

extension SessionCompaction {
    /// `compacted 2 turns into a summary (40 tokens → 12) · demo/mini · $0.000012`, for listings.
    public var summaryLine: String {
        dividerText + " · " + (model ?? "unknown model") + " · " + cost.displayString
    }
}
