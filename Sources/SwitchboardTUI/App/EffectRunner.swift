import Foundation
import SwitchboardCore

/// Runs effects in order on one task (so a user's message is committed before its turn starts), streams each
/// turn on a task of its own, and sends every result back as an action. It never touches UI state.
final class EffectRunner: Sendable {
    private let continuation: AsyncStream<Effect>.Continuation
    private let task: Task<Void, Never>
    private let engine: RoutingEngine
    private let driver: any TerminalDriver

    init(dependencies: WorkbenchDependencies, driver: any TerminalDriver, sink: @escaping @Sendable (Action) -> Void) {
        let (stream, continuation) = AsyncStream<Effect>.makeStream(bufferingPolicy: .unbounded)
        self.continuation = continuation
        self.engine = dependencies.engine
        self.driver = driver
        task = Task {
            var worker = Worker(dependencies: dependencies, sink: sink)
            for await effect in stream { await worker.perform(effect) }
            await worker.waitForTurns()
        }
    }

    /// Queues an effect. Cancelling and clipboard writes happen at once: they must not wait behind the store.
    func submit(_ effect: Effect) {
        switch effect {
        case .cancelTurn(let id): engine.cancel(turn: id)
        case .copyToClipboard(let text): driver.copyToClipboard(text)
        case .repaint: driver.invalidate()
        default: continuation.yield(effect)
        }
    }

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
    private struct Worker {
        let dependencies: WorkbenchDependencies
        let sink: @Sendable (Action) -> Void
        var storedSessions: [UUID: String] = [:]
        var turns: [UUID: Task<Void, Never>] = [:]

        init(dependencies: WorkbenchDependencies, sink: @escaping @Sendable (Action) -> Void) {
            self.dependencies = dependencies
            self.sink = sink
        }

        var store: (any WorkbenchStore)? { dependencies.store }

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
            case .persistUserMessage(let session, let turn, let text, let model, let task):
                guard let store else { return }
                let id = try await store.appendUserMessage(sessionID: sessionID(session), turnID: turn, text: text,
                                                           model: model, task: task)
                if sessionID(session) == nil {
                    storedSessions[session.local] = id
                    sink(.sessionCreated(local: session.local, storedID: id))
                }
            case .startTurn(let session, var request):
                // The session exists by now (its first message was committed just before): budgets can see it.
                request.sessionID = sessionID(session).flatMap(UUID.init(uuidString:))
                turns = turns.filter { !$0.value.isCancelled }
                turns[request.id] = startTurn(request)
            case .beginAssistantMessage(let session, let turn, let promptTurn, let model):
                guard let store, let id = sessionID(session) else { return }
                try await store.beginAssistantMessage(sessionID: id, turnID: turn, promptTurn: promptTurn, model: model)
            case .checkpointAssistantMessage(let turn, let text):
                try await store?.checkpointAssistantMessage(turnID: turn, text: text)
            case .finishAssistantMessage(let turn, let outcome):
                turns[turn] = nil
                try await store?.finishAssistantMessage(turnID: turn, outcome: outcome)
            case .recordRoute(let turn, let decision):
                try await store?.recordRoute(turnID: turn, decision: decision)
            case .loadRoute(let turn):
                do {
                    sink(.routeLoaded(turn: turn, try await store?.routeExplanation(turnID: turn)))
                } catch {
                    sink(.routeLoaded(turn: turn, nil))  // the window says none could be shown, not "loading…"
                    throw error
                }
            case .chooseReply(let turn):
                try await store?.chooseReply(turnID: turn)
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
                sink(.spendLoaded(try await store.spend(now: Date())))
            case .refreshModelStats:
                guard let store else { return }
                sink(.modelStatsLoaded(try await store.modelStats()))
            case .cancelTurn, .copyToClipboard, .repaint, .quit:
                break
            }
        }

        private func startTurn(_ request: TurnRequest) -> Task<Void, Never> {
            let engine = dependencies.engine
            let sink = self.sink
            return Task {
                do {
                    for try await event in engine.run(request) {
                        sink(.engine(turn: request.id, event: event, at: ContinuousClock.now))
                    }
                } catch {
                    sink(.engineError(turn: request.id, message: "\(error)"))
                }
            }
        }

        func waitForTurns() async {
            for task in turns.values { task.cancel() }
        }
    }
}
