import XCTest
import SwitchboardCore
@testable import SwitchboardTUI

/// `/regen MODEL,MODEL…`: the store hears that the prompt's next replies are columns before any of them is opened,
/// so the earlier reply is not taken for one of them when the session is reopened.
final class EffectRunnerOpenColumnsTests: XCTestCase {
    func testColumnsAreOpenedInTheStoreBeforeTheirTurnsStart() async throws {
        let when = Date(timeIntervalSince1970: 1_700_000_000)
        let store = MemoryWorkbenchStore(sessions: [LoadedSession(session: StoredSession(id: TestSession.id("s1"), title: "t",
                                                                                         createdAt: when, updatedAt: when),
                                                                  messages: [])])
        let runner = EffectRunner(dependencies: WorkbenchDependencies(engine: try Harness.engine(), store: store,
                                                                      exportDirectory: FileManager.default.temporaryDirectory),
                                  driver: BufferDriver()) { _ in }
        let session = SessionRef(stored: TestSession.reference("s1"))
        let promptTurn = UUID()
        runner.submit(.openColumns(session: TestSession.reference("s1"), answering: MessageID(rawValue: 5)))
        for model in ["demo/mini", "demo/pro"] {
            let request = TurnRequest(messages: [.user("q")], model: ModelRef(id: model))
            runner.submit(.startTurn(session: session, request, promptTurn: promptTurn))
        }
        await runner.finish(timeout: .seconds(5))

        let calls = await store.calls
        let columns = try XCTUnwrap(calls.firstIndex(of: "columns after 5"), "\(calls)")
        let firstBegin = try XCTUnwrap(calls.firstIndex { $0.hasPrefix("begin ") }, "\(calls)")
        XCTAssertLessThan(columns, firstBegin, "the columns are marked before the first of them is opened")
    }
}
