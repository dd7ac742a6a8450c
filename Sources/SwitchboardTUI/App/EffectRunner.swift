import Foundation
import SwitchboardCore

/// Runs effects in order on one task (so a user's message is committed before its turn starts), streams each
/// turn on a task of its own, and sends every result back as an action. It never touches UI state.
final class EffectRunner: Sendable {
    private let continuation: AsyncStream<Effect>.Continuation
    private let task: Task<Void, Never>
    private let engine: RoutingEngine
    private let driver: any TerminalDriver
    private let turns = TurnTasks()
    private let toolLoops = ToolLoopRegistry()

    init(dependencies: WorkbenchDependencies, driver: any TerminalDriver, sink: @escaping @Sendable (Action) -> Void) {
        let (stream, continuation) = AsyncStream<Effect>.makeStream(bufferingPolicy: .unbounded)
        self.continuation = continuation
        self.engine = dependencies.engine
        self.driver = driver
        let turns = self.turns
        let toolLoops = self.toolLoops
        task = Task {
            var worker = Worker(dependencies: dependencies, sink: sink, turns: turns, toolLoops: toolLoops)
            for await effect in stream { await worker.perform(effect) }
            await worker.waitForTurns()
        }
    }

    /// Queues an effect. Cancelling and clipboard writes happen at once: they must not wait behind the store.
    func submit(_ effect: Effect) {
        switch effect {
        case .cancelTurn(let id):
            engine.cancel(turn: id)
            if toolLoops.isLoop(id) {
                // The step streaming now ends cancelled, and the loop stops where it is.
                let stop = toolLoops.stop(id)
                if let step = stop.step { engine.cancel(turn: step) }
                if stop.cancelTask { turns.cancel(id) }
            }
        case .answerTool(let loop, let request, let decision): toolLoops.answer(loop: loop, request: request, with: decision)
        case .setToolsOff(let names): toolLoops.setOff(names)
        case .copyToClipboard(let text): driver.copyToClipboard(text)
        case .repaint: driver.invalidate()
        default: continuation.yield(effect)
        }
    }

    /// The turns streaming now (an ended turn is not kept).
    var runningTurns: [UUID] { turns.running }

    /// Finishes the queued store writes, for a clean quit; gives up (and cancels them) after `timeout`.
    func finish(timeout: Duration) async {
        continuation.finish()
        let task = self.task
        let once = Once()
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            Task {
                await task.value
                if once.claim() { done.resume() }
            }
            Task {
                try? await Task.sleep(for: timeout)
                if once.claim() {
                    task.cancel()
                    done.resume()
                }
            }
        }
    }

    /// True for the first caller only.
    private final class Once: @unchecked Sendable {
        private let lock = NSLock()
        private var claimed = false

        func claim() -> Bool {
            lock.withLock {
                defer { claimed = true }
                return !claimed
            }
        }
    }

    /// The state the effect task keeps: which store session each local session became, and the running turns.
    struct Worker {
        let dependencies: WorkbenchDependencies
        let sink: @Sendable (Action) -> Void
        var storedSessions: [UUID: String] = [:]
        let turns: TurnTasks
        let toolLoops: ToolLoopRegistry

        init(dependencies: WorkbenchDependencies, sink: @escaping @Sendable (Action) -> Void, turns: TurnTasks,
             toolLoops: ToolLoopRegistry) {
            self.dependencies = dependencies
            self.sink = sink
            self.turns = turns
            self.toolLoops = toolLoops
        }

        var store: (any SessionStore)? { dependencies.store }

        mutating func perform(_ effect: Effect) async {
            do {
                try await run(effect)
            } catch {
                sink(.storeFailed("store: \(error)"))
            }
        }

        private func sessionID(_ session: SessionRef) -> String? {
            session.stored ?? storedSessions[session.local]
        }

        private mutating func run(_ effect: Effect) async throws {
            switch effect {
            case .persistUserMessage(let session, let turn, let text, let model, let task, let attachments):
                guard let store else { return }
                let id: UUID
                if let existing = sessionID(session) {
                    id = try await store.resolveSession(existing)
                    try await store.setSessionModel(id, model: model)
                    try await store.setSessionTask(id, task: task)
                } else {
                    id = try await store.createSession(NewSession(firstPrompt: text, model: model, task: task))
                    let reference = id.uuidString.lowercased()
                    storedSessions[session.local] = reference
                    sink(.sessionCreated(local: session.local, storedID: reference))
                }
                if attachments.isEmpty {
                    try await store.commitPrompt(session: id, turn: turn, text: text)
                } else {
                    // The files are stored with the prompt, so a resumed session still has them.
                    let message = ChatMessage(role: .user, parts: attachments + (text.isEmpty ? [] : [.text(text)]))
                    try await store.commitPrompt(session: id, turn: turn, message: message)
                }
            case .startTurn(let session, var request, let promptTurn):
                // The session exists by now (its first message was committed just before): budgets can see it.
                request.sessionID = sessionID(session).flatMap(UUID.init(uuidString:))
                let recorder = request.sessionID.flatMap { id in
                    store.map { TurnRecorder(store: $0, session: id, turn: request.id, requestedModel: request.model.description) }
                }
                await startTurn(request, recorder: recorder, promptTurn: promptTurn)
            case .startToolTurn(let session, var request, let promptTurn):
                request.sessionID = sessionID(session).flatMap(UUID.init(uuidString:))
                let recorder = request.sessionID.flatMap { id in
                    store.map { TurnRecorder(store: $0, session: id, turn: request.id, requestedModel: request.model.description) }
                }
                if let tools = dependencies.tools {
                    startToolTurn(request, recorder: recorder, promptTurn: promptTurn, tools: tools, session: session.local)
                } else {
                    await startTurn(request, recorder: recorder, promptTurn: promptTurn)
                }
            case .startRegeneration(let session, var request, let promptTurn):
                request.sessionID = sessionID(session).flatMap(UUID.init(uuidString:))
                let recorder = request.sessionID.flatMap { id in
                    store.map { TurnRecorder(store: $0, session: id, turn: request.id, requestedModel: request.model.description) }
                }
                await startTurn(request, recorder: recorder, promptTurn: promptTurn, becomesHead: true)
            case .persistEditedPrompt(let session, let turn, let text, let model, let task, let attachments, let sibling):
                guard let store, let existing = sessionID(session) else { return }
                let id = try await store.resolveSession(existing)
                try await store.setSessionModel(id, model: model)
                try await store.setSessionTask(id, task: task)
                let message = ChatMessage(role: .user, parts: attachments + (text.isEmpty && !attachments.isEmpty ? [] : [.text(text)]))
                try await store.branchPrompt(session: id, turn: turn, message: message, siblingOf: sibling)
            case .moveHead(let session, let message):
                guard let store else { return }
                try await store.moveHead(session: try await store.resolveSession(session), to: message)
            case .openColumns(let session, let prompt):
                guard let store else { return }
                try await store.openColumns(session: try await store.resolveSession(session), answering: prompt)
            case .loadTree(let id):
                guard let store else { return }
                sink(.treeLoaded(try await store.loadSession(id)))
            case .startCompaction(let session, var request, let plan):
                request.sessionID = sessionID(session).flatMap(UUID.init(uuidString:))
                startCompaction(request, plan: plan)
            case .persistRole(let session, let role):
                guard let store, let existing = sessionID(session) else { return }
                try await store.setSessionRole(try await store.resolveSession(existing), role: role)
            case .loadRoute(let turn):
                do {
                    sink(.routeLoaded(turn: turn, try await store?.routeExplanation(turn: turn)))
                } catch {
                    sink(.routeLoaded(turn: turn, nil))  // the window says none could be shown, not "loading…"
                    throw error
                }
            case .readAttachment(let path, let pasted):
                sink(AttachmentReader.read(path, pasted: pasted))
            case .chooseReply(let turn):
                try await store?.chooseReply(turn: turn)
            case .refreshHealth:
                sink(.healthLoaded(await dependencies.engine.healthSnapshot(), at: ContinuousClock.now))
            case .listSessions(let generation):
                guard let store else { return sink(.storeFailed("history is unavailable: no session store")) }
                sink(.sessionsLoaded(generation: generation, try await store.recentSessions(limit: 500)))
            case .searchSessions(let query, let generation):
                guard let store else { return sink(.storeFailed("history is unavailable: no session store")) }
                sink(.sessionsLoaded(generation: generation, try await store.searchSessions(query, limit: 200)))
            case .loadSession(let id):
                guard let store else { return }
                sink(.sessionLoaded(try await store.loadSession(id)))
            case .renameSession(let id, let title):
                try await store?.renameSession(id, title: title)
                sink(.sessionRenamed(id: id, title: title))
            case .deleteSession(let id):
                try await store?.deleteSession(id)
                sink(.sessionDeleted(id: id))
            case .exportSession(let id, let fileName):
                guard let store else { return }
                let markdown = try await store.exportMarkdown(id)
                let path = try SessionExportFile.write(Data(markdown.utf8), named: fileName,
                                                            in: dependencies.exportDirectory)
                sink(.sessionExported(path: path))
            case .refreshSpend:
                guard let store else { return }
                sink(.spendLoaded(try await store.spend(now: Date(), calendar: .current)))
            case .refreshModelStats:
                guard let store else { return }
                sink(.modelStatsLoaded(try await store.modelStats(since: Date().addingTimeInterval(-30 * 24 * 3600))))
            case .listTools:
                guard let tools = dependencies.tools else { return sink(.toolsListed([], problems: [])) }
                let listing = await tools.tools()
                sink(.toolsListed(listing.tools, problems: listing.problems))
            case .cancelTurn, .copyToClipboard, .repaint, .quit, .answerTool, .setToolsOff:
                break
            }
        }

        /// Streams one turn on its own task. The `TurnRecorder` stores each event before `update` hears of it, so
        /// a turn that has ended on screen has ended in the store too; a failed write reaches the status bar once.
        private func startTurn(_ request: TurnRequest, recorder: TurnRecorder?, promptTurn: UUID, becomesHead: Bool = false) async {
            let engine = dependencies.engine
            let sink = self.sink
            // The reply is begun here, in the order the effects came, not in the turn's own task: compared
            // columns are stored in the order they were asked, so a reopened session shows them in that order.
            var begun = recorder
            do {
                try await recorder?.begin(prompt: nil, promptTurn: promptTurn)
                // A regenerated reply is continued, not its older siblings (and is not a comparison to pick from).
                if becomesHead, recorder != nil { try await store?.chooseReply(turn: request.id) }
            } catch {
                sink(.storeFailed("store: \(error)"))
                begun = nil  // the answer still streams; there is no reply to write it to
            }
            let recorder = begun
            turns.start(request.id) {
                do {
                    try await TurnRecorder.run(request, on: engine, recorder: recorder) { event in
                        sink(.engine(turn: request.id, event: event, at: ContinuousClock.now))
                    }
                } catch {
                    sink(.engineError(turn: request.id, message: "\(error)"))
                }
                if let line = await recorder?.unsavedReport { sink(.storeFailed(line)) }
                FreedMemory.release()  // a long reply's transient text and layouts
            }
        }

        /// Streams a compaction's summary turn on its own task, like a turn (Ctrl-C cancels it); the summary is
        /// stored before `update` hears that the turn ended.
        private func startCompaction(_ request: TurnRequest, plan: Compaction.Plan) {
            let engine = dependencies.engine
            let store = request.sessionID == nil ? nil : self.store
            let sink = self.sink
            turns.start(request.id) {
                do {
                    let unsaved = try await Compaction.run(request, plan: plan, on: engine, store: store) { event in
                        sink(.engine(turn: request.id, event: event, at: ContinuousClock.now))
                    }
                    if let unsaved { sink(.storeFailed(unsaved)) }
                } catch {
                    sink(.engineError(turn: request.id, message: "\(error)"))
                }
            }
        }

        /// Stops the turns still running and waits for their last writes.
        func waitForTurns() async {
            for id in turns.running {
                dependencies.engine.cancel(turn: id)
                // A loop waiting for an approval nobody will give stops too.
                if toolLoops.isLoop(id) {
                    let stop = toolLoops.stop(id)
                    if let step = stop.step { dependencies.engine.cancel(turn: step) }
                    if stop.cancelTask { turns.cancel(id) }
                }
            }
            await turns.waitForAll()
        }
    }
}
