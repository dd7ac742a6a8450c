import Foundation

/// The decisions of one turn's attempt loop, as a value: it takes what happened (started, health's answer, an
/// attempt ended, a wait ended or was cancelled) and returns what to do next (ask health, attempt, wait, finish,
/// fail) with the events to emit first. It does no I/O and reads no clock, so every branch is tested without a
/// socket or real time; `RoutingEngine` carries out the actions.
struct AttemptStateMachine: Sendable {
    /// One candidate and where to send to it; nil when its provider is not configured (skipped silently).
    struct Target: Sendable {
        var candidate: RouteCandidate
        var endpoint: ProviderEndpoint?
    }

    /// An attempt to make: send `request` to `endpoint` and report it back with `attemptEnded`.
    struct Attempt: Sendable {
        var ordinal: Int
        var candidate: RouteCandidate
        var endpoint: ProviderEndpoint
        var request: ChatRequest
        /// The text of broken attempts this one is asked to carry on from (`continue_on_failure`); nil otherwise.
        var continuingFrom: String?
        var healthKey: String { HealthTracker.key(for: candidate.deployment) }
    }

    enum Action: Sendable {
        /// Ask health whether this deployment may be tried now (it may claim the probe slot); answer `admission`.
        case checkAdmission(healthKey: String)
        case attempt(Attempt)
        /// Sleep this long, then call `waitFinished`, or `cancelled` if the sleep was cancelled.
        case wait(Duration)
        case finish(TurnSummary)
        case fail(TurnFailure)
    }

    /// Emit `events` in order, then carry out `action`.
    struct Step: Sendable {
        var events: [EngineEvent]
        var action: Action
    }

    private enum State: Sendable {
        case idle
        case waitingForRecovery
        case checkingAdmission
        case attempting(Attempt)
        case waitingToRetry
        case done
    }

    private let turn: TurnRequest
    private let targets: [Target]
    private let retry: RetryPolicy
    private let continueOnFailure: Bool
    private let maxWaitForRecovery: Duration
    private var state = State.idle

    private(set) var attempts: [AttemptRecord] = []
    private(set) var errors: [ProviderError] = []
    private var index = 0
    private var attemptsOnCandidate = 0
    private var previous: RouteInfo?
    /// Text kept from broken attempts that later ones continue, and where each seam is.
    private var text = ""
    private var seams: [Int] = []
    private var continuation: [ChatMessage] = []
    /// The turn's first failed ledger write; reported once, later ones are not repeated.
    private(set) var ledgerError: String?

    static let continuePrompt = "Your previous answer was cut off. Continue it exactly where it stops, without repeating anything."

    init(turn: TurnRequest, targets: [Target], retry: RetryPolicy, continueOnFailure: Bool, maxWaitForRecovery: Duration) {
        self.turn = turn
        self.targets = targets
        self.retry = retry
        self.continueOnFailure = continueOnFailure
        self.maxWaitForRecovery = maxWaitForRecovery
    }

    // MARK: - Inputs

    /// Starts the turn. `recovery` is when the first candidate can be tried again if all are cooling down
    /// (health's `earliestRecovery`); a wait up to `maxWaitForRecovery` is waited out instead of failing.
    mutating func start(recovery: ContinuousClock.Instant?, now: ContinuousClock.Instant) -> Step {
        guard case .idle = state else { preconditionFailure("start given twice") }
        if let recovery {
            let wait = recovery - now
            if wait > .zero, wait <= maxWaitForRecovery {
                state = .waitingForRecovery
                return Step(events: [.notice("every candidate is cooling down; waiting \(wait.formattedSeconds) for the first to recover")],
                            action: .wait(wait))
            }
        }
        return nextCandidate()
    }

    /// Health's answer to `checkAdmission`. A refused candidate is skipped unless it is the last one.
    mutating func admission(_ admitted: Bool) -> Step {
        guard case .checkingAdmission = state else { preconditionFailure("admission without a check") }
        let target = targets[index]
        if admitted || index + 1 >= targets.count { return beginAttempt() }
        index += 1
        return nextCandidate().prepending(.notice("skipping \(target.candidate.model) via \(target.candidate.deployment.provider): cooling down"))
    }

    /// A wait (recovery or retry) has passed.
    mutating func waitFinished() -> Step {
        switch state {
        case .waitingForRecovery: return nextCandidate()
        case .waitingToRetry: return nextCandidate()
        default: preconditionFailure("waitFinished while not waiting")
        }
    }

    /// The turn was cancelled during a wait; a cancelled attempt ends through `attemptEnded` instead.
    mutating func cancelled() -> Step {
        let reason: String
        switch state {
        case .waitingForRecovery: reason = "cancelled while waiting"
        case .waitingToRetry: reason = "cancelled while waiting to retry"
        default: reason = "cancelled"
        }
        return fail(reason)
    }

    /// The record of an attempt that ended, for the ledger; pure, so the engine writes it before deciding on.
    func record(of result: AttemptRunner.Result, for attempt: Attempt, startedAt: Date) -> AttemptRecord {
        let progress = result.progress
        let candidate = attempt.candidate
        let outcome: AttemptRecord.Outcome = result.cancelled ? .cancelled
            : result.error.map { .failed($0.kind, afterFirstToken: progress.firstTokenAt != nil) } ?? .success
        return AttemptRecord(
            turnID: turn.id, ordinal: attempt.ordinal, model: candidate.model, provider: candidate.deployment.provider,
            providerModel: candidate.deployment.providerModel, reason: candidate.reason, outcome: outcome,
            status: result.status, errorMessage: result.error?.description, startedAt: startedAt,
            ttft: progress.firstTokenAt.map { $0 - result.startedAt }, duration: result.endedAt - result.startedAt,
            usage: progress.usage ?? Usage(), cost: progress.usage.flatMap { candidate.deployment.price.cost(of: $0) },
            reportedCost: progress.reportedCost)
    }

    /// A ledger or budget write failed. Returns the notice to emit for the turn's first failure, nil after.
    mutating func ledgerWriteFailed(_ message: String) -> EngineEvent? {
        guard ledgerError == nil else { return nil }
        ledgerError = message
        return .notice(message)
    }

    /// The attempt ended with `result`, recorded as `record`. `jitter` (0..<1) spreads retry backoff.
    mutating func attemptEnded(_ result: AttemptRunner.Result, record: AttemptRecord, jitter: Double) -> Step {
        guard case .attempting(let attempt) = state else { preconditionFailure("attemptEnded without an attempt") }
        attempts.append(record)
        let candidate = attempt.candidate
        let route = candidate.info
        let hasNext = index + 1 < targets.count
        let producedText = result.progress.firstTokenAt != nil

        if let error = result.error, producedText, !result.cancelled, continueOnFailure, error.allowsFallback, hasNext {
            // The answer broke mid-stream: the next candidate carries on from what arrived, and the seam is marked.
            text += result.progress.text
            seams.append(text.count)
            continuation = [.assistant(text), .user(Self.continuePrompt)]
            errors.append(error)
            advance(from: route)
            return nextCandidate().prepending(.attemptFailed(record, error))
        }
        if result.error == nil || producedText || result.cancelled {
            state = .done
            return Step(events: [], action: .finish(summary(attempt: attempt, result: result, record: record)))
        }
        guard let error = result.error else { return fail(nil) }
        errors.append(error)
        let failed = EngineEvent.attemptFailed(record, error)
        if error.kind == .contextLength {
            // Only a larger window can help: skip the candidates that are no larger than this one.
            let failedWindow = candidate.deployment.contextWindow ?? 0
            let next = targets[(index + 1)...].firstIndex { ($0.candidate.deployment.contextWindow ?? Int.max) > failedWindow }
            guard let next else {
                return fail("no candidate has a larger context window than \(failedWindow) tokens").prepending(failed)
            }
            advance(from: route)
            index = next
            return nextCandidate().prepending(
                failed, .notice("context too long for \(candidate.model) via \(candidate.deployment.provider); rerouting to a larger window"))
        }
        switch retry.decide(after: error, attemptsOnCandidate: attemptsOnCandidate, attemptsInTurn: attempts.count,
                            hasNextCandidate: hasNext, jitter: jitter) {
        case .retrySame(let wait):
            state = .waitingToRetry
            return Step(events: [failed, .retrying(route, after: wait, because: error)], action: .wait(wait))
        case .nextCandidate:
            advance(from: route)
            return nextCandidate().prepending(failed)
        case .giveUp:
            return fail(nil).prepending(failed)
        }
    }

    // MARK: - Moves

    /// The next candidate that can be tried: asks health first when it is new to this turn.
    private mutating func nextCandidate() -> Step {
        while index < targets.count {
            guard targets[index].endpoint != nil else {
                index += 1
                continue
            }
            if attemptsOnCandidate == 0 {
                state = .checkingAdmission
                return Step(events: [], action: .checkAdmission(healthKey: HealthTracker.key(for: targets[index].candidate.deployment)))
            }
            return beginAttempt()
        }
        return fail(nil)
    }

    private mutating func beginAttempt() -> Step {
        let target = targets[index]
        guard let endpoint = target.endpoint else { preconditionFailure("attempt on a candidate with no endpoint") }
        attemptsOnCandidate += 1
        let route = target.candidate.info
        var events: [EngineEvent] = []
        if let previous, attemptsOnCandidate == 1, let error = errors.last {
            events.append(.fallback(from: previous, to: route, because: error))
        }
        let ordinal = attempts.count + 1
        events.append(.routed(route, attempt: ordinal))
        let history = UnansweredToolCalls.closed(turn.messages)
        let request = ChatRequest(messages: history.messages + continuation,
                                  maxTokens: BudgetPolicy.outputBound(requested: turn.maxTokens, deployment: target.candidate.deployment),
                                  temperature: turn.temperature, options: turn.options)
        // Said once per candidate: what its wire cannot take from the history (another vendor's thinking).
        if attemptsOnCandidate == 1 {
            if history.count > 0 {
                let calls = history.count == 1 ? "1 tool call" : "\(history.count) tool calls"
                events.append(.notice("\(route.provider): \(calls) with no result sent as text (no tool was run)"))
            }
            for note in ProviderRegistry.adapter(for: endpoint.wire).historyNotes(for: request) {
                events.append(.notice("\(route.provider): \(note)"))
            }
        }
        let attempt = Attempt(ordinal: ordinal, candidate: target.candidate, endpoint: endpoint, request: request,
                              continuingFrom: continuation.isEmpty ? nil : text)
        state = .attempting(attempt)
        return Step(events: events, action: .attempt(attempt))
    }

    private mutating func advance(from route: RouteInfo) {
        previous = route
        index += 1
        attemptsOnCandidate = 0
    }

    private mutating func fail(_ reason: String?) -> Step {
        state = .done
        let tried = attempts.map { "\($0.provider)/\($0.providerModel) (\($0.outcome.label))" }
        let last = reason ?? errors.last.map(\.description) ?? "no candidate could be tried"
        let count = targets.count
        let summary = "every attempt failed (\(attempts.count) attempt\(attempts.count == 1 ? "" : "s") over "
            + "\(count) candidate\(count == 1 ? "" : "s"): \(tried.joined(separator: ", "))). Last error: \(last)"
        var failure = TurnFailure(errors: errors, attempts: attempts, summary: summary)
        failure.ledgerError = ledgerError
        return Step(events: [], action: .fail(failure))
    }

    private func summary(attempt: Attempt, result: AttemptRunner.Result, record: AttemptRecord) -> TurnSummary {
        // Without reported usage the counts are estimates, and an estimate is never priced.
        // The estimate counts thinking and tool calls too: a reply may be nothing else.
        let parts = result.progress.parts
        let reply = ChatMessage(role: .assistant, parts: parts.reasoning.map(ContentPart.reasoning)
                                    + [.text(result.progress.text)] + parts.toolCalls.map(ContentPart.toolCall))
        let usage = result.progress.usage ?? Usage(input: TokenEstimator.estimate(attempt.request.messages),
                                                    output: TokenEstimator.estimate(reply))
        var summary = TurnSummary(
            route: attempt.candidate.info, text: text + result.progress.text, usage: usage,
            usageIsEstimate: result.progress.usage == nil, cost: record.cost, reportedCost: record.reportedCost,
            ttft: record.ttft, duration: record.duration, complete: result.error == nil && !result.cancelled,
            finishReason: result.progress.finishReason, error: result.error, cancelled: result.cancelled,
            attempts: attempts)
        summary.toolCalls = result.progress.parts.toolCalls
        summary.reasoning = result.progress.parts.reasoning(origin: ReasoningOrigin(
            wire: attempt.endpoint.wire, provider: attempt.endpoint.name, model: attempt.candidate.deployment.providerModel))
        summary.seams = seams
        summary.ledgerError = ledgerError
        return summary
    }
}

extension AttemptStateMachine.Step {
    /// The same step with `events` emitted before its own.
    func prepending(_ events: EngineEvent...) -> Self {
        Self(events: events + self.events, action: action)
    }
}
