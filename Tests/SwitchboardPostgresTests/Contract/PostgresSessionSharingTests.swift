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
