import Foundation
import SwitchboardCore

/// One attempt in exports and in `history show --json`. Unknown values are `null`, never left out.
struct AttemptJSON: Codable, Equatable {
    var ordinal: Int
    var model: String
    var provider: String
    var providerModel: String
    var reason: String
    var outcome: String
    var afterFirstToken: Bool
    @ExplicitNull var httpStatus: Int?
    @ExplicitNull var error: String?
    var startedAt: String
    @ExplicitNull var ttftMs: Int64?
    var durationMs: Int64
    var usage: UsageJSON
    @ExplicitNull var cost: String?
    @ExplicitNull var costReported: String?

    enum CodingKeys: String, CodingKey {
        case ordinal, model, provider, providerModel = "provider_model", reason, outcome,
             afterFirstToken = "after_first_token", httpStatus = "http_status", error, startedAt = "started_at",
             ttftMs = "ttft_ms", durationMs = "duration_ms", usage, cost, costReported = "cost_reported"
    }

    init(_ attempt: AttemptRecord) {
        ordinal = attempt.ordinal
        model = attempt.model
        provider = attempt.provider
        providerModel = attempt.providerModel
        reason = attempt.reason
        outcome = attempt.outcome.label
        if case .failed(_, let after) = attempt.outcome { afterFirstToken = after } else { afterFirstToken = false }
        httpStatus = attempt.status
        error = attempt.errorMessage
        startedAt = StoredTime.iso(StoredTime.millis(attempt.startedAt))
        ttftMs = attempt.ttft.map(StoredTime.millis)
        durationMs = StoredTime.millis(attempt.duration)
        usage = UsageJSON(attempt.usage)
        cost = attempt.cost?.decimalString
        costReported = attempt.reportedCost?.decimalString
    }

    /// The attempt as stored, every number range-checked (`ImportChecks`); `place` names it in errors.
    func record(turn: UUID, place: String) throws -> AttemptRecord {
        AttemptRecord(turnID: turn, ordinal: try ImportChecks.ordinal(ordinal, "\(place) ordinal"), model: model,
                      provider: provider, providerModel: providerModel, reason: reason,
                      outcome: RowDecoding.outcome(outcome, afterFirstToken: afterFirstToken),
                      status: try ImportChecks.httpStatus(httpStatus, "\(place) http_status"), errorMessage: error,
                      startedAt: try ImportChecks.time(startedAt, "\(place) started_at"),
                      ttft: try ImportChecks.millis(ttftMs, "\(place) ttft_ms").map(StoredTime.duration),
                      duration: StoredTime.duration(try ImportChecks.millis(durationMs, "\(place) duration_ms") ?? 0),
                      usage: try ImportChecks.tokens(usage, place),
                      cost: try ImportChecks.money(cost, "\(place) cost"),
                      reportedCost: try ImportChecks.money(costReported, "\(place) cost_reported"))
    }
}
