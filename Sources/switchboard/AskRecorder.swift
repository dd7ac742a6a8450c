import Foundation
import SwitchboardCore
import SwitchboardStore

/// Stores an `ask` turn while it happens: the prompt before the request leaves, the streamed answer in
/// checkpoints (at most every 250 ms) so a crash keeps what arrived, and how it ended.
final class AskRecorder: @unchecked Sendable {
    static let checkpointInterval: Duration = .milliseconds(250)

    let store: SQLiteStore
    let sessionID: UUID
    private let turnID: UUID
    private let assistantID: MessageID
    // Touched only from the task that consumes the engine's events.
    private var text = ""
    private var lastCheckpoint = ContinuousClock.now
    private var checkpointedLength = 0

    /// Commits the user's message and an empty assistant reply marked incomplete.
    convenience init(store: SQLiteStore, session: UUID, turn: UUID, prompt: String, requestedModel: String) throws {
        let user = try store.appendUserMessage(session: session, turn: turn, text: prompt)
        try self.init(store: store, session: session, turn: turn, replyingTo: user, requestedModel: requestedModel)
    }

    /// Opens a reply to an already stored message (compare mode stores one prompt and several replies).
    init(store: SQLiteStore, session: UUID, turn: UUID, replyingTo parent: MessageID, requestedModel: String) throws {
        self.store = store
        self.sessionID = session
        self.turnID = turn
        assistantID = try store.beginAssistantMessage(session: session, turn: turn, parent: parent, requestedModel: requestedModel)
    }

    func handle(_ event: EngineEvent) {
        switch event {
        case .planned(let decision):
            // Why this route: kept with the turn for `history show` and the workbench.
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            if let data = try? encoder.encode(decision) {
                try? store.recordRoute(turn: turnID, json: String(decoding: data, as: UTF8.self))
            }
        case .delta(let delta):
            text += delta
            let now = ContinuousClock.now
            if now - lastCheckpoint >= Self.checkpointInterval { checkpoint(at: now) }
        case .finished(let summary):
            let status: MessageStatus = summary.complete ? .complete : (summary.cancelled ? .cancelled : .incomplete)
            finish(AssistantCompletion(text: summary.text, status: status, resolvedModel: summary.route.model,
                                       provider: summary.route.provider, usage: summary.usage, cost: summary.cost,
                                       reportedCost: summary.reportedCost, ttft: summary.ttft, duration: summary.duration))
            try? store.setSessionModel(sessionID, model: summary.route.model)
        case .failed(let failure):
            let last = failure.attempts.last
            finish(AssistantCompletion(text: "", status: .failed, resolvedModel: last?.model, provider: last?.provider))
        default:
            break
        }
    }

    private func checkpoint(at now: ContinuousClock.Instant) {
        guard text.utf8.count != checkpointedLength else { return }
        do {
            try store.checkpoint(assistantID, text: text)
            checkpointedLength = text.utf8.count
            lastCheckpoint = now
        } catch {
            Console.note("could not save the answer so far: \(error)")
        }
    }

    private func finish(_ completion: AssistantCompletion) {
        do { try store.finishAssistantMessage(assistantID, completion) } catch {
            Console.error("could not save the answer: \(error)")
        }
    }
}
