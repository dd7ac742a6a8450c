import SwitchboardCore

/// How a stored message was made: the keys a session export's `metadata[i]` and `history show --json`'s messages
/// share (`status`, `turn_id`, `requested_model`, `created_at`, `updated_at`, `attempts`, and the reply's fields).
/// Written into the enclosing object, not nested; each side adds its own keys beside them.
struct MessageFieldsJSON: DecodableFlattenedJSON, Equatable {
    struct Own: Codable, Equatable {
        var status: String
        @ExplicitNull var turnID: String?
        @ExplicitNull var requestedModel: String?
        var createdAt: String
        var updatedAt: String
        var attempts: [AttemptJSON]

        enum CodingKeys: String, CodingKey {
            case status, turnID = "turn_id", requestedModel = "requested_model", createdAt = "created_at",
                 updatedAt = "updated_at", attempts
        }
    }

    var own: Own
    var shared: ReplyFieldsJSON
}

extension MessageFieldsJSON {
    init(_ entry: SessionDetail.Entry) {
        let message = entry.message
        own = Own(status: message.status.rawValue, turnID: message.turnID?.uuidString.lowercased(),
                  requestedModel: message.requestedModel, createdAt: StoredTime.iso(StoredTime.millis(message.createdAt)),
                  updatedAt: StoredTime.iso(StoredTime.millis(message.updatedAt)), attempts: entry.attempts.map(AttemptJSON.init))
        shared = ReplyFieldsJSON(model: message.resolvedModel, provider: message.provider, usage: message.usage,
                                 cost: message.cost, reportedCost: message.reportedCost, ttftMs: message.ttftMs,
                                 durationMs: message.durationMs)
    }
}
