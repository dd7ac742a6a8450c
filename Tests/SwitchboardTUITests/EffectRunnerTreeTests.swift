import XCTest
import SwitchboardCore
@testable import SwitchboardTUI

/// The tree's effects reach the store in order: an edited prompt is stored beside the one it replaces before its
/// turn starts, a regenerated reply is made the head once it is opened, and the head moves when asked.
final class EffectRunnerTreeTests: XCTestCase {
    private func runner(_ store: MemoryWorkbenchStore, _ actions: LockedBox<[Action]>) throws -> EffectRunner {
        EffectRunner(dependencies: WorkbenchDependencies(engine: try Harness.engine(), store: store,
                                                         exportDirectory: FileManager.default.temporaryDirectory),
                     driver: BufferDriver()) { action in actions.mutate { $0.append(action) } }
    }

    func testAnEditIsStoredBesideTheOldPromptAndARegeneratedReplyBecomesTheHead() async throws {
        let when = Date(timeIntervalSince1970: 1_700_000_000)
        let store = MemoryWorkbenchStore(sessions: [LoadedSession(session: StoredSession(id: TestSession.id("s1"), title: "t",
                                                                                         createdAt: when, updatedAt: when),
                                                                  messages: [])])
        let actions = LockedBox<[Action]>([])
        let runner = try runner(store, actions)
        let session = SessionRef(stored: TestSession.reference("s1"))
        let edited = TurnRequest(messages: [.user("better question")], model: ModelRef(id: "demo/mini"))
        runner.submit(.persistEditedPrompt(session: session, turn: edited.id, text: "better question", model: "demo/mini",
                                           task: nil, attachments: [], siblingOf: MessageID(rawValue: 1)))
        runner.submit(.startTurn(session: session, edited, promptTurn: edited.id))
        let again = TurnRequest(messages: [.user("better question")], model: ModelRef(id: "demo/pro"))
        runner.submit(.startRegeneration(session: session, again, promptTurn: edited.id))
        runner.submit(.moveHead(session: TestSession.reference("s1"), to: MessageID(rawValue: 7)))
        runner.submit(.loadTree(TestSession.reference("s1")))
        await runner.finish(timeout: .seconds(5))

        let calls = await store.calls
        XCTAssertEqual(calls.first, "branch better question beside 1", "stored beside the old prompt, before its turn")
        let opened = try XCTUnwrap(calls.firstIndex(of: "begin demo/pro (compared)"))
        let chosen = try XCTUnwrap(calls.firstIndex(of: "choose"))
        XCTAssertLessThan(opened, chosen, "the regenerated reply is made the head once it exists")
        let heads = await store.chosen
        XCTAssertEqual(heads, [again.id])
        XCTAssertTrue(calls.contains("head 7"))
        XCTAssertTrue(actions.value.contains { if case .treeLoaded(let loaded) = $0 { loaded.id == TestSession.reference("s1") } else { false } })
    }
}
