import XCTest
import SwitchboardCore
@testable import SwitchboardTUI

/// Which prompt a workbench turn answers, and what the runner keeps of a turn once it has ended.
final class EffectRunnerTurnTests: XCTestCase {
    private func runner(_ store: MemoryWorkbenchStore, actions: LockedBox<[Action]>) throws -> EffectRunner {
        EffectRunner(dependencies: WorkbenchDependencies(engine: try Harness.engine(), store: store,
                                                         exportDirectory: FileManager.default.temporaryDirectory),
                     driver: BufferDriver()) { action in actions.mutate { $0.append(action) } }
    }

    private func waitForEnd(of turn: UUID, in actions: LockedBox<[Action]>) async throws {
        let deadline = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < deadline, !actions.value.contains(where: {
            if case .engine(turn, .finished, _) = $0 { true } else { false }
        }) {
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    /// The second prompt could not be committed (its session was deleted meanwhile): its reply must still answer
    /// its own turn, not hang under the first prompt as a second, compared answer.
    func testAReplyAnswersItsOwnPromptEvenWhenCommittingThatPromptFailed() async throws {
        let store = MemoryWorkbenchStore()
        let actions = LockedBox<[Action]>([])
        let runner = try runner(store, actions: actions)
        let session = SessionRef()
        let first = TurnRequest(messages: [.user("hi")], model: ModelRef(id: "demo/mini"))
        runner.submit(.persistUserMessage(session: session, turn: first.id, text: "hi", model: "demo/mini", task: nil))
        runner.submit(.startTurn(session: session, first, promptTurn: first.id))
        try await waitForEnd(of: first.id, in: actions)
        let created = try await XCTUnwrapAsync(await store.order.first).uuidString.lowercased()
        runner.submit(.deleteSession(created))
        let second = TurnRequest(messages: [.user("again")], model: ModelRef(id: "demo/mini"))
        runner.submit(.persistUserMessage(session: session, turn: second.id, text: "again", model: "demo/mini", task: nil))
        runner.submit(.startTurn(session: session, second, promptTurn: second.id))
        try await waitForEnd(of: second.id, in: actions)
        await runner.finish(timeout: .seconds(2))
        XCTAssertTrue(actions.value.contains { if case .storeFailed = $0 { true } else { false } }, "the failed commit is reported")
        let begins = await store.calls.filter { $0.hasPrefix("begin") }
        XCTAssertEqual(begins, ["begin demo/mini", "begin demo/mini"], "neither reply is filed under another turn's prompt")
    }

    func testATurnThatHasEndedIsNotKept() async throws {
        let store = MemoryWorkbenchStore()
        let actions = LockedBox<[Action]>([])
        let runner = try runner(store, actions: actions)
        let session = SessionRef()
        let request = TurnRequest(messages: [.user("hi")], model: ModelRef(id: "demo/mini"))
        runner.submit(.persistUserMessage(session: session, turn: request.id, text: "hi", model: "demo/mini", task: nil))
        runner.submit(.startTurn(session: session, request, promptTurn: request.id))
        try await waitForEnd(of: request.id, in: actions)
        let deadline = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < deadline, !runner.runningTurns.isEmpty { try await Task.sleep(for: .milliseconds(10)) }
        XCTAssertEqual(runner.runningTurns, [], "the ended turn's task is dropped")
        await runner.finish(timeout: .seconds(2))
    }
}
