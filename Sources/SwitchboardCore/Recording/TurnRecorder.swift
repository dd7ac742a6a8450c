import Foundation

/// Records one turn through the `SessionStore` port while it happens: the one way `ask`, `compare` and the
/// workbench (and any later front end) keep a turn. The prompt is committed before the request leaves
/// (`begin`), the reply is opened empty and incomplete, the streamed text is checkpointed at most every
/// `checkpointInterval` so a crash keeps what arrived, and the end is stored with its status, usage, cost and
/// timings; the route decision goes with the turn. The prompt's attachments and the reply's thinking and tool
/// calls are stored with them, the thinking also when the reply fails or is cancelled; checkpoints carry the
/// text, and the thinking where the store can keep it (`ReplyPartsCheckpointing`). Attempts reach the store
/// through the engine's ledger.
///
/// A failed write is never repeated per token: after the first failed checkpoint no more are tried, the final
/// save still is. Once a write says the file is damaged, nothing more is written. Either way the front end
/// reports it once, at the end (`unsavedReport`).
public actor TurnRecorder {
    public static let checkpointInterval: Duration = .milliseconds(250)

    public nonisolated let session: UUID
    public nonisolated let turn: UUID
    private let store: any SessionStore
    private let requestedModel: String
    private let clock: any EngineClock
    /// `ask` continues a session with the model that answered; the workbench keeps the one the person picked.
    private let keepsAnsweringModel: Bool
    /// `serve`: the gateway key and tags the turn was made with, stored with it for `spend --by key|tag`.
    private let gatewayKey: Int64?
    private let tags: [String]
    /// `serve`: the turn's writes are posted here and made behind the answer, in order; failures are reported
    /// where the writes end (`TurnWrites.close`), not in `unsavedReport`.
    private let writes: TurnWrites?

    private var opened = false
    private var ended = false
    private var text = ""
    /// The thinking streamed so far, kept with a reply that fails or is cancelled too.
    private var thinking = StreamedThinking()
    private var lastCheckpoint: ContinuousClock.Instant
    private var checkpointedLength = 0
    private var checkpointedThinking = 0
    private var checkpointsStopped = false
    /// The checkpoint being written, which the final save waits for: the end is always the last write.
    private var checkpointInFlight: Task<Void, Never>?
    /// Saves text that arrived before a pause in the stream once its 250 ms are up, as a delta would. A timer,
    /// not a sleeping task: nearly every turn sets one and most end before it fires.
    private var pendingFlush: (any ScheduledWork)?
    /// The route decision being written, which the final save also waits for.
    private var routeWrite: Task<Void, Never>?
    /// Set on the first sign of a damaged file: from then on nothing is written.
    private var damage: (any Error)?
    /// Opening the reply or the final save failed: the answer is not (or only partly) in the history.
    private var finalSaveError: (any Error)?
    /// The engine could not record an attempt or settle a hold (it has said so in a notice).
    private var ledgerError: String?
    /// The route or the session's model could not be saved: the answer is there, not all about it.
    private var detailError: (any Error)?

    public init(store: any SessionStore, session: UUID, turn: UUID, requestedModel: String,
                keepsAnsweringModel: Bool = false, clock: any EngineClock = SystemClock(),
                gatewayKey: Int64? = nil, tags: [String] = []) {
        self.init(store: store, session: session, turn: turn, requestedModel: requestedModel,
                  keepsAnsweringModel: keepsAnsweringModel, clock: clock, gatewayKey: gatewayKey, tags: tags, writes: nil,
                  opened: false)
    }

    /// Records a turn the caller has begun with `opening` in a write of its own making (`serve` places the turn
    /// in its session and begins it in one, `GatewaySessions`): no `begin`, the rest as usual. With `writes`, every
    /// write is posted there (after the begin, when the caller posted that too) instead of awaited.
    public init(begun opening: TurnOpening, store: any SessionStore, keepsAnsweringModel: Bool = false,
                clock: any EngineClock = SystemClock(), writes: TurnWrites? = nil) {
        self.init(store: store, session: opening.session, turn: opening.turn, requestedModel: opening.requestedModel,
                  keepsAnsweringModel: keepsAnsweringModel, clock: clock, gatewayKey: opening.gatewayKey,
                  tags: opening.tags, writes: writes, opened: true)
    }

    private init(store: any SessionStore, session: UUID, turn: UUID, requestedModel: String, keepsAnsweringModel: Bool,
                 clock: any EngineClock, gatewayKey: Int64?, tags: [String], writes: TurnWrites?, opened: Bool) {
        self.opened = opened
        self.writes = writes
        self.store = store
        self.gatewayKey = gatewayKey
        self.tags = tags
        self.session = session
        self.turn = turn
        self.requestedModel = requestedModel
        self.keepsAnsweringModel = keepsAnsweringModel
        self.clock = clock
        lastCheckpoint = clock.now
    }

    /// Commits `prompt` under this turn (unless it was committed already, as a comparison's one prompt is) and
    /// opens the reply to the prompt of `promptTurn` (default: this turn). Call it before the request leaves.
    public func begin(prompt: String?, promptTurn: UUID? = nil) async throws {
        try await begin(message: prompt.map(ChatMessage.user), promptTurn: promptTurn)
    }

    /// As `begin(prompt:)` for a prompt with parts: its attachments are committed with it.
    public func begin(message prompt: ChatMessage?, promptTurn: UUID? = nil) async throws {
        try await begin(messages: prompt.map { [$0] } ?? [], promptTurn: promptTurn)
    }

    /// As `begin(message:)` for several prompts of one turn (parallel tool results), committed in order; the reply
    /// answers the last. One write where the store can (`SessionStore.beginTurn`): prompts, reply, key and tags.
    public func begin(messages prompts: [ChatMessage], promptTurn: UUID? = nil) async throws {
        try await store.beginTurn(TurnOpening(session: session, turn: turn, prompts: prompts, promptTurn: promptTurn,
                                              requestedModel: requestedModel, gatewayKey: gatewayKey, tags: tags))
        opened = true
        lastCheckpoint = clock.now
    }

    /// Folds one engine event into the stored turn.
    public func handle(_ event: EngineEvent) async {
        guard opened, !ended else { return }
        switch event {
        case .planned(let decision):
            storeRoute(decision)
        case .delta(let delta):
            text += delta
            checkpointOrSchedule()
        case .reasoning(let piece):
            thinking.add(piece)
            checkpointOrSchedule()
        case .attemptFailed:
            thinking.attemptFailed()
        case .finished(let summary):
            ledgerError = ledgerError ?? summary.ledgerError
            text = summary.text
            await finish(AssistantCompletion(
                text: summary.text, status: MessageStatus(summary), resolvedModel: summary.route.model,
                provider: summary.route.provider, usage: summary.usage, cost: summary.cost,
                reportedCost: summary.reportedCost, ttft: summary.ttft, duration: summary.duration,
                parts: StoredMessage.storedParts(of: thinking.reply(summary))),
                   sessionModel: keepsAnsweringModel ? summary.route.model : nil)
        case .failed(let failure):
            ledgerError = ledgerError ?? failure.ledgerError
            let last = failure.attempts.last
            // What streamed before the failure stays, thinking included: the person saw it.
            await finish(AssistantCompletion(text: text, status: .failed, resolvedModel: last?.model, provider: last?.provider,
                                             parts: StoredMessage.storedParts(of: thinking.reply(text: text))))
        default:
            break
        }
    }

    /// Ends a turn whose stream broke off without a final event (the engine threw): stored as failed with what
    /// streamed, thinking included. Does nothing once the turn has ended.
    public func abandon() async {
        guard opened, !ended else { return }
        await finish(AssistantCompletion(text: text, status: .failed, parts: StoredMessage.storedParts(of: thinking.reply(text: text))))
    }

    /// The one line to show when the turn is not fully in the history; nil when it is.
    public var unsavedReport: String? {
        if let damage { return "this turn was not saved: \(damage)" }
        if let finalSaveError { return "the answer could not be saved: \(finalSaveError)" }
        if ledgerError != nil { return nil }  // the engine has reported this one itself
        if let detailError { return "the answer was saved, but not how it was routed: \(detailError)" }
        return nil
    }

    /// True when the store's file turned out to be damaged during the turn.
    public var foundDamage: Bool { damage != nil }

    /// True when something of this turn is missing from the history.
    public var isUnsaved: Bool { damage != nil || finalSaveError != nil || ledgerError != nil || detailError != nil }

    /// Checkpoints now when the last one is `checkpointInterval` old, else once it will be (unless new text
    /// comes first and does it). Never waits for a write: the stream goes on while a checkpoint is written, and
    /// text that arrives meanwhile is scheduled when that write ends.
    private func checkpointOrSchedule() {
        guard !checkpointsStopped, !ended, damage == nil, checkpointInFlight == nil,
              text.utf8.count != checkpointedLength || thinking.length != checkpointedThinking else { return }
        let now = clock.now
        let waited = now - lastCheckpoint
        if waited >= Self.checkpointInterval {
            checkpoint(at: now)
        } else if pendingFlush == nil {
            pendingFlush = clock.schedule(after: Self.checkpointInterval - waited) {
                Task { await self.flushDue() }
            }
        }
    }

    private func flushDue() {
        pendingFlush = nil
        checkpointOrSchedule()
    }

    /// Starts writing the text so far on a task of its own (a cancelled caller does not fail it, and `finish`
    /// waits for it); `checkpointEnded` collects its result.
    private func checkpoint(at now: ContinuousClock.Instant) {
        let snapshot = text
        let store = self.store
        let turn = self.turn
        let thinkingLength = thinking.length
        // The thinking goes with the text where the store can keep it, so a crash keeps it too.
        let partsStore = thinking.isEmpty ? nil : store as? any ReplyPartsCheckpointing
        let parts = partsStore.flatMap { _ in StoredMessage.storedParts(of: thinking.reply(text: snapshot)) }
        if let writes {
            writes.post(.checkpoint(turn: turn, text: snapshot, parts: parts))
            checkpointEnded(length: snapshot.utf8.count, thinking: thinkingLength, startedAt: now, failure: nil)
            return
        }
        checkpointInFlight = Task {
            var failure: (any Error)?
            do {
                if let partsStore {
                    try await partsStore.checkpointReply(turn: turn, text: snapshot, parts: parts)
                } else {
                    try await store.checkpointReply(turn: turn, text: snapshot)
                }
            } catch { failure = error }
            self.checkpointEnded(length: snapshot.utf8.count, thinking: thinkingLength, startedAt: now, failure: failure)
        }
    }

    private func checkpointEnded(length: Int, thinking: Int, startedAt: ContinuousClock.Instant, failure: (any Error)?) {
        checkpointInFlight = nil
        if let failure, store.isDamage(failure) { damage = damage ?? failure }
        if failure != nil || damage != nil {
            checkpointsStopped = true  // a full disk fails every checkpoint alike; the final save still runs
            return
        }
        checkpointedLength = length
        checkpointedThinking = thinking
        lastCheckpoint = startedAt
        checkpointOrSchedule()  // text that arrived while this one was written
    }

    /// Returns once no checkpoint is being written (tests use it to see the store settle between steps).
    public func waitForCheckpoint() async {
        await checkpointInFlight?.value
    }

    /// Stores the end and, when `sessionModel` is given, the session's model: one write where the store can.
    private func finish(_ completion: AssistantCompletion, sessionModel: String? = nil) async {
        ended = true
        pendingFlush?.cancel()
        pendingFlush = nil
        await checkpointInFlight?.value
        await routeWrite?.value
        guard damage == nil else { return }
        let store = self.store
        let end = TurnFinish(session: session, turn: turn, completion: completion, sessionModel: sessionModel)
        if let writes {
            writes.post(.finish(end))
            return
        }
        do {
            // A model that was not kept leaves the answer saved: that is a detail, not a lost answer.
            if let modelFailure = try await Self.saveEvenIfCancelled({ try await store.finishTurn(end) }) {
                keep(modelFailure, as: .detail)
            }
        } catch {
            keep(error, as: .finalSave)
        }
    }

    /// Runs the final save in the caller's task, or in a task of its own when the caller's was cancelled (a store
    /// may refuse to start a write in a cancelled task, and a cancelled turn must still be stored as cancelled).
    /// Not always in a task of its own: starting one cost a thread wake-up, 0.15 ms before every turn's end under
    /// `serve`. The save sets final values, so running it again after a cancellation stopped it is safe.
    private static func saveEvenIfCancelled<T: Sendable>(_ save: @escaping @Sendable () async throws -> T) async throws -> T {
        if !Task.isCancelled {
            do { return try await save() } catch _ where Task.isCancelled {}
        }
        return try await Task(operation: save).value
    }

    /// Writes the route decision without holding up the request: its commit runs while the engine prepares the
    /// attempt (whose own write then waits less). Decisions are written in order; a failure is kept as a detail.
    private func storeRoute(_ decision: RouteDecision) {
        guard damage == nil else { return }
        let previous = routeWrite
        let store = self.store
        let turn = self.turn
        if let writes {
            writes.post(.route(turn: turn, decision: decision))
            return
        }
        routeWrite = Task {
            await previous?.value
            do { try await store.recordRoute(turn: turn, decision: decision) } catch { keep(error, as: .detail) }
        }
    }

    /// Keeps the first failure of its kind or, when it says the file is damaged, in `damage`.
    private func keep(_ error: any Error, as failure: Failure) {
        if store.isDamage(error) {
            damage = damage ?? error
            return
        }
        switch failure {
        case .finalSave: finalSaveError = finalSaveError ?? error
        case .detail: detailError = detailError ?? error
        }
    }

    /// Where a failed write is kept for the report.
    private enum Failure { case finalSave, detail }
}
