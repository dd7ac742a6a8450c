import Foundation

/// The routing engine: decides a route for each turn, holds its worst-case cost against the budget, sends it
/// through the right adapter, retries and falls back, meters every attempt and writes it to the ledger. One actor
/// owns the routing state (resolver, deployment health, observed speeds); each turn streams on its own task so
/// turns never wait for one another.
public actor RoutingEngine {
    public private(set) var resolver: RouteResolver
    private let transport: any HTTPTransport
    private let ledger: (any Ledger)?
    private let budgetLedger: (any BudgetLedger)?
    private let clock: any EngineClock
    private let timeouts: Timeouts
    private let retry: RetryPolicy
    private let continueOnFailure: Bool
    private var health: HealthTracker
    /// Output tokens/s per `provider/providerModel`, smoothed, from the ledger and this process's turns.
    private var observedThroughput: [String: Double]
    /// Running turns by id, so a caller can cancel one and still receive its final (cancelled) event.
    private nonisolated let running = RunningTurns()

    public init(resolver: RouteResolver, transport: any HTTPTransport, ledger: (any Ledger)? = nil,
                budgetLedger: (any BudgetLedger)? = nil, clock: any EngineClock = SystemClock(),
                timeouts: Timeouts = Timeouts(), retry: RetryPolicy = RetryPolicy(), continueOnFailure: Bool = false,
                recentAttempts: [AttemptRecord] = [], observedThroughput: [String: Double] = [:]) {
        self.resolver = resolver
        self.transport = transport
        self.ledger = ledger
        self.budgetLedger = budgetLedger
        self.clock = clock
        self.timeouts = timeouts
        self.retry = retry
        self.continueOnFailure = continueOnFailure
        self.health = HealthTracker(settings: resolver.routing.health, seeding: recentAttempts,
                                    now: clock.now, wallNow: clock.wallNow)
        self.observedThroughput = observedThroughput
    }

    /// An engine with no routing configuration: explicit models, variants, fallbacks.
    public init(planner: RoutePlanner, transport: any HTTPTransport, ledger: (any Ledger)? = nil,
                clock: any EngineClock = SystemClock(), timeouts: Timeouts = Timeouts(), retry: RetryPolicy = RetryPolicy()) {
        let resolver = (try? RouteResolver(planner: planner, routing: RoutingConfiguration()))
            ?? RouteResolver(unchecked: planner)
        self.init(resolver: resolver, transport: transport, ledger: ledger, clock: clock, timeouts: timeouts, retry: retry)
    }

    public var planner: RoutePlanner { resolver.planner }

    /// Decides the turn's route without sending anything: what `route --explain` prints and `run` then does.
    public func decide(_ turn: TurnRequest) throws -> RouteDecision {
        try resolver.resolve(turn, health: healthView(), observedThroughput: observedThroughput)
    }

    /// Per-deployment health now, for `switchboard health` and the workbench.
    public func healthSnapshot() -> [HealthSnapshot] {
        health.snapshot(at: clock.now)
    }

    /// Runs a turn. The stream ends with `.finished` or `.failed`; it throws only `RoutingError` when no route
    /// can be planned. `cancel(turn:)` stops the request and still delivers the final event (the partial answer,
    /// marked cancelled); dropping the stream also stops the request.
    public nonisolated func run(_ turn: TurnRequest) -> AsyncThrowingStream<EngineEvent, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                defer { self.running.remove(turn.id) }
                do {
                    let decision = try await self.decide(turn)
                    let outcome = await self.execute(turn, decision: decision) { continuation.yield($0) }
                    continuation.yield(outcome)
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            running.add(turn.id, task)
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// Cancels a running turn; its stream still ends with the `.finished` event of what arrived.
    public nonisolated func cancel(turn id: UUID) {
        running.cancel(id)
    }

    // MARK: - State the turns report back

    private func healthView() -> RouteResolver.HealthView {
        let now = clock.now
        var cooling: [String: String] = [:]
        for snapshot in health.snapshot(at: now) where !health.admits(snapshot.key, at: now) {
            let remaining = snapshot.cooldownRemaining.map { "cooling down for \($0.formattedSeconds)" } ?? "probe in flight"
            cooling[snapshot.key] = remaining
        }
        return RouteResolver.HealthView(coolingDown: cooling)
    }

    /// Whether `key` may be tried now; a recovering deployment lets exactly one probe through.
    fileprivate func admit(_ key: String) -> Bool {
        health.beginProbe(key, at: clock.now)
    }

    /// When the first of `keys` can be tried again, if all are cooling down.
    fileprivate func earliestRecovery(_ keys: [String]) -> ContinuousClock.Instant? {
        health.earliestRecovery(of: keys, at: clock.now)
    }

    fileprivate func recordOutcome(_ key: String, _ outcome: HealthTracker.Outcome, retryAfter: Duration?) {
        health.record(key, outcome: outcome, at: clock.now, retryAfter: retryAfter)
    }

    fileprivate func recordThroughput(_ summary: TurnSummary) {
        guard summary.complete, let rate = summary.tokensPerSecond else { return }
        let key = summary.route.provider + "/" + summary.route.providerModel
        observedThroughput[key] = observedThroughput[key].map { 0.7 * $0 + 0.3 * rate } ?? rate
    }

    // MARK: - One turn

    /// Holds the budget, reports the decision (with the budget's verdict in it), runs the attempt loop, settles.
    /// Runs off the actor so a long stream blocks nothing.
    private nonisolated func execute(_ turn: TurnRequest, decision: RouteDecision,
                                     emit: @escaping @Sendable (EngineEvent) -> Void) async -> EngineEvent {
        var decision = decision
        var candidates = decision.candidates
        var hold: Int64?
        let limits = await resolver.routing.budget
        if !limits.isEmpty, let budgetLedger {
            let policy = BudgetPolicy(limits: limits)
            do {
                let (reserved, verdict) = try budgetLedger.reserve(session: turn.sessionID) { spend in
                    let verdict = policy.decide(candidates: candidates, promptTokens: decision.promptTokens,
                                                maxOutputTokens: turn.maxTokens, spend: spend)
                    switch verdict {
                    case .fits(let reserve, _), .downgrade(_, let reserve, _, _): return (reserve, verdict)
                    case .block: return (nil, verdict)
                    }
                }
                hold = reserved
                switch verdict {
                case .fits(let reserve, let warnings):
                    decision.notes.append("budget: fits, holding \(reserve.displayString)")
                    emit(.planned(decision))
                    warnings.forEach { emit(.notice("budget: " + $0)) }
                case .downgrade(let index, _, let because, let warnings):
                    decision.notes.append("budget: " + because)
                    emit(.planned(decision))
                    emit(.notice("budget: " + because))
                    warnings.forEach { emit(.notice("budget: " + $0)) }
                    candidates = Array(candidates[index...])
                case .block(let message):
                    decision.notes.append("budget: refused: " + message)
                    emit(.planned(decision))
                    return .failed(TurnFailure(errors: [], attempts: [], summary: "refused by budget: " + message))
                }
            } catch {
                emit(.planned(decision))
                return .failed(TurnFailure(errors: [], attempts: [], summary: "could not check the budget: \(error)"))
            }
        } else {
            emit(.planned(decision))
        }
        var outcome = await attemptLoop(turn, candidates: candidates, emit: emit)
        if let hold, let budgetLedger {
            let attempts: [AttemptRecord]
            switch outcome {
            case .finished(let summary): attempts = summary.attempts
            case .failed(let failure): attempts = failure.attempts
            default: attempts = []
            }
            let costs = attempts.map(\.cost)
            let actual = costs.contains { $0 == nil } ? nil : costs.compactMap { $0 }.reduce(Money.zero, +)
            do {
                try budgetLedger.settle(hold, actual: actual)
            } catch {
                let message = "could not release this turn's budget hold (it counts until this process ends): \(error)"
                emit(.notice(message))
                outcome = Self.noting(ledgerError: message, in: outcome)
            }
        }
        return outcome
    }

    /// The outcome with `message` as its ledger error, unless an earlier failure is already there.
    private static func noting(ledgerError message: String, in outcome: EngineEvent) -> EngineEvent {
        switch outcome {
        case .finished(var summary):
            summary.ledgerError = summary.ledgerError ?? message
            return .finished(summary)
        case .failed(var failure):
            failure.ledgerError = failure.ledgerError ?? message
            return .failed(failure)
        default:
            return outcome
        }
    }

    private nonisolated func attemptLoop(_ turn: TurnRequest, candidates: [RouteCandidate],
                                         emit: @escaping @Sendable (EngineEvent) -> Void) async -> EngineEvent {
        let runner = AttemptRunner(transport: transport, timeouts: timeouts, clock: clock)
        let registry = await resolver.planner.registry
        var state = LoopState()

        if let wait = await waitForRecovery(candidates) {
            emit(.notice("every candidate is cooling down; waiting \(wait.formattedSeconds) for the first to recover"))
            do { try await clock.sleep(for: wait) } catch { return .failed(Self.failure(state, candidates.count, "cancelled while waiting")) }
        }

        while state.index < candidates.count {
            let candidate = candidates[state.index]
            let key = HealthTracker.key(for: candidate.deployment)
            guard let endpoint = registry.endpoint(candidate.deployment.provider) else { state.index += 1; continue }
            if state.attemptsOnCandidate == 0, !(await admit(key)), state.index + 1 < candidates.count {
                emit(.notice("skipping \(candidate.model) via \(candidate.deployment.provider): cooling down"))
                state.index += 1
                continue
            }
            state.attemptsOnCandidate += 1
            let route = candidate.info
            if let previous = state.previous, state.attemptsOnCandidate == 1, let error = state.errors.last {
                emit(.fallback(from: previous, to: route, because: error))
            }
            emit(.routed(route, attempt: state.attempts.count + 1))
            let request = ChatRequest(messages: turn.messages + state.continuation,
                                      maxTokens: BudgetPolicy.outputBound(requested: turn.maxTokens, deployment: candidate.deployment),
                                      temperature: turn.temperature)
            let startedWall = clock.wallNow
            let ordinal = state.attempts.count + 1
            if let ledger {
                // In the ledger before it is sent: a process killed mid-stream leaves it for the next one to close.
                let pending = AttemptRecord(turnID: turn.id, ordinal: ordinal, model: candidate.model,
                                            provider: candidate.deployment.provider,
                                            providerModel: candidate.deployment.providerModel, reason: candidate.reason,
                                            outcome: .inFlight, startedAt: startedWall, duration: .zero)
                do { try await ledger.begin(pending) } catch { state.ledgerFailed(attempt: ordinal, error, emit: emit) }
            }
            let result = await runner.run(request, on: endpoint, providerModel: candidate.deployment.providerModel, emit: emit)
            let record = makeRecord(turn: turn, ordinal: ordinal, candidate: candidate, result: result,
                                    startedAt: startedWall)
            state.attempts.append(record)
            if let ledger {
                do { try await ledger.record(record) } catch { state.ledgerFailed(attempt: ordinal, error, emit: emit) }
            }
            await recordOutcome(key, result.cancelled ? .neutral : result.error.map { .failure($0.kind) } ?? .success,
                                retryAfter: result.error?.retryAfter)

            let producedText = result.progress.firstTokenAt != nil
            if let error = result.error, producedText, !result.cancelled, continueOnFailure, error.allowsFallback,
               state.index + 1 < candidates.count {
                // The answer broke mid-stream: ask the next candidate to carry on from what arrived, and mark the seam.
                state.text += result.progress.text
                state.seams.append(state.text.count)
                state.continuation = [.assistant(state.text), .user(Self.continuePrompt)]
                state.errors.append(error)
                emit(.attemptFailed(record, error))
                state.advance(from: route)
                continue
            }
            if result.error == nil || producedText || result.cancelled {
                let summary = makeSummary(route: route, request: request, result: result, record: record, state: state)
                await recordThroughput(summary)
                return .finished(summary)
            }
            guard let error = result.error else { break }
            state.errors.append(error)
            emit(.attemptFailed(record, error))
            if error.kind == .contextLength {
                // Only a larger window can help: skip the candidates that are no larger than this one.
                let failedWindow = candidate.deployment.contextWindow ?? 0
                let next = candidates[(state.index + 1)...].firstIndex { ($0.deployment.contextWindow ?? Int.max) > failedWindow }
                guard let next else {
                    return .failed(Self.failure(state, candidates.count, "no candidate has a larger context window than \(failedWindow) tokens"))
                }
                emit(.notice("context too long for \(candidate.model) via \(candidate.deployment.provider); rerouting to a larger window"))
                state.advance(from: route)
                state.index = next
                continue
            }
            let decision = retry.decide(after: error, attemptsOnCandidate: state.attemptsOnCandidate,
                                        attemptsInTurn: state.attempts.count, hasNextCandidate: state.index + 1 < candidates.count,
                                        jitter: Double.random(in: 0..<1))
            switch decision {
            case .retrySame(let wait):
                emit(.retrying(route, after: wait, because: error))
                do { try await clock.sleep(for: wait) } catch { return .failed(Self.failure(state, candidates.count, "cancelled while waiting to retry")) }
            case .nextCandidate:
                state.advance(from: route)
            case .giveUp:
                return .failed(Self.failure(state, candidates.count, nil))
            }
        }
        return .failed(Self.failure(state, candidates.count, nil))
    }

    /// How long to wait before the first try when every candidate is cooling down; nil to start now.
    private nonisolated func waitForRecovery(_ candidates: [RouteCandidate]) async -> Duration? {
        let keys = candidates.map { HealthTracker.key(for: $0.deployment) }
        guard let recovery = await earliestRecovery(keys) else { return nil }
        let wait = recovery - clock.now
        let bound = await resolver.routing.health.maxWaitForRecovery
        return wait > .zero && wait <= bound ? wait : nil
    }

    static let continuePrompt = "Your previous answer was cut off. Continue it exactly where it stops, without repeating anything."

    /// What the attempt loop carries from one attempt to the next.
    private struct LoopState {
        var attempts: [AttemptRecord] = []
        var errors: [ProviderError] = []
        var index = 0
        var attemptsOnCandidate = 0
        var previous: RouteInfo?
        /// Text kept from broken attempts that later ones continue.
        var text = ""
        var seams: [Int] = []
        var continuation: [ChatMessage] = []
        /// The turn's first failed ledger write; it is reported once, later ones are not repeated.
        var ledgerError: String?

        mutating func ledgerFailed(attempt: Int, _ error: any Error, emit: @Sendable (EngineEvent) -> Void) {
            guard ledgerError == nil else { return }
            let message = "could not record attempt \(attempt) in the ledger (spend and stats will miss it): \(error)"
            ledgerError = message
            emit(.notice(message))
        }

        mutating func advance(from route: RouteInfo) {
            previous = route
            index += 1
            attemptsOnCandidate = 0
        }
    }

    private nonisolated func makeRecord(turn: TurnRequest, ordinal: Int, candidate: RouteCandidate,
                                        result: AttemptRunner.Result, startedAt: Date) -> AttemptRecord {
        let progress = result.progress
        let outcome: AttemptRecord.Outcome = result.cancelled ? .cancelled
            : result.error.map { .failed($0.kind, afterFirstToken: progress.firstTokenAt != nil) } ?? .success
        return AttemptRecord(
            turnID: turn.id, ordinal: ordinal, model: candidate.model, provider: candidate.deployment.provider,
            providerModel: candidate.deployment.providerModel, reason: candidate.reason, outcome: outcome,
            status: result.status, errorMessage: result.error?.description, startedAt: startedAt,
            ttft: progress.firstTokenAt.map { $0 - result.startedAt }, duration: result.endedAt - result.startedAt,
            usage: progress.usage ?? Usage(), cost: progress.usage.flatMap { candidate.deployment.price.cost(of: $0) },
            reportedCost: progress.reportedCost)
    }

    private nonisolated func makeSummary(route: RouteInfo, request: ChatRequest, result: AttemptRunner.Result,
                                         record: AttemptRecord, state: LoopState) -> TurnSummary {
        // Without reported usage the counts are estimates, and an estimate is never priced.
        let usage = result.progress.usage ?? Usage(input: TokenEstimator.estimate(request.messages),
                                                    output: TokenEstimator.estimate(result.progress.text))
        var summary = TurnSummary(
            route: route, text: state.text + result.progress.text, usage: usage,
            usageIsEstimate: result.progress.usage == nil, cost: record.cost, reportedCost: record.reportedCost,
            ttft: record.ttft, duration: record.duration, complete: result.error == nil && !result.cancelled,
            finishReason: result.progress.finishReason, error: result.error, cancelled: result.cancelled,
            attempts: state.attempts)
        summary.seams = state.seams
        summary.ledgerError = state.ledgerError
        return summary
    }

    private static func failure(_ state: LoopState, _ candidates: Int, _ reason: String?) -> TurnFailure {
        let tried = state.attempts.map { "\($0.provider)/\($0.providerModel) (\($0.outcome.label))" }
        let last = reason ?? state.errors.last.map(\.description) ?? "no candidate could be tried"
        let summary = "every attempt failed (\(state.attempts.count) attempt\(state.attempts.count == 1 ? "" : "s") over "
            + "\(candidates) candidate\(candidates == 1 ? "" : "s"): \(tried.joined(separator: ", "))). Last error: \(last)"
        var failure = TurnFailure(errors: state.errors, attempts: state.attempts, summary: summary)
        failure.ledgerError = state.ledgerError
        return failure
    }
}

/// Tasks of running turns. A lock rather than actor state, so cancelling never waits behind the actor.
private final class RunningTurns: @unchecked Sendable {
    private let lock = NSLock()
    private var tasks: [UUID: Task<Void, Never>] = [:]
    private var cancelledEarly: Set<UUID> = []

    func add(_ id: UUID, _ task: Task<Void, Never>) {
        let cancelNow = lock.withLock { () -> Bool in
            if cancelledEarly.remove(id) != nil { return true }
            tasks[id] = task
            return false
        }
        if cancelNow { task.cancel() }
    }

    func remove(_ id: UUID) { lock.withLock { _ = tasks.removeValue(forKey: id) } }

    func cancel(_ id: UUID) {
        let task = lock.withLock { () -> Task<Void, Never>? in
            guard let task = tasks[id] else {
                cancelledEarly.insert(id)
                return nil
            }
            return task
        }
        task?.cancel()
    }
}
