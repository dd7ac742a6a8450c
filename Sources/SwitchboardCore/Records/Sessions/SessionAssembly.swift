import Foundation

/// How a store turns its rows into the port's records, the same way whatever the database: the compared answers
/// awaiting a pick, the summary that stands for older turns, and which message each turn's attempts belong to.
extension ConversationTree {
    /// The compared answers awaiting a pick: the replies to the prompt the latest reply answers, when nothing was
    /// picked (no head) and there are several; only those after `columnsAfter` when it is set. Empty otherwise.
    public func pendingColumns(after columnsAfter: MessageID?) -> [StoredMessage] {
        guard head == nil, let last = headPath.last, last.role == .assistant else { return [] }
        let answers = siblings(of: last.id).filter { answer in columnsAfter.map { answer.id > $0 } ?? true }
        return answers.count > 1 ? answers : []
    }
}

extension SessionCompaction {
    /// The latest summary (of `all`, oldest first, each with the message it ends with) whose last message is on
    /// `branch`; nil when none applies.
    public static func latest(_ all: [(through: MessageID, compaction: SessionCompaction)],
                              on branch: [StoredMessage]) -> SessionCompaction? {
        let onBranch = Set(branch.map(\.id))
        return all.last { onBranch.contains($0.through) }?.compaction
    }

    /// `branch` as it is sent: the messages up to the summary's last one replaced by the summary.
    public static func compacted(_ branch: [StoredMessage],
                                 _ compaction: SessionCompaction?) -> (summary: ChatMessage?, rest: ArraySlice<StoredMessage>) {
        guard let compaction,
              let last = branch.lastIndex(where: { $0.turnID == compaction.throughTurn && $0.role == .assistant }) else {
            return (nil, branch[...])
        }
        return (compaction.message, branch[(last + 1)...])
    }

    /// What to send when the conversation continues: the system prompt, the summary in place of the turns it
    /// stands for, then the rest of `branch`. Failed replies with no text are left out; partial ones stay, since
    /// the person saw them. (The summary may end with a reply that failed before any text: it is found on the
    /// whole path, then the empty ones are left out.)
    public static func conversation(system: String?, branch: [StoredMessage],
                                    compaction: SessionCompaction?) -> [ChatMessage] {
        let (summary, rest) = compacted(branch, compaction)
        let kept = rest.filter { !($0.role == .assistant && $0.text.isEmpty && $0.status != .complete) }
        return (system.map { [ChatMessage.system($0)] } ?? []) + (summary.map { [$0] } ?? []) + kept.map(\.chatMessage)
    }
}

extension SessionDetail {
    /// Gives each turn's attempts to the reply of that turn (to the prompt when there is no reply).
    public static func entries(_ messages: [StoredMessage], attempts: [UUID: [AttemptRecord]],
                               routes: [UUID: String] = [:]) -> [Entry] {
        var owner: [UUID: MessageID] = [:]
        for message in messages {
            guard let turn = message.turnID else { continue }
            if message.role == .assistant || owner[turn] == nil { owner[turn] = message.id }
        }
        return messages.map { message in
            guard let turn = message.turnID, owner[turn] == message.id else { return .init(message: message, attempts: []) }
            return .init(message: message, attempts: attempts[turn] ?? [], route: routes[turn])
        }
    }
}

extension AttemptRecord.Outcome {
    /// The stored word back to an outcome. A class this build does not know reads as a server error.
    public init(label: String, afterFirstToken: Bool) {
        switch label {
        case "success": self = .success
        case "cancelled": self = .cancelled
        case "in_flight": self = .inFlight
        case "interrupted": self = .interrupted
        default: self = .failed(ProviderError.Kind(rawValue: label) ?? .server, afterFirstToken: afterFirstToken)
        }
    }
}

extension ModelStatsSnapshot {
    /// Per model: requests and errors summed over providers; the p50 TTFT of the provider listed first (the one
    /// that served it most).
    public static func byModel(_ rows: [ModelStats]) -> [String: ModelStatsSnapshot] {
        var result: [String: ModelStatsSnapshot] = [:]
        var errors: [String: Int] = [:]
        for row in rows {
            errors[row.model, default: 0] += row.errorCount
            var snapshot = result[row.model]
                ?? ModelStatsSnapshot(requests: 0, p50TTFT: row.ttftP50.map { .milliseconds($0) }, errorRate: 0)
            snapshot.requests += row.requests
            snapshot.errorRate = Double(errors[row.model] ?? 0) / Double(max(1, snapshot.requests))
            result[row.model] = snapshot
        }
        return result
    }
}
