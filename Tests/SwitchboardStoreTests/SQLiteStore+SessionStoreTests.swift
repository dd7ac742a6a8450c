import XCTest
import SwitchboardCore
@testable import SwitchboardStore

/// The `SessionStore` port over a real database file: compared answers are siblings of one prompt (found through
/// the `turns` table, not a map in memory), a pick is kept across processes, and a session whose last answers
/// await a pick comes back as a comparison. Search rows carry their session's real figures.
final class SQLiteStoreSessionStoreTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws {
        directory = try TemporaryDirectory()
    }

    private var url: URL { directory.url.appendingPathComponent("history.sqlite") }

    func testComparedAnswersPickAndResume() async throws {
        let store = try SQLiteStore(url: url)
        let (first, second) = (UUID(), UUID())
        let session = try await store.createSession(NewSession(firstPrompt: "Which is better?", model: "demo/mini", task: "code"))
        try await store.commitPrompt(session: session, turn: first, text: "Which is better?")
        for (turn, model) in [(first, "demo/mini"), (second, "demo/pro")] {
            try await store.openReply(session: session, turn: turn, promptTurn: first, requestedModel: model)
            try await store.finishReply(turn: turn, AssistantCompletion(text: "answer from \(model)", status: .complete))
        }
        let decision = RouteDecision(requested: "demo/pro", candidates: [], rejected: [], notes: ["explicit"], difficulty: nil,
                                     promptTokens: 4)
        try await store.recordRoute(turn: second, decision: decision)

        // A new process opens the file: the answers await a pick.
        let reopened = try SQLiteStore(url: url)
        let reference = session.uuidString.lowercased()
        let pending = try await reopened.loadSession(reference)
        XCTAssertEqual(pending.messages.map(\.text), ["Which is better?"])
        XCTAssertEqual(pending.comparison.map(\.text), ["answer from demo/mini", "answer from demo/pro"])
        XCTAssertEqual(pending.comparison.map(\.turnID), [first, second])
        XCTAssertEqual(pending.task, "code")
        let explanation = try await reopened.routeExplanation(turn: second)
        XCTAssertEqual(explanation, RouteExplanation(decision))
        let none = try await reopened.routeExplanation(turn: first)
        XCTAssertNil(none)

        try await reopened.chooseReply(turn: second)
        let picked = try await SQLiteStore(url: url).loadSession(reference)
        XCTAssertEqual(picked.messages.map(\.text), ["Which is better?", "answer from demo/pro"])
        XCTAssertTrue(picked.comparison.isEmpty)

        // The next prompt continues from the picked answer, and the conversation sent follows it.
        try await reopened.setSessionTask(session, task: nil)
        try await reopened.commitPrompt(session: session, turn: UUID(), text: "Go on")
        let conversation = try await reopened.conversation(in: session)
        XCTAssertEqual(conversation, [.user("Which is better?"), .assistant("answer from demo/pro"), .user("Go on")])
        XCTAssertNil(try reopened.session(session)?.tag, "the task tag follows the workbench")
    }

    /// Checkpoints and the end go to the reply the database links to the turn, even from another connection.
    func testTheReplyIsFoundThroughTheTurnsTable() async throws {
        let store = try SQLiteStore(url: url)
        let turn = UUID()
        let session = try await store.createSession(NewSession(firstPrompt: "q", model: "demo/mini"))
        try await store.commitPrompt(session: session, turn: turn, text: "q")
        try await store.openReply(session: session, turn: turn, promptTurn: turn, requestedModel: "demo/mini")
        let other = try SQLiteStore(url: url)
        try await other.checkpointReply(turn: turn, text: "part")
        XCTAssertEqual(try store.messages(in: session).last?.text, "part")
        try await other.finishReply(turn: turn, AssistantCompletion(text: "whole", status: .complete, resolvedModel: "demo/mini"))
        let reply = try XCTUnwrap(try store.messages(in: session).last)
        XCTAssertEqual(reply.text, "whole")
        XCTAssertEqual(reply.status, .complete)
        XCTAssertEqual(reply.parentID, try store.messages(in: session).first?.id)
        do {
            try await store.checkpointReply(turn: UUID(), text: "x")
            XCTFail("a turn with no reply cannot be checkpointed")
        } catch let error as StoreError {
            guard case .turnNotOpened = error else { return XCTFail("\(error)") }
        }
    }

    /// A search hit outside the most recent sessions still shows its cost and message count.
    func testSearchRowsCarryTheirSessionsFigures() async throws {
        let store = try SQLiteStore(url: url)
        let turn = UUID()
        let session = try await store.createSession(NewSession(firstPrompt: "kyoto", model: "demo/mini"))
        try await store.commitPrompt(session: session, turn: turn, text: "trip to kyoto")
        try await store.openReply(session: session, turn: turn, promptTurn: turn, requestedModel: "demo/mini")
        try await store.finishReply(turn: turn, AssistantCompletion(text: "temples", status: .complete, resolvedModel: "demo/mini"))
        let rows = try await store.searchSessions("kyoto", limit: 10)
        XCTAssertEqual(rows.map(\.session.id), [session])
        XCTAssertEqual(rows.first?.messageCount, 2)
        XCTAssertEqual(rows.first?.models, ["demo/mini"])
        XCTAssertEqual(rows.first?.snippet, "trip to «kyoto»")
        let none = try await store.searchSessions("osaka", limit: 10)
        XCTAssertTrue(none.isEmpty)
    }
}
