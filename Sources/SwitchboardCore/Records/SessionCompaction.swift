import Foundation

/// Older turns of a session summarised by a model: from then on the summary is sent in their place (the
/// originals stay stored and shown). It covers the branch up to and including the reply of `throughTurn`.
public struct SessionCompaction: Sendable, Hashable {
    /// The turn the summary was written under: its attempts (and their cost) are in the ledger like any turn's.
    public var turn: UUID
    /// The last turn the summary stands for; later turns are sent as they are.
    public var throughTurn: UUID
    public var summary: String
    /// Turns summarised by this compaction (not counting those an earlier summary already held).
    public var turns: Int
    /// Estimated tokens of what the summary replaces (an earlier summary included), and of the summary.
    public var tokensBefore: Int
    public var tokensAfter: Int
    public var model: String?
    public var provider: String?
    public var usage: Usage?
    /// Nil when the price is unknown.
    public var cost: Money?
    public var createdAt: Date

    public init(turn: UUID, throughTurn: UUID, summary: String, turns: Int, tokensBefore: Int, tokensAfter: Int,
                model: String? = nil, provider: String? = nil, usage: Usage? = nil, cost: Money? = nil,
                createdAt: Date = Date()) {
        self.turn = turn
        self.throughTurn = throughTurn
        self.summary = summary
        self.turns = turns
        self.tokensBefore = tokensBefore
        self.tokensAfter = tokensAfter
        self.model = model
        self.provider = provider
        self.usage = usage
        self.cost = cost
        self.createdAt = createdAt
    }

    /// What is sent in place of the summarised turns.
    public var message: ChatMessage { Self.message(summary) }

    public static func message(_ summary: String) -> ChatMessage {
        .system("Summary of the earlier conversation (its turns were compacted into this summary; "
                + "continue from it as if they were still here):\n\n" + summary)
    }

    /// The divider's words: `compacted 12 turns into a summary (48,210 tokens → 1,930)`.
    public var dividerText: String {
        "compacted \(turns) turn\(turns == 1 ? "" : "s") into a summary (\(Self.count(tokensBefore)) tokens → \(Self.count(tokensAfter)))"
    }

    static func count(_ value: Int) -> String {
        let formatter = NumberFormatter()
        formatter.numberStyle = .decimal
        formatter.usesGroupingSeparator = true
        formatter.groupingSeparator = ","
        formatter.groupingSize = 3
        return formatter.string(from: NSNumber(value: value)) ?? String(value)
    }
}
