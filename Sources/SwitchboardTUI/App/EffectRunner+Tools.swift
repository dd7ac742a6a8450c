import Foundation
import SwitchboardCore

/// The tool loops running now, by their first turn's id: the approval each one waits on (answered from the keys
/// at once, never behind the store queue), the step streaming, and each session's "always" answers.
///
/// Stopping a loop: while a step streams, only the step is cancelled (its recorder must still store how it ended,
/// and the store refuses to write from a cancelled task); the loop then stops on the cancelled reply, or, when the
/// reply had already ended, at its next call's approval. Between steps the loop's task is cancelled at once.
final class ToolLoopRegistry: @unchecked Sendable {
    private let lock = NSLock()
    private var approvals: [UUID: PromptedApproval] = [:]
    private var steps: [UUID: UUID] = [:]
    private var streaming: Set<UUID> = []
    private var stopping: Set<UUID> = []
    private var always: [UUID: ToolSessionApprovals] = [:]
    private var off: Set<String> = []

    /// The tools turned off in `/tools`: later turns leave them out.
    func setOff(_ names: Set<String>) { lock.withLock { off = names } }
    var turnedOff: Set<String> { lock.withLock { off } }

    func add(_ loop: UUID, approval: PromptedApproval) {
        lock.withLock {
            approvals[loop] = approval
            steps[loop] = loop
            streaming.insert(loop)
        }
    }

    func remove(_ loop: UUID) {
        lock.withLock {
            approvals[loop] = nil
            steps[loop] = nil
            streaming.remove(loop)
            stopping.remove(loop)
        }
    }

    /// A step began (true) or its reply ended (false).
    func setStreaming(_ loop: UUID, _ isStreaming: Bool) {
        lock.withLock { if isStreaming { streaming.insert(loop) } else { streaming.remove(loop) } }
    }

    /// The person stopped `loop`: the step to cancel in the engine, and whether the loop's task may be cancelled
    /// now (no step is streaming, so no reply is being stored).
    func stop(_ loop: UUID) -> (step: UUID?, cancelTask: Bool) {
        lock.withLock {
            stopping.insert(loop)
            return (steps[loop], !streaming.contains(loop))
        }
    }

    func isStopping(_ loop: UUID) -> Bool { lock.withLock { stopping.contains(loop) } }

    func isLoop(_ id: UUID) -> Bool { lock.withLock { approvals[id] != nil } }

    /// The turn of the step streaming now (the loop's own id for the first).
    func step(of loop: UUID) -> UUID? { lock.withLock { steps[loop] } }
    func setStep(_ turn: UUID, of loop: UUID) { lock.withLock { steps[loop] = turn } }

    func answer(loop: UUID, request: UUID, with decision: ToolDecision) {
        lock.withLock { approvals[loop] }?.answer(request, with: decision)
    }

    /// The tools allowed "always" in the workbench session `session` (a new session asks again).
    func sessionApprovals(_ session: UUID) -> ToolSessionApprovals {
        lock.withLock {
            if let existing = always[session] { return existing }
            let created = ToolSessionApprovals()
            always[session] = created
            return created
        }
    }
}

extension EffectRunner.Worker {
    /// Streams a turn that offers the configured tools: the servers are listed (started on first use), and the
    /// tool loop runs, asking the person about each call through `update` (y/a/n) and streaming each later step
    /// as a reply of its own. Every step is recorded like a turn; a server that cannot start is reported and the
    /// turn goes on without its tools.
    func startToolTurn(_ request: TurnRequest, recorder: TurnRecorder?, promptTurn: UUID, tools: any ToolProvider,
                       session: UUID) {
        let engine = dependencies.engine
        let sink = self.sink
        let store = self.store
        let settings = dependencies.toolSettings
        let registry = toolLoops
        turns.start(request.id) {
            var recorder = recorder
            do {
                try await recorder?.begin(prompt: nil, promptTurn: promptTurn)
            } catch {
                sink(.storeFailed("store: \(error)"))
                recorder = nil  // the answer still streams; there is no reply to write it to
            }
            var listing = await tools.tools()
            let turnedOff = registry.turnedOff
            listing.tools.removeAll { turnedOff.contains($0.name) }
            if !listing.problems.isEmpty { sink(.tool(turn: request.id, .problems(listing.problems))) }
            var offering = request
            offering.options.tools += listing.tools.map(\.definition)
            let tasks = turns
            let approval = PromptedApproval { ask in
                // Stopped while its last reply was ending: the wait ends here, refused, and the loop stops.
                if registry.isStopping(request.id) { return tasks.cancel(request.id) }
                sink(.tool(turn: request.id, .ask(ask)))
            }
            registry.add(request.id, approval: approval)
            sink(.tool(turn: request.id, .started))
            let loop = ToolLoop(engine: engine, provider: tools, offered: listing.tools, policy: approval,
                                approvals: registry.sessionApprovals(session), settings: settings)
            let recorders = StepRecorders(recorder)
            let storesSteps = recorder != nil  // a turn not stored (no session) stores none of its steps
            do {
                let outcome = try await loop.run(offering, recorder: recorder, nextRecorder: { next, results in
                    sink(.tool(turn: request.id, .resultsSent(results)))
                    registry.setStep(next.id, of: request.id)
                    registry.setStreaming(request.id, true)
                    sink(.tool(turn: request.id, .step(number: await recorders.count + 1, turn: next.id,
                                                       model: next.model.description)))
                    await recorders.add(nil)
                    guard let store, let sessionID = next.sessionID, storesSteps else { return nil }
                    do {
                        let opened = try await ToolLoop.beginStep(next, results: results, store: store, session: sessionID,
                                                                  requestedModel: request.model.description)
                        await recorders.replaceLast(opened)
                        return opened
                    } catch {
                        sink(.storeFailed("store: \(error)"))
                        return nil  // the step still streams; it is not stored
                    }
                }) { event in
                    switch event {
                    case .engine(_, let engineEvent):
                        switch engineEvent {
                        case .finished, .failed: registry.setStreaming(request.id, false)
                        default: break
                        }
                        let turn = registry.step(of: request.id) ?? request.id
                        sink(.engine(turn: turn, event: engineEvent, at: ContinuousClock.now))
                        if case .finished(let summary) = engineEvent, !summary.toolCalls.isEmpty {
                            sink(.tool(turn: request.id, .replied(summary.message)))
                        }
                    case .decided(let step, let call, let decision):
                        let server = listing.tools.first { $0.name == call.name }?.server
                        sink(.tool(turn: request.id, .decided(step: step, call, server: server, decision)))
                    case .result(let step, let record):
                        sink(.tool(turn: request.id, .result(step: step, record)))
                    case .stopped:
                        break  // told below, with the steps' total
                    }
                }
                sink(.tool(turn: request.id, .stopped(outcome.stop, steps: outcome.steps.count, cost: outcome.totalCost)))
            } catch {
                sink(.engineError(turn: registry.step(of: request.id) ?? request.id, message: "\(error)"))
                sink(.tool(turn: request.id, .stopped(.failed, steps: await recorders.count, cost: nil)))
            }
            registry.remove(request.id)
            for stepRecorder in await recorders.all {
                if let line = await stepRecorder.unsavedReport { sink(.storeFailed(line)) }
            }
            FreedMemory.release()
        }
    }
}

/// Each step's recorder (nil for a step that is not stored), for the step count and the unsaved report at the end.
private actor StepRecorders {
    private var recorders: [TurnRecorder?]

    init(_ first: TurnRecorder?) { recorders = [first] }

    var count: Int { recorders.count }
    var all: [TurnRecorder] { recorders.compactMap { $0 } }
    func add(_ recorder: TurnRecorder?) { recorders.append(recorder) }
    func replaceLast(_ recorder: TurnRecorder) { recorders[recorders.count - 1] = recorder }
}
