import Foundation
import Logging
import SwitchboardCore

/// One turn the gateway runs. It is recorded by the shared `TurnRecorder` in its conversation's session
/// (`GatewaySessionPlacement`: the prompts new since the session's last reply, then the reply) and its events
/// reach the route in order through `events`. The turn runs in a task of its own so the route can answer with the
/// right status before the body starts; `cancel` stops it through the engine (the upstream request ends, the
/// partial answer is recorded as cancelled).
public final class GatewayTurnRun: Sendable {
    public let prepared: PreparedTurn
    let events: TurnEventChannel
    public let recorder: TurnRecorder?
    private let engine: RoutingEngine
    private let task: Task<Void, Never>
    private let ending: TurnEnding

    private init(prepared: PreparedTurn, events: TurnEventChannel, recorder: TurnRecorder?,
                 engine: RoutingEngine, task: Task<Void, Never>, ending: TurnEnding) {
        self.prepared = prepared
        self.events = events
        self.recorder = recorder
        self.engine = engine
        self.task = task
        self.ending = ending
    }

    /// How the turn ended with an answer (complete or not); nil while it runs, or when it failed.
    public var summary: TurnSummary? { ending.summary }

    public var id: UUID { prepared.turn.id }

    /// The session the turn is recorded in; nil without a history database.
    public var session: UUID? { recorder?.session }

    /// Opens the stored turn (its session found or created, the new prompts, the empty reply) in one write and
    /// starts the engine. The turn's writes (that one too, when its conversation was placed before) are posted to
    /// `writes` and made behind the answer. The turn is among `gateway.turns` from its start until they are made,
    /// however its response ended (or if it was never written: a client gone before the headers); a write that
    /// failed is logged then, on `logger`.
    public static func start(_ prepared: PreparedTurn, gateway: GatewayContext,
                             logger: Logger) async throws(GatewayError) -> GatewayTurnRun {
        var prepared = prepared
        var recorder: TurnRecorder?
        // Deferred: a short turn's writes are made together once it ends; a long one's every
        // `GatewayTurns.flushInterval` (the turns registry flushes them), so a crash loses no more.
        let writes = gateway.store.map { TurnWrites(store: $0, deferred: true) }
        if let store = gateway.store {
            let turn = prepared.turn
            do {
                // The session found or created, the new prompts (parallel tool results are several; the reply
                // answers the last), the empty reply, the key and tags: one write.
                let opening = try await GatewaySessionPlacement.begin(turn, conversation: prepared.conversation,
                                                                      requestedModel: prepared.requestedModel, store: store,
                                                                      placements: gateway.placements, writes: writes)
                prepared.turn.sessionID = opening.session
                recorder = TurnRecorder(begun: opening, store: store, keepsAnsweringModel: true, writes: writes)
            } catch {
                throw GatewayError(status: 500, type: "server_error", code: "history_unavailable",
                                   message: "the history database could not record the request: \(error)")
            }
        }
        let turn = prepared.turn
        let decision = prepared.decision
        let events = TurnEventChannel()
        let engine = gateway.engine
        let ending = TurnEnding()
        let turns = gateway.turns
        let id = turn.id
        turns.add(id, writes: writes) { engine.cancel(turn: id) }
        // Started on this thread, up to its first wait (the upstream's answer): a task queued to the pool would
        // wake a thread of it for work this one is free to do.
        let task = Task.immediate {
            do {
                // The engine's ledger posts the attempts and the hold's settling to the same writes.
                try await TurnWrites.$current.withValue(writes) { @Sendable [recorder] in
                    try await TurnRecorder.run(turn, decided: decision, on: engine, recorder: recorder) { event in
                        if case .finished(let summary) = event { ending.summary = summary }
                        events.yield(event)
                    }
                }
            } catch {
                // The route was decided before; a late routing error still ends the turn as failed.
                events.yield(.failed(TurnFailure(errors: [], attempts: [], summary: "\(error)")))
            }
            events.finish()
            guard let writes else { return turns.remove(id) }
            writes.close { failure in
                if let failure { logger.error("request \(id.uuidString.lowercased()): the history missed part of it: \(failure)") }
                turns.remove(id)
            }
        }
        return GatewayTurnRun(prepared: prepared, events: events, recorder: recorder, engine: engine, task: task,
                              ending: ending)
    }

    /// Stops the turn: the engine ends the upstream request and still reports what arrived, as cancelled.
    public func cancel() {
        engine.cancel(turn: prepared.turn.id)
    }

    /// Waits until the turn has ended (its writes may still be being made); says in the log when the recorder
    /// saw part of it go unsaved.
    public func finished(logger: Logger) async {
        await task.value
        if let recorder, let report = await recorder.unsavedReport {
            logger.error("request \(id.uuidString.lowercased()): \(report)")
        }
    }
}

/// The turn's summary, set once by the task that runs it and read after it ended.
private final class TurnEnding: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: TurnSummary?

    var summary: TurnSummary? {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
