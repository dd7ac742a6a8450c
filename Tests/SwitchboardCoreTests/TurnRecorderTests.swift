import XCTest
@testable import SwitchboardCore
import SwitchboardTestSupport

/// The one turn recorder against an in-memory store and a step clock: what is written when, the one status
/// mapping, and what a failing store gets (one report, no write per token, nothing after damage). No sleeps.
final class TurnRecorderTests: XCTestCase {
    private let clock = StepClock()
    private let session = UUID()
    private let turn = UUID()
    private let route = RouteInfo(model: "demo/pro", provider: "demo", providerModel: "demo-pro", reason: "explicit")

    private func recorder(_ store: FakeSessionStore, keepsAnsweringModel: Bool = false) -> TurnRecorder {
        TurnRecorder(store: store, session: session, turn: turn, requestedModel: "demo/mini",
                     keepsAnsweringModel: keepsAnsweringModel, clock: clock)
    }

    private func summary(_ text: String, complete: Bool = true, cancelled: Bool = false) -> TurnSummary {
        TurnSummary(route: route, text: text, usage: Usage(input: 3, output: 7), cost: Money(Decimal(string: "0.02") ?? 0),
                    ttft: .milliseconds(120), duration: .seconds(1), complete: complete, cancelled: cancelled, attempts: [])
    }

    /// 20 deltas, one every 50 ms.
    private func stream(_ recorder: TurnRecorder) async {
        for step in 0..<20 {
            clock.advance(by: .milliseconds(50))
            await recorder.handle(.delta("w\(step) "))
            await recorder.waitForCheckpoint()  // a checkpoint is written beside the stream: let it land
        }
    }

    func testThePromptIsCommittedAndTheReplyOpenedBeforeTheRequestLeaves() async throws {
        let store = FakeSessionStore()
        try await recorder(store).begin(prompt: "q")
        let calls = await store.calls
        XCTAssertEqual(calls, ["prompt \(turn) q", "open \(turn) answering \(turn) demo/mini"])
    }

    func testComparedAnswersOpenAReplyToTheFirstTurnsPromptWithoutCommittingItAgain() async throws {
        let store = FakeSessionStore()
        let first = UUID()
        try await recorder(store).begin(prompt: nil, promptTurn: first)
        let calls = await store.calls
        XCTAssertEqual(calls, ["open \(turn) answering \(first) demo/mini"])
    }

    func testStreamedTextIsCheckpointedAtMostEvery250Milliseconds() async throws {
        let store = FakeSessionStore()
        let recorder = recorder(store)
        try await recorder.begin(prompt: "q")
        await stream(recorder)
        let checkpoints = await store.checkpoints
        XCTAssertEqual(checkpoints.count, 4, "1000 ms of deltas: checkpoints at 250, 500, 750 and 1000 ms")
        XCTAssertEqual(checkpoints.first, "w0 w1 w2 w3 w4 ")
        XCTAssertEqual(checkpoints.last, (0..<20).map { "w\($0) " }.joined())
    }

    /// A stream that pauses: what arrived is saved once its 250 ms are up, without waiting for more text.
    func testTextBeforeAPauseIsCheckpointedOnceItsIntervalIsUp() async throws {
        let store = FakeSessionStore()
        let recorder = recorder(store)
        try await recorder.begin(prompt: "q")
        clock.advance(by: .milliseconds(100))
        await recorder.handle(.delta("partial"))
        let early = await store.checkpoints
        XCTAssertEqual(early, [], "not due yet")
        for _ in 0..<10_000 where clock.sleeping == 0 { await Task.yield() }
        XCTAssertEqual(clock.sleeping, 1, "a checkpoint is scheduled for when the interval is up")
        clock.advance(by: .milliseconds(150))
        clock.wakeSleepers()
        for _ in 0..<10_000 where await store.checkpoints.isEmpty { await Task.yield() }
        let saved = await store.checkpoints
        XCTAssertEqual(saved, ["partial"])
        await recorder.handle(.delta(" more"))
        for _ in 0..<10_000 where clock.sleeping == 0 { await Task.yield() }
        await recorder.handle(.finished(summary("partial more")))
        XCTAssertEqual(clock.sleeping, 0, "the end cancels the scheduled checkpoint")
        let (ended, checkpoints) = (await store.finished, await store.checkpoints)
        XCTAssertEqual(ended[turn]?.text, "partial more")
        XCTAssertEqual(checkpoints, ["partial"], "nothing is written after the end")
    }

    func testTheEndIsStoredWithOneStatusMappingAndTheDecisionWithTheTurn() async throws {
        for (complete, cancelled, status) in [(true, false, MessageStatus.complete), (false, true, .cancelled), (false, false, .incomplete)] {
            let store = FakeSessionStore()
            let recorder = recorder(store)
            try await recorder.begin(prompt: "q")
            let decision = RouteDecision(requested: "demo/mini", candidates: [], rejected: [], notes: ["explicit"],
                                         difficulty: nil, promptTokens: 3)
            await recorder.handle(.planned(decision))
            await recorder.handle(.finished(summary("answer", complete: complete, cancelled: cancelled)))
            let (routes, ended) = (await store.routes, await store.finished)
            XCTAssertEqual(routes[turn]?.requested, "demo/mini")
            XCTAssertEqual(ended[turn], AssistantCompletion(
                text: "answer", status: status, resolvedModel: "demo/pro", provider: "demo", usage: Usage(input: 3, output: 7),
                cost: Money(Decimal(string: "0.02") ?? 0), ttft: .milliseconds(120), duration: .seconds(1)))
            let report = await recorder.unsavedReport
            XCTAssertNil(report)
        }
    }

    func testAFailedTurnKeepsWhatStreamed() async throws {
        let store = FakeSessionStore()
        let recorder = recorder(store)
        try await recorder.begin(prompt: "q")
        await recorder.handle(.delta("half an "))
        await recorder.handle(.failed(TurnFailure(errors: [], attempts: [], summary: "every attempt failed")))
        let ended = await store.finished
        XCTAssertEqual(ended[turn]?.status, .failed)
        XCTAssertEqual(ended[turn]?.text, "half an ")
        await recorder.handle(.delta("late"))
        await recorder.abandon()
        let calls = await store.calls
        XCTAssertEqual(calls.filter { $0.hasPrefix("finish") }.count, 1, "nothing after the end")
    }

    func testAStreamThatBreaksOffIsStoredAsFailed() async throws {
        let store = FakeSessionStore()
        let recorder = recorder(store)
        try await recorder.begin(prompt: "q")
        await recorder.handle(.delta("partial"))
        await recorder.abandon()
        let ended = await store.finished
        XCTAssertEqual(ended[turn], AssistantCompletion(text: "partial", status: .failed))
    }

    func testAfterAFailedCheckpointNoMoreAreTriedAndTheFinalSaveStillRuns() async throws {
        let store = FakeSessionStore()
        let recorder = recorder(store)
        try await recorder.begin(prompt: "q")
        await store.fail(.checkpoint)
        await stream(recorder)
        await store.fail(nil)
        await stream(recorder)
        let tried = await store.checkpointAttempts
        XCTAssertEqual(tried, 1, "one failed checkpoint, then none: not one failure per token")
        await recorder.handle(.finished(summary("the whole answer")))
        let ended = await store.finished
        XCTAssertEqual(ended[turn]?.text, "the whole answer")
        let unsaved = await recorder.isUnsaved
        XCTAssertFalse(unsaved, "the final save has everything")
    }

    func testAFailedFinalSaveIsOneLine() async throws {
        let store = FakeSessionStore()
        let recorder = recorder(store)
        try await recorder.begin(prompt: "q")
        await store.fail(.finish)
        await recorder.handle(.finished(summary("answer")))
        let (unsaved, damaged, line) = (await recorder.isUnsaved, await recorder.foundDamage, await recorder.unsavedReport)
        XCTAssertTrue(unsaved)
        XCTAssertFalse(damaged)
        XCTAssertEqual(line, "the answer could not be saved: disk full")
    }

    func testADamagedStoreGetsNothingMore() async throws {
        let store = FakeSessionStore()
        let recorder = recorder(store, keepsAnsweringModel: true)
        try await recorder.begin(prompt: "q")
        await store.fail(.damage)
        await stream(recorder)
        let before = await store.calls.count
        await stream(recorder)
        await recorder.handle(.finished(summary("answer")))
        let after = await store.calls.count
        XCTAssertEqual(after, before, "no write after the damage was seen")
        let (damaged, line) = (await recorder.foundDamage, await recorder.unsavedReport)
        XCTAssertTrue(damaged)
        XCTAssertEqual(line, "this turn was not saved: the file is damaged")
    }

    func testALedgerFailureMakesTheTurnUnsavedWithoutASecondLine() async throws {
        let store = FakeSessionStore()
        let recorder = recorder(store)
        try await recorder.begin(prompt: "q")
        var finished = summary("answer")
        finished.ledgerError = "could not record attempt 1 in the ledger: disk full"
        await recorder.handle(.finished(finished))
        let (unsaved, line) = (await recorder.isUnsaved, await recorder.unsavedReport)
        XCTAssertTrue(unsaved)
        XCTAssertNil(line, "the engine's notice already said it")
    }

    func testAskKeepsTheModelThatAnsweredTheWorkbenchThePickedOne() async throws {
        let asked = FakeSessionStore()
        let ask = recorder(asked, keepsAnsweringModel: true)
        try await ask.begin(prompt: "q")
        await ask.handle(.finished(summary("answer")))
        let askModels = await asked.sessionModels
        XCTAssertEqual(askModels, ["demo/pro"])
        let picked = FakeSessionStore()
        let workbench = recorder(picked)
        try await workbench.begin(prompt: "q")
        await workbench.handle(.finished(summary("answer")))
        let workbenchModels = await picked.sessionModels
        XCTAssertEqual(workbenchModels, [])
    }

    /// A checkpoint that takes long to write (a slow disk, a lock held elsewhere) does not hold up the stream.
    func testADeltaNeverWaitsForACheckpointWrite() async throws {
        let store = FakeSessionStore()
        let recorder = recorder(store)
        try await recorder.begin(prompt: "q")
        await store.hold()
        clock.advance(by: .milliseconds(250))
        let handled = Flag()
        let delta = Task {
            await recorder.handle(.delta("due"))
            await handled.set()
        }
        for _ in 0..<10_000 where await !handled.isSet { await Task.yield() }
        let (returned, writing) = (await handled.isSet, await store.heldCheckpoints)
        await store.release()
        await delta.value
        XCTAssertTrue(returned, "the delta returned while its checkpoint was still being written")
        XCTAssertEqual(writing, 1, "the checkpoint was started")
        await recorder.waitForCheckpoint()
        let saved = await store.checkpoints
        XCTAssertEqual(saved, ["due"])
    }

    /// Text that arrives while a checkpoint is written is saved by the next one once its interval is up, even
    /// when the stream pauses and no delta comes to ask for it.
    func testTextArrivingDuringACheckpointIsCheckpointedAfterIt() async throws {
        let store = FakeSessionStore()
        let recorder = recorder(store)
        try await recorder.begin(prompt: "q")
        await store.hold()
        clock.advance(by: .milliseconds(250))
        await recorder.handle(.delta("a"))
        for _ in 0..<10_000 where await store.heldCheckpoints == 0 { await Task.yield() }
        clock.advance(by: .milliseconds(50))
        await recorder.handle(.delta("b"))
        await store.release()
        await recorder.waitForCheckpoint()
        for _ in 0..<10_000 where clock.sleeping == 0 { await Task.yield() }
        XCTAssertEqual(clock.sleeping, 1, "the next checkpoint is scheduled when the one in flight ends")
        clock.advance(by: .milliseconds(200))
        clock.wakeSleepers()
        for _ in 0..<10_000 where await store.checkpoints.count < 2 { await Task.yield() }
        let saved = await store.checkpoints
        XCTAssertEqual(saved, ["a", "ab"])
        await recorder.handle(.finished(summary("ab")))
        let calls = await store.calls
        XCTAssertEqual(calls.last, "finish", "the final save is the last write")
    }

    /// The end waits for a checkpoint still being written: the final save is always the last write.
    func testTheFinalSaveWaitsForTheCheckpointInFlight() async throws {
        let store = FakeSessionStore()
        let recorder = recorder(store)
        try await recorder.begin(prompt: "q")
        await store.hold()
        clock.advance(by: .milliseconds(250))
        await recorder.handle(.delta("part"))
        for _ in 0..<10_000 where await store.heldCheckpoints == 0 { await Task.yield() }
        let end = summary("part and the rest")
        let ending = Task { await recorder.handle(.finished(end)) }
        for _ in 0..<1_000 { await Task.yield() }
        let early = await store.finished
        XCTAssertNil(early[turn], "not before the checkpoint is written")
        await store.release()
        await ending.value
        let calls = await store.calls
        XCTAssertEqual(calls.suffix(2), ["checkpoint", "finish"])
    }

    /// The one loop the front ends share: each event is stored before the front end sees it, and a stream that
    /// throws ends the stored reply as failed with what streamed, then the error goes on.
    func testAStreamThatThrowsIsAbandonedByTheSharedLoop() async throws {
        let store = FakeSessionStore()
        let recorder = recorder(store)
        try await recorder.begin(prompt: "q")
        var seen: [EngineEvent] = []
        do {
            try await TurnRecorder.run(breakingStream([.delta("half")]), recorder: recorder) { seen.append($0) }
            XCTFail("the stream's error goes on")
        } catch let error as URLError {
            XCTAssertEqual(error.code, .networkConnectionLost)
        }
        XCTAssertEqual(seen.count, 1)
        let ended = await store.finished
        XCTAssertEqual(ended[turn], AssistantCompletion(text: "half", status: .failed))
    }

    /// The turn's own task is cancelled (Ctrl-C, quit): the end is still written, as cancelled.
    func testTheFinalSaveRunsEvenWhenTheCallersTaskIsCancelled() async throws {
        let store = FakeSessionStore()
        let recorder = recorder(store)
        try await recorder.begin(prompt: "q")
        let summary = summary("part", complete: false, cancelled: true)
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            await recorder.handle(.finished(summary))
        }
        await task.value
        let ended = await store.finished
        XCTAssertEqual(ended[turn]?.status, .cancelled)
        let line = await recorder.unsavedReport
        XCTAssertNil(line)
    }

    /// The final save runs in the caller's task when that is not cancelled; a cancellation that stops it there
    /// (the store refuses the write) makes it again outside.
    func testAFinalSaveStoppedByACancellationIsMadeAgain() async throws {
        let store = FakeSessionStore()
        let recorder = recorder(store)
        try await recorder.begin(prompt: "q")
        await store.holdFinish()
        let summary = summary("part", complete: false, cancelled: true)
        let task = Task { await recorder.handle(.finished(summary)) }
        while await !store.finishIsHeld { try await Task.sleep(for: .milliseconds(1)) }
        task.cancel()
        await store.releaseFinish()
        await task.value
        let ended = await store.finished
        XCTAssertEqual(ended[turn]?.status, .cancelled)
        let line = await recorder.unsavedReport
        XCTAssertNil(line)
    }
}

/// Set once, from any task.
private actor Flag {
    private(set) var isSet = false
    func set() { isSet = true }
}

/// A stream of `events` that then fails as a dropped connection does.
private func breakingStream(_ events: [EngineEvent]) -> AsyncThrowingStream<EngineEvent, any Error> {
    AsyncThrowingStream { continuation in
        events.forEach { continuation.yield($0) }
        continuation.finish(throwing: URLError(.networkConnectionLost))
    }
}

/// A `SessionStore` that keeps a turn's writes in memory and fails on request. A write that runs in a cancelled
/// task fails as GRDB's async writes do.
actor FakeSessionStore: SessionStore {
    enum Failure { case checkpoint, finish, damage }
    struct DiskFull: Error, CustomStringConvertible { var description: String { "disk full" } }
    struct Damaged: Error, CustomStringConvertible { var description: String { "the file is damaged" } }

    private(set) var calls: [String] = []
    private(set) var checkpoints: [String] = []
    private(set) var checkpointAttempts = 0
    private(set) var finished: [UUID: AssistantCompletion] = [:]
    private(set) var routes: [UUID: RouteDecision] = [:]
    private(set) var sessionModels: [String?] = []
    private var failure: Failure?

    func fail(_ failure: Failure?) { self.failure = failure }

    /// Checkpoint writes wait until `release` (a slow disk, or another process holding the lock).
    private var holding = false
    private var held: [CheckedContinuation<Void, Never>] = []
    var heldCheckpoints: Int { held.count }
    func hold() { holding = true }
    func release() {
        holding = false
        held.forEach { $0.resume() }
        held.removeAll()
    }

    /// The final save waits until `releaseFinish`.
    private var holdingFinish = false
    private var heldFinish: CheckedContinuation<Void, Never>?
    var finishIsHeld: Bool { heldFinish != nil }
    func holdFinish() { holdingFinish = true }
    func releaseFinish() {
        holdingFinish = false
        heldFinish?.resume()
        heldFinish = nil
    }

    private func write(_ call: String, failing: Failure? = nil) throws {
        try Task.checkCancellation()
        if failure == .damage { throw Damaged() }
        if let failing, failure == failing { throw DiskFull() }
        calls.append(call)
    }

    func commitPrompt(session: UUID, turn: UUID, text: String) async throws { try write("prompt \(turn) \(text)") }
    func openReply(session: UUID, turn: UUID, promptTurn: UUID, requestedModel: String) async throws {
        try write("open \(turn) answering \(promptTurn) \(requestedModel)")
    }
    func checkpointReply(turn: UUID, text: String) async throws {
        checkpointAttempts += 1
        if holding { await withCheckedContinuation { held.append($0) } }
        try write("checkpoint", failing: .checkpoint)
        checkpoints.append(text)
    }
    func finishReply(turn: UUID, _ completion: AssistantCompletion) async throws {
        if holdingFinish { await withCheckedContinuation { heldFinish = $0 } }
        try write("finish", failing: .finish)
        finished[turn] = completion
    }
    func recordRoute(turn: UUID, decision: RouteDecision) async throws {
        try write("route")
        routes[turn] = decision
    }
    func setSessionModel(_ session: UUID, model: String?) async throws {
        try write("model")
        sessionModels.append(model)
    }
    nonisolated func isDamage(_ error: any Error) -> Bool { error is Damaged }

    // Not used by the recorder.
    func recentSessions(limit: Int) async throws -> [SessionSummary] { [] }
    func searchSessions(_ query: String, limit: Int) async throws -> [SessionSummary] { [] }
    func resolveSession(_ reference: String) async throws -> UUID { UUID() }
    func loadSession(_ reference: String) async throws -> LoadedSession { throw DiskFull() }
    func conversation(in session: UUID) async throws -> [ChatMessage] { [] }
    func createSession(_ new: NewSession) async throws -> UUID { new.id }
    func renameSession(_ reference: String, title: String) async throws {}
    func deleteSession(_ reference: String) async throws {}
    func exportMarkdown(_ reference: String) async throws -> String { "" }
    func setSessionTask(_ session: UUID, task: String?) async throws {}
    func setSessionRole(_ session: UUID, role: SessionRole?) async throws {}
    func routeExplanation(turn: UUID) async throws -> RouteExplanation? { nil }
    func chooseReply(turn: UUID) async throws {}
    func branchPrompt(session: UUID, turn: UUID, message: ChatMessage, siblingOf sibling: MessageID) async throws {}
    func moveHead(session: UUID, to message: MessageID) async throws {}
    func openColumns(session: UUID, answering prompt: MessageID) async throws {}
    func spend(now: Date, calendar: Calendar) async throws -> SpendSnapshot { SpendSnapshot(today: nil, month: nil) }
    func modelStats(since: Date) async throws -> [String: ModelStatsSnapshot] { [:] }
    func sessionDetail(_ reference: String) async throws -> SessionDetail { throw CocoaError(.fileNoSuchFile) }
    func searchMessages(_ query: String, limit: Int) async throws -> [SearchHit] { [] }
    func spendReport(by grouping: SpendReport.Grouping, since: Date?, calendar: Calendar) async throws -> SpendReport {
        SpendReport.build([], grouping: grouping, since: since, calendar: calendar)
    }
    func modelStatsReport(since: Date?) async throws -> [ModelStats] { [] }
}
