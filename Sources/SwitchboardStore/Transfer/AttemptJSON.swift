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
    var httpStatus: Int?
    var error: String?
    var startedAt: String
    var ttftMs: Int64?
    var durationMs: Int64
    var usage: UsageJSON
    var cost: String?
    var costReported: String?

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

    func record(turn: UUID) throws -> AttemptRecord {
        guard let started = StoredTime.parseISO(startedAt) else {
            throw StoreError.invalidImport(detail: "attempt started_at '\(startedAt)' is not an ISO 8601 time")
        }
        return AttemptRecord(turnID: turn, ordinal: ordinal, model: model, provider: provider,
                             providerModel: providerModel, reason: reason,
                             outcome: RowDecoding.outcome(outcome, afterFirstToken: afterFirstToken), status: httpStatus,
                             errorMessage: error, startedAt: StoredTime.date(started),
                             ttft: ttftMs.map(StoredTime.duration), duration: StoredTime.duration(durationMs),
                             usage: usage.usage, cost: try TransferMoney.parse(cost, "attempt cost"),
                             reportedCost: try TransferMoney.parse(costReported, "attempt cost_reported"))
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(ordinal, forKey: .ordinal)
        try container.encode(model, forKey: .model)
        try container.encode(provider, forKey: .provider)
        try container.encode(providerModel, forKey: .providerModel)
        try container.encode(reason, forKey: .reason)
        try container.encode(outcome, forKey: .outcome)
        try container.encode(afterFirstToken, forKey: .afterFirstToken)
        try container.encode(httpStatus, forKey: .httpStatus)
        try container.encode(error, forKey: .error)
        try container.encode(startedAt, forKey: .startedAt)
        try container.encode(ttftMs, forKey: .ttftMs)
        try container.encode(durationMs, forKey: .durationMs)
        try container.encode(usage, forKey: .usage)
        try container.encode(cost, forKey: .cost)
        try container.encode(costReported, forKey: .costReported)
    }
}

/// Money in files is an exact decimal string; anything else is refused rather than guessed.
enum TransferMoney {
    static func parse(_ text: String?, _ field: String) throws -> Money? {
        guard let text else { return nil }
        guard let money = Money(decimalString: text), text.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" }) else {
            throw StoreError.invalidImport(detail: "\(field) '\(text)' is not a decimal number")
        }
        return money
    }
}
