import Foundation
import SwitchboardCore

/// A summary of older turns in a session export (version 4): `through` is the index into `messages` of the reply
/// it ends with; `turn` the summary's own turn (its attempts are in the ledger, not in the file).
struct CompactionJSON: Codable, Equatable {
    var through: Int
    var turn: String
    var turns: Int
    var tokensBefore: Int
    var tokensAfter: Int
    @ExplicitNull var model: String?
    @ExplicitNull var provider: String?
    @ExplicitNull var inputTokens: Int?
    @ExplicitNull var outputTokens: Int?
    @ExplicitNull var cost: String?
    var createdAt: String
    var summary: String

    enum CodingKeys: String, CodingKey {
        case through, turn, turns, tokensBefore = "tokens_before", tokensAfter = "tokens_after", model, provider,
             inputTokens = "input_tokens", outputTokens = "output_tokens", cost, createdAt = "created_at", summary
    }

    /// Nil when the reply it ends with is not among `messages` (it cannot be: the store keeps them together).
    init?(_ compaction: SessionCompaction, in messages: [StoredMessage]) {
        guard let through = messages.lastIndex(where: { $0.turnID == compaction.throughTurn && $0.role == .assistant }) else {
            return nil
        }
        self.through = through
        turn = compaction.turn.uuidString.lowercased()
        turns = compaction.turns
        tokensBefore = compaction.tokensBefore
        tokensAfter = compaction.tokensAfter
        model = compaction.model
        provider = compaction.provider
        inputTokens = compaction.usage?.input
        outputTokens = compaction.usage?.output
        cost = compaction.cost?.decimalString
        createdAt = StoredTime.iso(StoredTime.millis(compaction.createdAt))
        summary = compaction.summary
    }

    /// The stored summary, checked against the messages it came with.
    func compaction(messages: [StoredMessage], place: String) throws -> (through: Int, compaction: SessionCompaction) {
        guard messages.indices.contains(through), messages[through].role == .assistant,
              let throughTurn = messages[through].turnID else {
            throw StoreError.invalidImport(detail: "\(place): through \(through) is not a reply among its \(messages.count) messages")
        }
        guard let turn = UUID(uuidString: turn) else {
            throw StoreError.invalidImport(detail: "\(place): turn '\(self.turn)' is not a UUID")
        }
        guard turns >= 0, tokensBefore >= 0, tokensAfter >= 0, (inputTokens ?? 0) >= 0, (outputTokens ?? 0) >= 0 else {
            throw StoreError.invalidImport(detail: "\(place): counts cannot be negative")
        }
        let compaction = SessionCompaction(
            turn: turn, throughTurn: throughTurn, summary: summary, turns: turns, tokensBefore: tokensBefore,
            tokensAfter: tokensAfter, model: model, provider: provider,
            usage: inputTokens.map { Usage(input: $0, output: outputTokens ?? 0) },
            cost: try ImportChecks.money(cost, "\(place) cost"), createdAt: try ImportChecks.time(createdAt, "\(place) created_at"))
        return (through, compaction)
    }
}
