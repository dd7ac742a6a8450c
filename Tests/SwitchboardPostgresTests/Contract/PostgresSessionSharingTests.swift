import Foundation
import XCTest
import SwitchboardCore
import SwitchboardPostgres

/// What only a shared database asks of the session store: several instances writing one session at once.
final class PostgresSessionSharingTests: PostgresTestCase, @unchecked Sendable {
    /// Prompts committed at once from two instances form one chain: each continues from the one stored before it,
    /// because an instance locks the session row before it picks the parent (two could otherwise pick the same
    /// latest message and fork the conversation).
    func testConcurrentPromptsFromTwoInstancesFormOneChain() async throws {
        let (first, second) = (try await open(), try await open())
        let session = try await first.createSession(NewSession(firstPrompt: "start", model: nil))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<40 {
                let store = index.isMultiple(of: 2) ? first : second
                group.addTask { try await store.commitPrompt(session: session, turn: UUID(), text: "prompt \(index)") }
            }
            try await group.waitForAll()
        }
        let loaded = try await second.loadSession(session.uuidString.lowercased())
        XCTAssertEqual(loaded.messages.count, 40, "the head path holds every prompt: no fork")
        XCTAssertEqual(loaded.tree.leaves.count, 1)
        XCTAssertNil(loaded.messages.first?.parentID)
    }

    /// A reply opened by one instance is checkpointed and finished by another, found through the turn.
    func testAnotherInstanceFinishesTheReply() async throws {
        let (first, second) = (try await open(), try await open())
        let session = try await first.createSession(NewSession(firstPrompt: "q", model: nil))
        let turn = UUID()
        try await first.commitPrompt(session: session, turn: turn, text: "q")
        try await first.openReply(session: session, turn: turn, promptTurn: turn, requestedModel: "demo/mini")
        try await second.checkpointReply(turn: turn, text: "par")
        try await second.finishReply(turn: turn, AssistantCompletion(text: "partial", status: .cancelled))
        let conversation = try await first.conversation(in: session)
        XCTAssertEqual(conversation, [.user("q"), .assistant("partial")])
    }
}

/// A turn's end on PostgreSQL: the reply and the session's model in one transaction, the model in a savepoint.
final class PostgresTurnFinishTests: PostgresTestCase, @unchecked Sendable {
    /// A model the database refuses is returned as the reason it was not kept; the reply is saved all the same.
    func testAModelThatCannotBeKeptLeavesTheSavedReplyAndSaysSo() async throws {
        let store = try await open()
        try sql("""
            CREATE FUNCTION refuse_model() RETURNS trigger LANGUAGE plpgsql AS
            $$ BEGIN IF NEW.model = 'demo/refused' THEN RAISE EXCEPTION 'model refused'; END IF; RETURN NEW; END $$;
            CREATE TRIGGER refuse_model BEFORE UPDATE OF model ON sessions FOR EACH ROW EXECUTE FUNCTION refuse_model();
            """)
        let session = try await store.createSession(NewSession(firstPrompt: "q", model: "demo/mini"))
        let turn = UUID()
        try await store.beginTurn(TurnOpening(session: session, turn: turn, prompts: [.user("q")], requestedModel: "demo/mini"))
        let failure = try await store.finishTurn(TurnFinish(
            session: session, turn: turn, completion: AssistantCompletion(text: "kept", status: .complete),
            sessionModel: "demo/refused"))
        XCTAssertTrue("\(failure.map { "\($0)" } ?? "none")".contains("model refused"))
        let loaded = try await store.loadSession(session.uuidString.lowercased())
        XCTAssertEqual(loaded.messages.last?.text, "kept")
        XCTAssertEqual(loaded.session.model, "demo/mini")
    }
}
