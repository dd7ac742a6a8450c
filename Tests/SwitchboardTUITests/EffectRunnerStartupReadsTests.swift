import XCTest
import SwitchboardCore
@testable import SwitchboardTUI

/// The sidebar's first reads run beside the queue: the history opens without waiting for them, and anything that
/// writes still comes after them.
final class EffectRunnerStartupReadsTests: XCTestCase {
    func testHistoryGoesAheadOfStartupReadsAndWritesDoNot() async throws {
        let store = MemoryWorkbenchStore()
        await store.setSpendDelay(.milliseconds(300))
        let actions = LockedBox<[String]>([])
        let runner = EffectRunner(dependencies: WorkbenchDependencies(engine: try Harness.engine(), store: store,
                                                                      exportDirectory: FileManager.default.temporaryDirectory),
                                  driver: BufferDriver()) { action in
            let name: String? = switch action {
            case .spendLoaded: "spend"
            case .sessionsLoaded: "sessions"
            case .sessionCreated: "created"
            case .modelStatsLoaded: "stats"
            default: nil
            }
            if let name { actions.mutate { $0.append(name) } }
        }
        runner.readAtStart([.refreshSpend, .refreshModelStats])
        runner.submit(.listSessions(generation: 1))
        runner.submit(.persistUserMessage(session: SessionRef(), turn: UUID(), text: "hi", model: "demo/mini", task: nil))
        runner.submit(.refreshSpend)
        await runner.finish(timeout: .seconds(5))
        XCTAssertEqual(actions.value, ["sessions", "spend", "stats", "created", "spend"])
        let calls = await store.calls
        let firstSpend = try XCTUnwrap(calls.firstIndex(of: "spend")), write = try XCTUnwrap(calls.firstIndex(of: "user hi"))
        XCTAssertLessThan(firstSpend, write, "the write waits for the startup reads")
    }

    func testFinishWaitsForTheStartupReads() async throws {
        let store = MemoryWorkbenchStore()
        await store.setSpendDelay(.milliseconds(200))
        let actions = LockedBox<[Action]>([])
        let runner = EffectRunner(dependencies: WorkbenchDependencies(engine: try Harness.engine(), store: store,
                                                                      exportDirectory: FileManager.default.temporaryDirectory),
                                  driver: BufferDriver()) { action in actions.mutate { $0.append(action) } }
        runner.readAtStart([.refreshSpend])
        await runner.finish(timeout: .seconds(5))
        XCTAssertTrue(actions.value.contains { if case .spendLoaded = $0 { true } else { false } })
    }
}
