import XCTest
import SwitchboardCore
import SwitchboardStore
@testable import switchboard

/// The workbench's store over a real database file: compared answers are siblings, a pick is kept, and a
/// session whose last answers await a pick comes back as a comparison.
final class WorkbenchSQLiteStoreTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("sb-wb-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    func testComparedAnswersPickAndResume() async throws {
        let url = directory.appendingPathComponent("history.sqlite")
        let store = WorkbenchSQLiteStore(store: try SQLiteStore(url: url))
        let (first, second) = (UUID(), UUID())
        let session = try await store.appendUserMessage(sessionID: nil, turnID: first, text: "Which is better?", model: "demo/mini",
                                                        task: "code")
        for (turn, model) in [(first, "demo/mini"), (second, "demo/pro")] {
            try await store.beginAssistantMessage(sessionID: session, turnID: turn, promptTurn: first, model: model)
            try await store.finishAssistantMessage(turnID: turn, outcome: .init(text: "answer from \(model)", status: .complete))
        }
        let decision = RouteDecision(requested: "demo/pro", candidates: [], rejected: [], notes: ["explicit"], difficulty: nil,
                                     promptTokens: 4)
        try await store.recordRoute(turnID: second, decision: decision)

        // A new process opens the file: the answers await a pick.
        let reopened = WorkbenchSQLiteStore(store: try SQLiteStore(url: url))
        let pending = try await reopened.loadSession(session)
        XCTAssertEqual(pending.messages.map(\.text), ["Which is better?"])
        XCTAssertEqual(pending.comparison.map(\.text), ["answer from demo/mini", "answer from demo/pro"])
        XCTAssertEqual(pending.comparison.map(\.turnID), [first, second])
        XCTAssertEqual(pending.task, "code")
        let explanation = try await reopened.routeExplanation(turnID: second)
        XCTAssertEqual(explanation, RouteExplanation(decision))
        let none = try await reopened.routeExplanation(turnID: first)
        XCTAssertNil(none)

        try await reopened.chooseReply(turnID: second)
        let picked = try await WorkbenchSQLiteStore(store: try SQLiteStore(url: url)).loadSession(session)
        XCTAssertEqual(picked.messages.map(\.text), ["Which is better?", "answer from demo/pro"])
        XCTAssertTrue(picked.comparison.isEmpty)

        // The next prompt continues from the picked answer, and the conversation sent follows it.
        _ = try await reopened.appendUserMessage(sessionID: session, turnID: UUID(), text: "Go on", model: "demo/pro", task: nil)
        let sqlite = try SQLiteStore(url: url)
        let uuid = try XCTUnwrap(UUID(uuidString: session))
        XCTAssertEqual(try sqlite.conversation(in: uuid), [.user("Which is better?"), .assistant("answer from demo/pro"), .user("Go on")])
        XCTAssertNil(try sqlite.session(uuid)?.tag, "the task tag follows the workbench")
    }
}
