import Foundation
import Logging

/// The routing engine: decides a route for each turn, holds its worst-case cost against the budget, sends it
/// through the right adapter, retries and falls back, meters every attempt and writes it to the ledger. One actor
/// owns the routing state (resolver, deployment health, observed speeds); each turn streams on its own task so
/// turns never wait for one another.
public actor RoutingEngine {
    public private(set) var resolver: RouteResolver
    private let transport: any HTTPTransport
    private let ledger: (any Ledger)?
    private let budgetLedger: (any BudgetLedger)?
    let clock: any EngineClock
    private let timeouts: Timeouts
    private let retry: RetryPolicy
    private let continueOnFailure: Bool
    /// Where failed ledger and budget writes are logged, besides the notice the turn shows.
    let logger: Logger
    var health: HealthTracker
    /// Health shared with the other processes on the same database, when the store offers it (`shareHealth`).
    var sharedHealth: (any SharedHealth)?
    /// Hears the other instances' health changes while the engine lives.
    var sharedHealthListener: Task<Void, Never>?
    /// Output tokens/s per `provider/providerModel`, smoothed, from the ledger and this process's turns.
    private var observedThroughput: [String: Double]
    /// Running turns by id, so a caller can cancel one and still receive its final (cancelled) event.
    private nonisolated let running = RunningTurns()

    public init(resolver: RouteResolver, transport: any HTTPTransport, ledger: (any Ledger)? = nil,
                budgetLedger: (any BudgetLedger)? = nil, clock: any EngineClock = SystemClock(),
                timeouts: Timeouts = Timeouts(), retry: RetryPolicy = RetryPolicy(), continueOnFailure: Bool = false,
                recentAttempts: [AttemptRecord] = [], observedThroughput: [String: Double] = [:],
                logger: Logger = Logger(label: "switchboard.engine")) {
        self.resolver = resolver
        self.transport = transport
        self.ledger = ledger
        self.budgetLedger = budgetLedger
        self.clock = clock
        self.timeouts = timeouts
        self.retry = retry
        self.continueOnFailure = continueOnFailure
        self.logger = logger
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

    deinit {
        sharedHealthListener?.cancel()
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

    /// Runs a turn in the caller's task, handing every event to `each` as it happens; the last one is `.finished`
    /// or `.failed`. Throws only `RoutingError`, when no route can be planned. `cancel(turn:)` or cancelling the
    /// caller's task stops the request and still delivers the final event (the partial answer, marked cancelled).
    /// Nothing hops to another task on the way: a streamed chunk goes from the network to `each` in one wake-up.
    /// `decided`: the route `decide` gave for this very turn moments before (`serve` decides first, to answer an
    /// unknown model with 404), so it is not decided twice.
    public nonisolated func stream(_ turn: TurnRequest, decided: RouteDecision? = nil,
                                   each: (EngineEvent) async -> Void) async throws {
        let control = running.add(turn.id)
        defer { running.remove(turn.id) }
        try await withTaskCancellationHandler {
            let start = try await prepare(turn, decided: decided)
            let outcome = await execute(turn, start: start, control: control, emit: each)
            await each(outcome)
        } onCancel: {
            control.cancel()
        }
    }

    /// The same turn as a stream of events, run on a task of its own: for callers that want a sequence. Dropping
    /// the stream stops the request.
    public nonisolated func run(_ turn: TurnRequest) -> AsyncThrowingStream<EngineEvent, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    try await self.stream(turn) { continuation.yield($0) }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
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
        // Only deployments that refuse a request now are described: most turns find none, and build nothing.
        for key in health.entries.keys where !health.admits(key, at: now) {
            let remaining = health.snapshot(of: key, at: now)?.cooldownRemaining
            cooling[key] = remaining.map { "cooling down for \($0.formattedSeconds)" } ?? "probe in flight"
        }
        return RouteResolver.HealthView(coolingDown: cooling)
    }

    /// Whether `key` may be tried now; a recovering deployment lets exactly one probe through.
    fileprivate func admit(_ key: String) -> Bool {
        health.beginProbe(key, at: clock.now)
    }

    /// What a turn needs from the actor before anything is sent, in one hop: the decision, the budget limits and
    /// the attempt loop's inputs for the decided candidates.
    fileprivate func prepare(_ turn: TurnRequest, decided: RouteDecision?) throws -> TurnStart {
        let decision = try decided ?? decide(turn)
        return TurnStart(decision: decision, limits: resolver.routing.budget, loop: loopInputs(decision.candidates))
    }

    /// What the attempt loop needs from the actor, in one hop: providers, the recovery-wait bound, and when the
    /// first candidate can be tried again if all are cooling down.
    fileprivate func loopInputs(_ candidates: [RouteCandidate])
        -> LoopInputs {
        let keys = candidates.map { HealthTracker.key(for: $0.deployment) }
        let now = clock.now
        // A deployment in service admits without a probe, so the turn's first check needs no second hop.
        let inService = Set(keys.filter { health.state($0, at: now) == .closed })
        return LoopInputs(candidates: candidates, registry: resolver.planner.registry,
                          maxWaitForRecovery: resolver.routing.health.maxWaitForRecovery,
                          recovery: health.earliestRecovery(of: keys, at: now), inService: inService)
    }

    /// An attempt's outcome told to health and, when it finished the turn, its speed remembered: one hop.
    fileprivate func recordOutcome(_ key: String, _ outcome: HealthTracker.Outcome, retryAfter: Duration?,
                                   finished summary: TurnSummary?) {
        let before = health.state(key, at: clock.now)
        health.record(key, outcome: outcome, at: clock.now, retryAfter: retryAfter)
        if sharedHealth != nil { publishHealth(key, before: before) }
        if let summary { recordThroughput(summary) }
    }

    private func recordThroughput(_ summary: TurnSummary) {
        guard summary.complete, let rate = summary.tokensPerSecond else { return }
        let key = summary.route.provider + "/" + summary.route.providerModel
        observedThroughput[key] = observedThroughput[key].map { 0.7 * $0 + 0.3 * rate } ?? rate
    }

    // MARK: - One turn

    /// Holds the budget, reports the decision (with the budget's verdict in it), runs the attempt loop, settles.
    /// Runs off the actor so a long stream blocks nothing.
    private nonisolated func execute(_ turn: TurnRequest, start turnStart: TurnStart, control: TurnControl,
                                     emit: (EngineEvent) async -> Void) async -> EngineEvent {
        let decision = turnStart.decision
        var candidates = decision.candidates
        var hold: Int64?
        let limits = turnStart.limits
        // A gateway key's caps are held like the global limits, in the same ledger transaction.
        let policy = BudgetPolicy(limits: limits, key: turn.gatewayKey?.budget)
        if !policy.isEmpty, let budgetLedger {
            let start: BudgetStart
            do {
                // Thinking the adapters ask for beside the answer is held too.
                let outputLimits = BudgetPolicy.outputLimits(for: turn, candidates: candidates, registry: turnStart.loop.registry)
                let decide: @Sendable (BudgetSpend) throws -> (Money?, BudgetPolicy.Decision) = { [candidates] spend in
                    let verdict = policy.decide(candidates: candidates, promptTokens: decision.promptTokens,
                                                maxOutputTokens: turn.maxTokens, spend: spend, outputLimits: outputLimits)
                    switch verdict {
                    case .fits(let reserve, _), .downgrade(_, let reserve, _, _): return (reserve, verdict)
                    case .block: return (nil, verdict)
                    }
                }
                let (reserved, verdict) = if let key = policy.key {
                    try await budgetLedger.reserve(session: turn.sessionID, key: key, turn: turn.id, decide: decide)
                } else {
                    try await budgetLedger.reserve(session: turn.sessionID, decide: decide)
                }
                hold = reserved
                start = BudgetStart.after(verdict, decision: decision)
            } catch {
                logger.error("could not check the budget", metadata: ["error": "\(error)", "turn": "\(turn.id)"])
                start = BudgetStart.unchecked(error, decision: decision)
            }
            for event in start.events { await emit(event) }
            switch start {
            case .proceed(_, let remaining): candidates = remaining
            case .refused(_, let failure): return .failed(failure)
            }
        } else {
            await emit(.planned(decision))
        }
        // The loop inputs read with the decision hold while the budget left the candidates as they were.
        let inputs = candidates == turnStart.loop.candidates ? turnStart.loop : await loopInputs(candidates)
        var outcome = await attemptLoop(turn, inputs: inputs, control: control, emit: emit)
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
                try await budgetLedger.settle(hold, actual: actual)
            } catch {
                let message = "could not release this turn's budget hold (it counts until this process ends): \(error)"
                logger.error("\(message)", metadata: ["turn": "\(turn.id)"])
                await emit(.notice(message))
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

    /// Carries out what the attempt state machine decides: asks health, sends attempts, writes the ledger,
    /// sleeps. Every decision is the machine's; this only does the I/O, with no await per streamed token.
    private nonisolated func attemptLoop(_ turn: TurnRequest, inputs: LoopInputs, control: TurnControl,
                                         emit: (EngineEvent) async -> Void) async -> EngineEvent {
        let runner = AttemptRunner(transport: transport, timeouts: timeouts, clock: clock)
        let registry = inputs.registry
        let targets = inputs.candidates.map {
            AttemptStateMachine.Target(candidate: $0, endpoint: registry.endpoint($0.deployment.provider))
        }
        var machine = AttemptStateMachine(turn: turn, targets: targets, retry: retry, continueOnFailure: continueOnFailure,
                                          maxWaitForRecovery: inputs.maxWaitForRecovery)
        var step = machine.start(recovery: inputs.recovery, now: clock.now)
        // Health as read with the inputs answers the first check; after an attempt or a wait it is asked again.
        var inService = inputs.inService
        while true {
            for event in step.events { await emit(event) }
            switch step.action {
            case .checkAdmission(let key):
                let admitted = inService.contains(key) ? true : await admit(key)
                step = machine.admission(admitted)
            case .wait(let duration):
                inService = []
                step = await control.wait(for: duration, on: clock) ? machine.waitFinished() : machine.cancelled()
            case .attempt(let attempt):
                inService = []
                let (result, record) = await send(attempt, turn: turn, runner: runner, control: control,
                                                  machine: &machine, emit: emit)
                step = machine.attemptEnded(result, record: record, jitter: Double.random(in: 0..<1))
                // Health hears the outcome before the next step is carried out; a finished turn's speed goes with it.
                var finished: TurnSummary?
                if case .finish(let summary) = step.action { finished = summary }
                await recordOutcome(attempt.healthKey, result.cancelled ? .neutral : result.error.map { .failure($0.kind) } ?? .success,
                                    retryAfter: result.error?.retryAfter, finished: finished)
            case .finish(let summary):
                return .finished(summary)
            case .fail(let failure):
                return .failed(failure)
            }
        }
    }

    /// One attempt's I/O: in the ledger before it is sent, sent, recorded (health hears it in the loop).
    private nonisolated func send(_ attempt: AttemptStateMachine.Attempt, turn: TurnRequest, runner: AttemptRunner,
                                  control: TurnControl, machine: inout AttemptStateMachine,
                                  emit: (EngineEvent) async -> Void) async -> (result: AttemptRunner.Result, record: AttemptRecord) {
        let startedWall = clock.wallNow
        if let ledger {
            // In the ledger before it is sent: a process killed mid-stream leaves it for the next one to close.
            let candidate = attempt.candidate
            let pending = AttemptRecord(turnID: turn.id, ordinal: attempt.ordinal, model: candidate.model,
                                        provider: candidate.deployment.provider,
                                        providerModel: candidate.deployment.providerModel, reason: candidate.reason,
                                        outcome: .inFlight, startedAt: startedWall, duration: .zero)
            do { try await ledger.begin(pending) } catch { await ledgerFailed(attempt.ordinal, error, turn: turn, machine: &machine, emit: emit) }
        }
        let signal = control.startAttempt()
        let result = await runner.run(attempt.request, on: attempt.endpoint,
                                      providerModel: attempt.candidate.deployment.providerModel, signal: signal, emit: emit)
        let record = machine.record(of: result, for: attempt, startedAt: startedWall)
        if let ledger {
            do { try await ledger.record(record) } catch { await ledgerFailed(attempt.ordinal, error, turn: turn, machine: &machine, emit: emit) }
        }
        return (result, record)
    }

    /// A ledger write failed: the turn's first failure is shown once and logged; the turn goes on.
    private nonisolated func ledgerFailed(_ ordinal: Int, _ error: any Error, turn: TurnRequest,
                                          machine: inout AttemptStateMachine, emit: (EngineEvent) async -> Void) async {
        let message = "could not record attempt \(ordinal) in the ledger (spend and stats will miss it): \(error)"
        guard let notice = machine.ledgerWriteFailed(message) else { return }
        logger.error("\(message)", metadata: ["turn": "\(turn.id)"])
        await emit(notice)
    }
}

/// What the actor hands a turn before it starts: read in one hop.
private struct TurnStart: Sendable {
    var decision: RouteDecision
    var limits: BudgetLimits
    var loop: LoopInputs
}

/// What the attempt loop needs from the actor for a list of candidates.
private struct LoopInputs: Sendable {
    var candidates: [RouteCandidate]
    var registry: ProviderRegistry
    var maxWaitForRecovery: Duration
    var recovery: ContinuousClock.Instant?
    /// The keys whose deployments were in service (admitting without a probe) when the inputs were read.
    var inService: Set<String>
}

/// The controls of running turns by id. A lock rather than actor state, so cancelling never waits behind the actor.
private final class RunningTurns: @unchecked Sendable {
    private let lock = NSLock()
    private var controls: [UUID: TurnControl] = [:]
    private var cancelledEarly: Set<UUID> = []

    /// The control of a turn that starts now; already cancelled when `cancel` came before the turn did.
    func add(_ id: UUID) -> TurnControl {
        let control = TurnControl()
        let cancelNow = lock.withLock { () -> Bool in
            if cancelledEarly.remove(id) != nil { return true }
            controls[id] = control
            return false
        }
        if cancelNow { control.cancel() }
        return control
    }

    func remove(_ id: UUID) { lock.withLock { _ = controls.removeValue(forKey: id) } }

    func cancel(_ id: UUID) {
        let control = lock.withLock { () -> TurnControl? in
            guard let control = controls[id] else {
                cancelledEarly.insert(id)
                return nil
            }
            return control
        }
        control?.cancel()
    }
}
