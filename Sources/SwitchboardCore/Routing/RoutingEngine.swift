import Foundation

/// The routing engine: plans a route for each turn, sends it through the right adapter, retries and falls back,
/// meters every attempt and writes it to the ledger. One actor owns the routing state (catalog, providers,
/// observed speeds); each turn streams on its own task so turns never wait for one another.
public actor RoutingEngine {
    public private(set) var planner: RoutePlanner
    private let transport: any HTTPTransport
    private let ledger: (any Ledger)?
    private let clock: any EngineClock
    private let timeouts: Timeouts
    private let retry: RetryPolicy
    /// Output tokens/s per `provider/providerModel`, smoothed, from this process's completed turns.
    private var observedThroughput: [String: Double] = [:]
    /// Running turns by id, so a caller can cancel one and still receive its final (cancelled) event.
    private nonisolated let running = RunningTurns()

    public init(planner: RoutePlanner, transport: any HTTPTransport, ledger: (any Ledger)? = nil,
                clock: any EngineClock = SystemClock(), timeouts: Timeouts = Timeouts(), retry: RetryPolicy = RetryPolicy()) {
        self.planner = planner
        self.transport = transport
        self.ledger = ledger
        self.clock = clock
        self.timeouts = timeouts
        self.retry = retry
    }

    /// Plans the turn's candidates without sending anything.
    public func plan(_ turn: TurnRequest) throws -> [RouteCandidate] {
        try planner.plan(primary: turn.model, fallbacks: turn.fallbacks, observedThroughput: observedThroughput)
    }

    /// Runs a turn. The stream ends with `.finished` or `.failed`; it throws only `RoutingError` when no route
    /// can be planned. `cancel(turn:)` stops the request and still delivers the final event (the partial answer,
    /// marked cancelled); dropping the stream also stops the request.
    public nonisolated func run(_ turn: TurnRequest) -> AsyncThrowingStream<EngineEvent, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                defer { self.running.remove(turn.id) }
                do {
                    let candidates = try await self.plan(turn)
                    let outcome = await self.execute(turn, candidates: candidates) { continuation.yield($0) }
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

    private func recordThroughput(_ summary: TurnSummary) {
        guard summary.complete, let rate = summary.tokensPerSecond else { return }
        let key = summary.route.provider + "/" + summary.route.providerModel
        observedThroughput[key] = observedThroughput[key].map { 0.7 * $0 + 0.3 * rate } ?? rate
    }

    /// The attempt loop. Runs off the actor (nonisolated) so a long stream never blocks other turns.
    private nonisolated func execute(_ turn: TurnRequest, candidates: [RouteCandidate],
                                     emit: @escaping @Sendable (EngineEvent) -> Void) async -> EngineEvent {
        let runner = AttemptRunner(transport: transport, timeouts: timeouts, clock: clock)
        let registry = await planner.registry
        var attempts: [AttemptRecord] = []
        var errors: [ProviderError] = []
        var index = 0
        var attemptsOnCandidate = 0
        var previous: RouteInfo?

        while index < candidates.count {
            let candidate = candidates[index]
            guard let endpoint = registry.endpoint(candidate.deployment.provider) else { index += 1; continue }
            attemptsOnCandidate += 1
            let route = candidate.info
            if let previous, attemptsOnCandidate == 1, let error = errors.last {
                emit(.fallback(from: previous, to: route, because: error))
            }
            emit(.routed(route, attempt: attempts.count + 1))
            let request = ChatRequest(messages: turn.messages, maxTokens: turn.maxTokens ?? candidate.deployment.maxOutput.map { min($0, 8192) },
                                      temperature: turn.temperature)
            let startedWall = clock.wallNow
            let result = await runner.run(request, on: endpoint, providerModel: candidate.deployment.providerModel, emit: emit)
            let record = makeRecord(turn: turn, ordinal: attempts.count + 1, candidate: candidate, result: result,
                                    startedAt: startedWall, request: request)
            attempts.append(record)
            try? await ledger?.record(record)

            let producedText = result.progress.firstTokenAt != nil
            if result.error == nil || producedText || result.cancelled {
                let summary = makeSummary(route: route, request: request, result: result, record: record, attempts: attempts)
                await recordThroughput(summary)
                return .finished(summary)
            }
            guard let error = result.error else { break }
            errors.append(error)
            emit(.attemptFailed(record, error))
            let decision = retry.decide(after: error, attemptsOnCandidate: attemptsOnCandidate,
                                        attemptsInTurn: attempts.count, hasNextCandidate: index + 1 < candidates.count,
                                        jitter: Double.random(in: 0..<1))
            switch decision {
            case .retrySame(let wait):
                emit(.retrying(route, after: wait, because: error))
                do { try await clock.sleep(for: wait) } catch { return cancelledFailure(attempts, errors) }
            case .nextCandidate:
                previous = route
                index += 1
                attemptsOnCandidate = 0
            case .giveUp:
                return .failed(Self.failure(errors: errors, attempts: attempts, candidates: candidates.count))
            }
        }
        return .failed(Self.failure(errors: errors, attempts: attempts, candidates: candidates.count))
    }

    private nonisolated func cancelledFailure(_ attempts: [AttemptRecord], _ errors: [ProviderError]) -> EngineEvent {
        .failed(TurnFailure(errors: errors, attempts: attempts, summary: "cancelled while waiting to retry"))
    }

    private nonisolated func makeRecord(turn: TurnRequest, ordinal: Int, candidate: RouteCandidate,
                                        result: AttemptRunner.Result, startedAt: Date, request: ChatRequest) -> AttemptRecord {
        let progress = result.progress
        let usage = progress.usage ?? Usage()
        let outcome: AttemptRecord.Outcome = result.cancelled ? .cancelled
            : result.error.map { .failed($0.kind, afterFirstToken: progress.firstTokenAt != nil) } ?? .success
        return AttemptRecord(
            turnID: turn.id, ordinal: ordinal, model: candidate.model, provider: candidate.deployment.provider,
            providerModel: candidate.deployment.providerModel, reason: candidate.reason, outcome: outcome,
            status: result.status, errorMessage: result.error?.description, startedAt: startedAt,
            ttft: progress.firstTokenAt.map { $0 - result.startedAt },
            duration: result.endedAt - result.startedAt,
            usage: usage, cost: progress.usage.flatMap { candidate.deployment.price.cost(of: $0) },
            reportedCost: progress.reportedCost)
    }

    private nonisolated func makeSummary(route: RouteInfo, request: ChatRequest, result: AttemptRunner.Result,
                                         record: AttemptRecord, attempts: [AttemptRecord]) -> TurnSummary {
        // Without reported usage the counts are estimates, and an estimate is never priced.
        let usage = result.progress.usage ?? Usage(input: TokenEstimator.estimate(request.messages),
                                                    output: TokenEstimator.estimate(result.progress.text))
        return TurnSummary(route: route, text: result.progress.text, usage: usage,
                    usageIsEstimate: result.progress.usage == nil, cost: record.cost, reportedCost: record.reportedCost,
                    ttft: record.ttft, duration: record.duration,
                    complete: result.error == nil && !result.cancelled, finishReason: result.progress.finishReason,
                    error: result.error, cancelled: result.cancelled, attempts: attempts)
    }

    static func failure(errors: [ProviderError], attempts: [AttemptRecord], candidates: Int) -> TurnFailure {
        let tried = attempts.map { "\($0.provider)/\($0.providerModel) (\($0.outcome.label))" }
        let last = errors.last.map(\.description) ?? "no candidate could be tried"
        let summary = "every attempt failed (\(attempts.count) attempt\(attempts.count == 1 ? "" : "s") over "
            + "\(candidates) candidate\(candidates == 1 ? "" : "s"): \(tried.joined(separator: ", "))). Last error: \(last)"
        return TurnFailure(errors: errors, attempts: attempts, summary: summary)
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
