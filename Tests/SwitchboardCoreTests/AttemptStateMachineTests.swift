import Foundation
@testable import SwitchboardCore
import XCTest

/// Every branch of the attempt loop, as values: no socket, no clock but the instants the test hands in.
final class AttemptStateMachineTests: XCTestCase {
    private let t0 = ContinuousClock.now
    private let turn = TurnRequest(messages: [.user("Hello")], model: ModelRef(id: "acme/model"), maxTokens: 100)

    // MARK: - Fixtures

    private func target(_ name: String, window: Int? = nil, reachable: Bool = true) -> AttemptStateMachine.Target {
        let deployment = Deployment(provider: name, providerModel: "model-\(name)", price: Price(input: nil, output: nil),
                                    contextWindow: window)
        let endpoint = ProviderEndpoint(name: name, wire: .openAICompatible,
                                        baseURL: URL(fileURLWithPath: "/nowhere"), apiKey: "k")
        return .init(candidate: RouteCandidate(model: "acme/model", deployment: deployment, reason: "test"),
                     endpoint: reachable ? endpoint : nil)
    }

    private func machine(_ targets: [AttemptStateMachine.Target], continueOnFailure: Bool = false,
                         retry: RetryPolicy = RetryPolicy()) -> AttemptStateMachine {
        AttemptStateMachine(turn: turn, targets: targets, retry: retry, continueOnFailure: continueOnFailure,
                            maxWaitForRecovery: .seconds(30))
    }

    private func result(text: String = "", error: ProviderError? = nil, cancelled: Bool = false) -> AttemptRunner.Result {
        let progress = AttemptProgress.Snapshot(text: text, usage: nil, reportedCost: nil, servedModel: nil,
                                                finishReason: error == nil && !cancelled ? "stop" : nil,
                                                firstTokenAt: text.isEmpty ? nil : t0 + .milliseconds(50),
                                                lastProgressAt: t0 + .milliseconds(90))
        return AttemptRunner.Result(progress: progress, status: error?.status ?? 200, error: error, cancelled: cancelled,
                                    startedAt: t0, endedAt: t0 + .milliseconds(100))
    }

    private func error(_ kind: ProviderError.Kind, _ provider: String = "p0", retryAfter: Duration? = nil) -> ProviderError {
        ProviderError(kind: kind, provider: provider, message: "scripted", retryAfter: retryAfter)
    }

    /// Starts the machine and answers health's first question with yes; returns the first attempt.
    private func firstAttempt(_ sm: inout AttemptStateMachine) throws -> AttemptStateMachine.Attempt {
        let start = sm.start(recovery: nil, now: t0)
        guard case .checkAdmission = start.action else { throw failure("expected an admission check, got \(start.action)") }
        return try attempt(sm.admission(true))
    }

    /// Feeds `result` for the running attempt and returns the next step.
    private func end(_ sm: inout AttemptStateMachine, _ attempt: AttemptStateMachine.Attempt,
                     _ result: AttemptRunner.Result) -> AttemptStateMachine.Step {
        let record = sm.record(of: result, for: attempt, startedAt: Date(timeIntervalSince1970: 0))
        return sm.attemptEnded(result, record: record, jitter: 0)
    }

    private func attempt(_ step: AttemptStateMachine.Step) throws -> AttemptStateMachine.Attempt {
        guard case .attempt(let attempt) = step.action else { throw failure("expected an attempt, got \(step.action)") }
        return attempt
    }

    private func failure(_ message: String) -> some Error {
        XCTFail(message)
        return CocoaError(.featureUnsupported)
    }

    private func labels(_ events: [EngineEvent]) -> [String] {
        events.map { event in
            switch event {
            case .planned: "planned"
            case .notice(let text): "notice: " + text
            case .routed(let route, let attempt): "routed \(route.provider) #\(attempt)"
            case .delta(let text): "delta " + text
            case .reasoning(let text): "reasoning " + text
            case .reasoningSeal: "reasoning seal"
            case .toolCall(let delta): "tool call #\(delta.index)"
            case .usage: "usage"
            case .attemptFailed(let record, let error): "failed #\(record.ordinal) \(error.kind.rawValue)"
            case .fallback(let from, let to, _): "fallback \(from.provider)->\(to.provider)"
            case .retrying(let route, let wait, _): "retrying \(route.provider) after \(wait.formattedSeconds)"
            case .finished: "finished"
            case .failed: "failed"
            }
        }
    }

    // MARK: - Branches

    func testAnAnswerFromTheFirstCandidateFinishesTheTurn() throws {
        var sm = machine([target("p0"), target("p1")])
        let start = sm.start(recovery: nil, now: t0)
        guard case .checkAdmission(let key) = start.action else { return XCTFail("\(start.action)") }
        XCTAssertEqual(key, "p0/model-p0")
        let step = sm.admission(true)
        XCTAssertEqual(labels(step.events), ["routed p0 #1"])
        let first = try attempt(step)
        XCTAssertEqual(first.ordinal, 1)
        XCTAssertEqual(first.request.messages, turn.messages)
        XCTAssertNil(first.continuingFrom)
        guard case .finish(let summary) = end(&sm, first, result(text: "Hi there")).action else { return XCTFail() }
        XCTAssertEqual(summary.text, "Hi there")
        XCTAssertTrue(summary.complete)
        XCTAssertEqual(summary.attempts.map(\.outcome), [.success])
        XCTAssertTrue(summary.usageIsEstimate, "no usage reported: the counts are estimates")
    }

    func testRetryAfterIsWaitedOutOnTheSameDeployment() throws {
        var sm = machine([target("p0"), target("p1")])
        let first = try firstAttempt(&sm)
        let step = end(&sm, first, result(error: error(.rateLimited, retryAfter: .seconds(7))))
        XCTAssertEqual(labels(step.events), ["failed #1 rate_limited", "retrying p0 after 7 s"])
        guard case .wait(let wait) = step.action else { return XCTFail("\(step.action)") }
        XCTAssertEqual(wait, .seconds(7))
        let again = sm.waitFinished()
        XCTAssertEqual(labels(again.events), ["routed p0 #2"], "same deployment, no health check, no fallback")
        let second = try attempt(again)
        XCTAssertEqual(second.candidate.deployment.provider, "p0")
        XCTAssertEqual(second.ordinal, 2)
    }

    func testALongRetryAfterMovesOnInsteadOfWaiting() throws {
        var sm = machine([target("p0"), target("p1")])
        let first = try firstAttempt(&sm)
        let step = end(&sm, first, result(error: error(.rateLimited, retryAfter: .seconds(120))))
        guard case .checkAdmission(let key) = step.action else { return XCTFail("\(step.action)") }
        XCTAssertEqual(key, "p1/model-p1")
    }

    func testBackoffOnTheLastCandidateGrowsAndIsCapped() throws {
        var sm = machine([target("p0")], retry: RetryPolicy(maxAttemptsPerCandidate: 3, baseBackoff: .milliseconds(500)))
        var current = try firstAttempt(&sm)
        var waits: [Duration] = []
        for _ in 0..<2 {
            let step = end(&sm, current, result(error: error(.server)))
            guard case .wait(let wait) = step.action else { return XCTFail("\(step.action)") }
            waits.append(wait)
            current = try attempt(sm.waitFinished())
        }
        XCTAssertEqual(waits, [.milliseconds(500), .seconds(1)])
        guard case .fail(let failure) = end(&sm, current, result(error: error(.server))).action else { return XCTFail() }
        XCTAssertEqual(failure.attempts.count, 3, "three attempts on the candidate, then it gives up")
    }

    func testAFailureBeforeTheFirstTokenFallsBackToTheNextCandidate() throws {
        var sm = machine([target("p0"), target("p1")])
        let first = try firstAttempt(&sm)
        let step = end(&sm, first, result(error: error(.overloaded)))
        XCTAssertEqual(labels(step.events), ["failed #1 overloaded"])
        guard case .checkAdmission(let key) = step.action else { return XCTFail("\(step.action)") }
        XCTAssertEqual(key, "p1/model-p1")
        let next = sm.admission(true)
        XCTAssertEqual(labels(next.events), ["fallback p0->p1", "routed p1 #2"])
        guard case .finish(let summary) = end(&sm, try attempt(next), result(text: "ok")).action else { return XCTFail() }
        XCTAssertEqual(summary.route.provider, "p1")
        XCTAssertEqual(summary.attempts.map(\.provider), ["p0", "p1"])
    }

    func testARefusedRequestGivesUpWithoutFallingBack() throws {
        var sm = machine([target("p0"), target("p1")])
        let step = end(&sm, try firstAttempt(&sm), result(error: error(.badRequest)))
        XCTAssertEqual(labels(step.events), ["failed #1 bad_request"])
        guard case .fail(let failure) = step.action else { return XCTFail("\(step.action)") }
        XCTAssertEqual(failure.attempts.count, 1)
        XCTAssertTrue(failure.summary.contains("over 2 candidates"), failure.summary)
    }

    func testContextTooLongReroutesToTheFirstLargerWindow() throws {
        var sm = machine([target("p0", window: 8_000), target("p1", window: 8_000), target("p2", window: 128_000)])
        let step = end(&sm, try firstAttempt(&sm), result(error: error(.contextLength)))
        XCTAssertEqual(labels(step.events), ["failed #1 context_length",
                                             "notice: context too long for acme/model via p0; rerouting to a larger window"])
        guard case .checkAdmission(let key) = step.action else { return XCTFail("\(step.action)") }
        XCTAssertEqual(key, "p2/model-p2", "the same-sized window is skipped")
    }

    func testContextTooLongWithNoLargerWindowFails() throws {
        var sm = machine([target("p0", window: 8_000), target("p1", window: 4_000)])
        let step = end(&sm, try firstAttempt(&sm), result(error: error(.contextLength)))
        guard case .fail(let failure) = step.action else { return XCTFail("\(step.action)") }
        XCTAssertTrue(failure.summary.hasSuffix("no candidate has a larger context window than 8000 tokens"), failure.summary)
    }

    func testABrokenAnswerContinuesOnTheNextCandidateWithASeam() throws {
        var sm = machine([target("p0"), target("p1")], continueOnFailure: true)
        let step = end(&sm, try firstAttempt(&sm), result(text: "Hello wor", error: error(.truncated)))
        XCTAssertEqual(labels(step.events), ["failed #1 truncated"])
        let next = try attempt(sm.admission(true))
        XCTAssertEqual(next.continuingFrom, "Hello wor")
        XCTAssertEqual(next.request.messages,
                       turn.messages + [.assistant("Hello wor"), .user(AttemptStateMachine.continuePrompt)])
        guard case .finish(let summary) = end(&sm, next, result(text: "ld")).action else { return XCTFail() }
        XCTAssertEqual(summary.text, "Hello world")
        XCTAssertEqual(summary.seams, [9])
        XCTAssertTrue(summary.complete)
    }

    func testABrokenAnswerWithoutContinuationEndsIncomplete() throws {
        var sm = machine([target("p0"), target("p1")], continueOnFailure: false)
        let step = end(&sm, try firstAttempt(&sm), result(text: "Hello wor", error: error(.truncated)))
        guard case .finish(let summary) = step.action else { return XCTFail("\(step.action)") }
        XCTAssertFalse(summary.complete)
        XCTAssertEqual(summary.error?.kind, .truncated)
        XCTAssertEqual(summary.text, "Hello wor")
    }

    func testEveryCandidateCoolingDownIsWaitedOutWhenTheWaitIsShort() throws {
        var sm = machine([target("p0")])
        let step = sm.start(recovery: t0 + .seconds(12), now: t0)
        XCTAssertEqual(labels(step.events), ["notice: every candidate is cooling down; waiting 12 s for the first to recover"])
        guard case .wait(let wait) = step.action else { return XCTFail("\(step.action)") }
        XCTAssertEqual(wait, .seconds(12))
        guard case .checkAdmission = sm.waitFinished().action else { return XCTFail() }
    }

    func testACooldownLongerThanTheBoundIsNotWaitedFor() {
        var sm = machine([target("p0")])
        guard case .checkAdmission = sm.start(recovery: t0 + .seconds(31), now: t0).action else { return XCTFail() }
        var ready = machine([target("p0")])
        guard case .checkAdmission = ready.start(recovery: t0, now: t0).action else { return XCTFail("recovered already") }
    }

    func testACoolingCandidateIsSkippedUnlessItIsTheLast() throws {
        var sm = machine([target("p0"), target("p1")])
        _ = sm.start(recovery: nil, now: t0)
        let skipped = sm.admission(false)
        XCTAssertEqual(labels(skipped.events), ["notice: skipping acme/model via p0: cooling down"])
        guard case .checkAdmission(let key) = skipped.action else { return XCTFail("\(skipped.action)") }
        XCTAssertEqual(key, "p1/model-p1")
        let last = try attempt(sm.admission(false))
        XCTAssertEqual(last.candidate.deployment.provider, "p1", "the last candidate is tried even while cooling")
    }

    func testACandidateWithNoEndpointIsSkippedSilently() throws {
        var sm = machine([target("p0", reachable: false), target("p1")])
        let start = sm.start(recovery: nil, now: t0)
        XCTAssertTrue(start.events.isEmpty)
        guard case .checkAdmission(let key) = start.action else { return XCTFail("\(start.action)") }
        XCTAssertEqual(key, "p1/model-p1")
    }

    func testCancelledWhileWaitingToRetryFails() throws {
        var sm = machine([target("p0")])
        _ = end(&sm, try firstAttempt(&sm), result(error: error(.server)))
        guard case .fail(let failure) = sm.cancelled().action else { return XCTFail() }
        XCTAssertTrue(failure.summary.hasSuffix("Last error: cancelled while waiting to retry"), failure.summary)
        XCTAssertEqual(failure.attempts.count, 1)
    }

    func testCancelledWhileWaitingForRecoveryFails() {
        var sm = machine([target("p0")])
        _ = sm.start(recovery: t0 + .seconds(5), now: t0)
        guard case .fail(let failure) = sm.cancelled().action else { return XCTFail() }
        XCTAssertTrue(failure.summary.hasSuffix("Last error: cancelled while waiting"), failure.summary)
    }

    func testACancelledAttemptFinishesWithWhatArrived() throws {
        var sm = machine([target("p0"), target("p1")])
        let step = end(&sm, try firstAttempt(&sm), result(text: "partial", cancelled: true))
        guard case .finish(let summary) = step.action else { return XCTFail("\(step.action)") }
        XCTAssertTrue(summary.cancelled)
        XCTAssertFalse(summary.complete)
        XCTAssertEqual(summary.text, "partial")
        XCTAssertEqual(summary.attempts.map(\.outcome), [.cancelled])
    }

    func testAFailedLedgerWriteIsReportedOnceAndKeptOnTheOutcome() throws {
        var sm = machine([target("p0")])
        let first = try firstAttempt(&sm)
        XCTAssertNotNil(sm.ledgerWriteFailed("disk full (1)"))
        XCTAssertNil(sm.ledgerWriteFailed("disk full (2)"), "the turn's first failure only")
        guard case .finish(let summary) = end(&sm, first, result(text: "ok")).action else { return XCTFail() }
        XCTAssertEqual(summary.ledgerError, "disk full (1)")
    }

    // MARK: - Budget verdict

    private func decision(_ names: [String]) -> RouteDecision {
        RouteDecision(requested: "acme/model", candidates: names.map { target($0).candidate }, rejected: [], notes: [],
                      difficulty: nil, promptTokens: 10)
    }

    func testABudgetThatFitsKeepsEveryCandidateAndPassesWarningsOn() {
        let start = BudgetStart.after(.fits(reserve: Money(Decimal(25) / 100), warnings: ["daily 80% used"]),
                                      decision: decision(["p0", "p1"]))
        guard case .proceed(let events, let candidates) = start else { return XCTFail("\(start)") }
        XCTAssertEqual(candidates.map(\.deployment.provider), ["p0", "p1"])
        XCTAssertEqual(labels(events), ["planned", "notice: budget: daily 80% used"])
        guard case .planned(let planned) = events.first else { return XCTFail() }
        XCTAssertEqual(planned.notes, ["budget: fits, holding $0.25"])
    }

    func testABudgetDowngradeDropsTheDearerCandidates() {
        let start = BudgetStart.after(.downgrade(to: 1, reserve: nil, because: "cheaper to stay under 1", warnings: []),
                                      decision: decision(["p0", "p1", "p2"]))
        guard case .proceed(let events, let candidates) = start else { return XCTFail("\(start)") }
        XCTAssertEqual(candidates.map(\.deployment.provider), ["p1", "p2"])
        XCTAssertEqual(labels(events), ["planned", "notice: budget: cheaper to stay under 1"])
    }

    func testABudgetRefusalSendsNothing() {
        let start = BudgetStart.after(.block("daily limit 1 reached"), decision: decision(["p0"]))
        guard case .refused(let events, let failure) = start else { return XCTFail("\(start)") }
        XCTAssertEqual(labels(events), ["planned"])
        XCTAssertEqual(failure.summary, "refused by budget: daily limit 1 reached")
        XCTAssertTrue(failure.attempts.isEmpty)
    }
}
