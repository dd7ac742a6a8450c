import XCTest
@testable import SwitchboardStore
import SwitchboardCore

final class SQLiteStoreMessagesTests: XCTestCase {
    private var directory: TemporaryDirectory!
    private var store: SQLiteStore!
    private var session: StoredSession!

    override func setUpWithError() throws {
        directory = try TemporaryDirectory()
        store = try SQLiteStore(url: directory.databaseURL)
        session = try store.createSession(firstPrompt: "hi", model: "openai/gpt-4o-mini", systemPrompt: "Be kind", at: Clock.at(0))
    }

    func testTurnRoundTripsEveryField() throws {
        let turn = UUID()
        let user = try store.appendUserMessage(session: session.id, turn: turn, text: "What is 2+2?", at: Clock.at(1))
        let reply = try store.beginAssistantMessage(session: session.id, turn: turn, parent: user,
                                                    requestedModel: "fast", at: Clock.at(1.5))
        let usage = Usage(input: 10, output: 5, cacheRead: 3, cacheWrite: 2, reasoning: 1)
        try store.finishAssistantMessage(reply, AssistantCompletion(
            text: "4", status: .complete, resolvedModel: "openai/gpt-4o-mini", provider: "openai", usage: usage,
            cost: Money(Decimal(string: "0.000015") ?? 0), reportedCost: Money(Decimal(string: "0.00002") ?? 0),
            ttft: .milliseconds(250), duration: .milliseconds(900)), at: Clock.at(3))
        let messages = try store.messages(in: session.id)
        XCTAssertEqual(messages, [
            StoredMessage(id: user, sessionID: session.id, parentID: nil, turnID: turn, role: .user, text: "What is 2+2?",
                          status: .complete, createdAt: Clock.at(1), updatedAt: Clock.at(1)),
            StoredMessage(id: reply, sessionID: session.id, parentID: user, turnID: turn, role: .assistant, text: "4",
                          status: .complete, requestedModel: "fast", resolvedModel: "openai/gpt-4o-mini",
                          provider: "openai", usage: usage, cost: Money(Decimal(string: "0.000015") ?? 0),
                          reportedCost: Money(Decimal(string: "0.00002") ?? 0), ttftMs: 250, durationMs: 900,
                          createdAt: Clock.at(1.5), updatedAt: Clock.at(3)),
        ])
        XCTAssertEqual(try store.session(session.id)?.updatedAt, Clock.at(3))
    }

    func testCheckpointsLeaveThePartialAnswerIncomplete() throws {
        let turn = UUID()
        let user = try store.appendUserMessage(session: session.id, turn: turn, text: "Tell a story")
        let reply = try store.beginAssistantMessage(session: session.id, turn: turn, parent: user, requestedModel: "m")
        try store.checkpoint(reply, text: "Once upon")
        try store.checkpoint(reply, text: "Once upon a time")
        // The process dies here; a new one opens the file.
        let reopened = try SQLiteStore(url: directory.databaseURL)
        let last = try XCTUnwrap(reopened.messages(in: session.id).last)
        XCTAssertEqual(last.text, "Once upon a time")
        XCTAssertEqual(last.status, .incomplete)
        XCTAssertEqual(try reopened.search("upon").count, 1, "checkpointed text is searchable")
        XCTAssertThrowsError(try store.checkpoint(MessageID(rawValue: 999), text: "x"))
    }

    func testConversationFollowsTheLatestBranch() throws {
        let turn = UUID()
        let user = try store.appendUserMessage(session: session.id, turn: turn, text: "Q1")
        let first = try store.beginAssistantMessage(session: session.id, turn: turn, parent: user, requestedModel: "a")
        try store.finishAssistantMessage(first, AssistantCompletion(text: "A from a", status: .complete))
        let sibling = try store.beginAssistantMessage(session: session.id, turn: UUID(), parent: user, requestedModel: "b")
        try store.finishAssistantMessage(sibling, AssistantCompletion(text: "A from b", status: .complete))
        let next = UUID()
        try store.appendUserMessage(session: session.id, turn: next, text: "Q2")
        let failed = try store.beginAssistantMessage(session: session.id, turn: next, parent: nil, requestedModel: "a")
        try store.finishAssistantMessage(failed, AssistantCompletion(text: "", status: .failed))
        XCTAssertEqual(try store.conversation(in: session.id),
                       [.system("Be kind"), .user("Q1"), .assistant("A from b"), .user("Q2")])
    }

    func testPickedReplyIsWhereTheConversationContinues() throws {
        let turn = UUID()
        let user = try store.appendUserMessage(session: session.id, turn: turn, text: "Q1")
        let picked = try store.beginAssistantMessage(session: session.id, turn: turn, parent: user, requestedModel: "a")
        try store.finishAssistantMessage(picked, AssistantCompletion(text: "A from a", status: .complete))
        let other = try store.beginAssistantMessage(session: session.id, turn: UUID(), parent: user, requestedModel: "b")
        try store.finishAssistantMessage(other, AssistantCompletion(text: "A from b", status: .complete))
        XCTAssertEqual(try store.branch(in: session.id).map(\.id), [user, other], "unpicked: the latest sibling")

        try store.chooseReply(picked)
        // A compared answer that only opens after the pick (it was still waiting) does not undo it.
        let late = try store.beginAssistantMessage(session: session.id, turn: UUID(), parent: user, requestedModel: "c")
        try store.finishAssistantMessage(late, AssistantCompletion(text: "", status: .cancelled))
        let reopened = try SQLiteStore(url: directory.databaseURL)
        XCTAssertEqual(try reopened.branch(in: session.id).map(\.id), [user, picked], "the pick outlives the process")
        XCTAssertEqual(try reopened.pickedReply(in: session.id), picked)
        XCTAssertEqual(try reopened.reply(inTurn: turn), picked)
        XCTAssertEqual(try reopened.conversation(in: session.id), [.system("Be kind"), .user("Q1"), .assistant("A from a")])

        let next = try reopened.appendUserMessage(session: session.id, turn: UUID(), text: "Q2")
        let messages = try reopened.messages(in: session.id)
        XCTAssertEqual(messages.last?.parentID, picked, "the next message replies to the picked answer")
        XCTAssertNil(try reopened.pickedReply(in: session.id))
        XCTAssertEqual(try reopened.branch(in: session.id).map(\.id), [user, picked, next])
        let reply = try reopened.beginAssistantMessage(session: session.id, turn: UUID(), parent: nil, requestedModel: "a")
        XCTAssertEqual(try reopened.messages(in: session.id).last?.parentID, next, "the head was used once")
        XCTAssertEqual(try reopened.branch(in: session.id).map(\.id), [user, picked, next, reply])
        XCTAssertThrowsError(try reopened.chooseReply(MessageID(rawValue: 999)))
    }

    func testDetailGivesAttemptsToTheReplyOfTheirTurn() throws {
        let (user, assistant, turn) = try store.storeTurn(session: session.id, prompt: "p", reply: "r")
        let detail = try store.sessionDetail(session.id)
        XCTAssertEqual(detail.session.id, session.id)
        XCTAssertEqual(detail.entries.map(\.message.id), [user, assistant])
        XCTAssertEqual(detail.entries[0].attempts, [])
        XCTAssertEqual(detail.entries[1].attempts.map(\.turnID), [turn])
        XCTAssertThrowsError(try store.sessionDetail(UUID()))
    }

    func testAppendToMissingSessionFails() {
        XCTAssertThrowsError(try store.appendUserMessage(session: UUID(), turn: UUID(), text: "x")) { error in
            guard case .sessionNotFound? = error as? StoreError else { return XCTFail("\(error)") }
        }
    }
}
