import Foundation
import SwitchboardCore
import SwitchboardStore

/// Stores an `ask` turn while it happens: the prompt before the request leaves, the streamed answer in
/// checkpoints (at most every 250 ms) so a crash keeps what arrived, and how it ended.
///
/// A failed write is never repeated per token: after the first failed checkpoint the recorder stops
/// checkpointing and tries only the final save. A damaged database gets nothing more at all. Either way the
/// command reports it once, at the end (`unsavedReport`), and exits with `unsavedExitCode`.
final class AskRecorder: @unchecked Sendable {
    static let checkpointInterval: Duration = .milliseconds(250)
    /// The exit code of a turn that could not be fully saved to the history database.
    static let unsavedExitCode: Int32 = 6

    let store: SQLiteStore
    let sessionID: UUID
    private let turnID: UUID
    private let assistantID: MessageID
    // Touched only from the task that consumes the engine's events.
    private var text = ""
    private var lastCheckpoint = ContinuousClock.now
    private var checkpointedLength = 0
    private var checkpointsStopped = false
    /// Set on the first sign of a damaged file: from then on nothing is written.
    private var damage: StoreError?
    /// The final save failed: the answer is not (or only partly) in the history.
    private var finalSaveError: (any Error)?
    /// The engine could not record an attempt or settle a hold (it has said so in a notice).
    private var ledgerError: String?
    /// The route or the session's model could not be saved: the answer is there, not all about it.
    private var detailError: (any Error)?

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
            // Why this route: kept with the turn for `history show` and the workbench. Losing it loses no answer.
            write(keeping: &detailError) { store in
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                let json = String(decoding: try encoder.encode(decision), as: UTF8.self)
                try store.recordRoute(turn: self.turnID, json: json)
            }
        case .delta(let delta):
            text += delta
            let now = ContinuousClock.now
            if !checkpointsStopped, now - lastCheckpoint >= Self.checkpointInterval { checkpoint(at: now) }
        case .finished(let summary):
            ledgerError = ledgerError ?? summary.ledgerError
            let status: MessageStatus = summary.complete ? .complete : (summary.cancelled ? .cancelled : .incomplete)
            finish(AssistantCompletion(text: summary.text, status: status, resolvedModel: summary.route.model,
                                       provider: summary.route.provider, usage: summary.usage, cost: summary.cost,
                                       reportedCost: summary.reportedCost, ttft: summary.ttft, duration: summary.duration))
            if finalSaveError == nil {
                write(keeping: &detailError) { store in try store.setSessionModel(self.sessionID, model: summary.route.model) }
            }
        case .failed(let failure):
            ledgerError = ledgerError ?? failure.ledgerError
            let last = failure.attempts.last
            finish(AssistantCompletion(text: "", status: .failed, resolvedModel: last?.model, provider: last?.provider))
        default:
            break
        }
    }

    /// The one line to print when the turn is not fully in the history; nil when it is.
    var unsavedReport: String? {
        if let damage {
            return "this turn was not saved: \(damage)"
        }
        if let finalSaveError {
            return "the answer could not be saved to \(store.url.path): \(finalSaveError)"
        }
        if ledgerError != nil { return nil }  // the engine has printed its own line for this one
        if let detailError {
            return "the answer was saved, but not how it was routed: \(detailError)"
        }
        return nil
    }

    /// True when the file turned out to be damaged during the turn.
    var foundDamage: Bool { damage != nil }

    /// True when something of this turn is missing from the history database.
    var isUnsaved: Bool { damage != nil || finalSaveError != nil || ledgerError != nil || detailError != nil }

    private func checkpoint(at now: ContinuousClock.Instant) {
        guard text.utf8.count != checkpointedLength else { return }
        let snapshot = text
        var ignored: (any Error)?
        let saved = write(keeping: &ignored) { store in try store.checkpoint(self.assistantID, text: snapshot) }
        if saved {
            checkpointedLength = snapshot.utf8.count
            lastCheckpoint = now
        } else {
            // A full disk fails every checkpoint alike; the final save still gets its chance.
            checkpointsStopped = true
        }
    }

    private func finish(_ completion: AssistantCompletion) {
        write(keeping: &finalSaveError) { store in try store.finishAssistantMessage(self.assistantID, completion) }
    }

    /// Runs one store write unless the file is known to be damaged. A failure is kept in `failure` (the first
    /// one only) or, when it says the file is damaged, in `damage`. True when the write succeeded.
    @discardableResult
    private func write(keeping failure: inout (any Error)?, _ body: (SQLiteStore) throws -> Void) -> Bool {
        guard damage == nil else { return false }
        do {
            try body(store)
            return true
        } catch {
            if let damage = store.damage(in: error) {
                self.damage = damage
            } else if failure == nil {
                failure = store.writeFailure(error)
            }
            return false
        }
    }
}
