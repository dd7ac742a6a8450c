import XCTest
import SwitchboardCore
@testable import SwitchboardTUI

/// The conversation tree in the workbench: `‹ n/m ›` marks, moving between versions of a reply (←/→) or a prompt
/// (</>), editing a prompt (`e`), regenerating a reply (`r`, `/regen`), and reading the tree back after a turn.
/// A resumed session with a tree: q1 → a1 → q2 → a2, and an edited first prompt q1' → a1' (the latest, so the
/// head) whose reply was regenerated once when `regenerated`: a1'' (by demo/pro) is then the head.
enum TreeFixture {
    static let session = "s-tree"
    static let (t1, t2, t3, t4) = (TestSession.id("t1"), TestSession.id("t2"), TestSession.id("t3"), TestSession.id("t4"))

    static func message(_ id: Int64, _ role: Role, _ text: String, parent: Int64?, turn: UUID,
                        model: String? = nil) -> StoredMessage {
        var message = StoredMessage(role: role, text: text, model: model, turnID: turn, id: MessageID(rawValue: id),
                                    sessionID: TestSession.id(session))
        message.parentID = parent.map(MessageID.init(rawValue:))
        if role == .assistant {
            message.usage = Usage(input: 10, output: 20)
            message.cost = Money(Decimal(string: "0.001") ?? 0)
        }
        return message
    }

    static func stored(regenerated: Bool = false) -> [StoredMessage] {
        var messages = [
            message(1, .user, "first question", parent: nil, turn: t1),
            message(2, .assistant, "first answer", parent: 1, turn: t1, model: "demo/mini"),
            message(3, .user, "second question", parent: 2, turn: t2),
            message(4, .assistant, "second answer", parent: 3, turn: t2, model: "demo/mini"),
            message(5, .user, "first question, edited", parent: nil, turn: t3),
            message(6, .assistant, "answer to the edit", parent: 5, turn: t3, model: "demo/mini"),
        ]
        if regenerated { messages.append(message(7, .assistant, "another answer to the edit", parent: 5, turn: t4, model: "demo/pro")) }
        return messages
    }

    static func resumed(head: Int64? = nil, regenerated: Bool = false, into state: AppState = Fixtures.state()) -> AppState {
        var state = state
        let tree = ConversationTree(messages: stored(regenerated: regenerated), head: head.map(MessageID.init(rawValue:)))
        var loaded = LoadedSession(id: session, title: "Tree", model: "demo/mini", messages: tree.headPath)
        loaded.tree = tree
        _ = update(&state, .sessionLoaded(loaded))
        state.focus = .transcript
        return state
    }
}

final class UpdateTreeTests: XCTestCase {
    private let session = TreeFixture.session
    private let (t3, t4) = (TreeFixture.t3, TreeFixture.t4)

    private func message(_ id: Int64, _ role: Role, _ text: String, parent: Int64?, turn: UUID) -> StoredMessage {
        TreeFixture.message(id, role, text, parent: parent, turn: turn)
    }

    private func resumed(head: Int64? = nil, regenerated: Bool = false) -> AppState {
        TreeFixture.resumed(head: head, regenerated: regenerated)
    }

    private func texts(_ state: AppState) -> [String] {
        state.transcript.entries.filter(\.isMessage).map(\.text)
    }

    private func heads(_ effects: [Effect]) -> [Int64] {
        effects.compactMap { if case .moveHead(_, let message) = $0 { message.rawValue } else { nil } }
    }

    private func press(_ key: Key, _ state: inout AppState) -> [Effect] {
        guard let action = KeyRouter.action(for: key, state: state, keymap: .standard) else {
            XCTFail("\(key.label) does nothing in \(state.focusScope)")
            return []
        }
        return update(&state, action)
    }

    func testAResumedSessionMarksMessagesThatHaveVersions() {
        let state = resumed(regenerated: true)
        XCTAssertEqual(texts(state), ["first question, edited", "another answer to the edit"])
        XCTAssertEqual(state.transcript.entries.compactMap(\.branch), [BranchMark(position: 2, count: 2),
                                                                      BranchMark(position: 2, count: 2)])
        let screen = Fixtures.rendered(state).joined(separator: "\n")
        XCTAssertTrue(screen.contains("▍You ‹ 2/2 ›"), screen)
        XCTAssertTrue(screen.contains("‹ 2/2 › ● demo/pro"), screen)
    }

    func testPromptVersionKeysShowTheOtherBranchWhereItWasLeftAndMoveTheHead() {
        var state = resumed()
        var effects = press(.char("<"), &state)
        XCTAssertEqual(texts(state), ["first question", "first answer", "second question", "second answer"])
        XCTAssertEqual(heads(effects), [4], "the head is where that branch was left")
        XCTAssertEqual(state.transcript.entries.first?.branch, BranchMark(position: 1, count: 2))
        XCTAssertEqual(state.status?.text, "version 1/2")
        XCTAssertEqual(state.transcript.chatMessages, [.user("first question"), .assistant("first answer"),
                                                       .user("second question"), .assistant("second answer")])

        effects = press(.char("<"), &state)
        XCTAssertTrue(effects.isEmpty)
        XCTAssertEqual(state.status?.text, "first version (1/2)")

        // The selected reply is the one under the prompt that moved: > goes back from there.
        effects = press(.char(">"), &state)
        XCTAssertEqual(texts(state), ["first question, edited", "answer to the edit"])
        XCTAssertEqual(heads(effects), [6])
        XCTAssertEqual(state.model, "demo/mini", "moving between versions keeps the model chosen for the next turn")
    }

    func testReplyVersionKeysMoveBetweenRegeneratedReplies() {
        var state = resumed(regenerated: true)
        var effects = press(.left, &state)
        XCTAssertEqual(texts(state), ["first question, edited", "answer to the edit"])
        XCTAssertEqual(heads(effects), [6])
        XCTAssertEqual(state.transcript.entries.last?.branch, BranchMark(position: 1, count: 2))
        XCTAssertEqual(state.status?.text, "version 1/2 · demo/mini")
        effects = press(.char("l"), &state)
        XCTAssertEqual(texts(state).last, "another answer to the edit")
        XCTAssertEqual(heads(effects), [7])
        _ = press(.right, &state)
        XCTAssertEqual(state.status?.text, "last version (2/2)")
        _ = press(.char("h"), &state)
        XCTAssertEqual(texts(state).last, "answer to the edit")
    }

    func testAMessageWithoutVersionsSaysHowToMakeOne() {
        var state = resumed(head: 4)
        _ = update(&state, .command(.previousReply))  // "second answer": the only reply to its prompt
        XCTAssertTrue(press(.left, &state).isEmpty)
        XCTAssertEqual(state.status?.text, "this reply has no other versions: r regenerates it, /regen MODEL with another model")
    }

    func testEditOpensThePromptAndSendingStoresASiblingAndSendsOnlyItsPath() throws {
        var state = resumed(head: 4)
        _ = update(&state, .command(.previousReply))
        _ = update(&state, .command(.previousReply))  // "first answer"
        XCTAssertTrue(press(.char("e"), &state).isEmpty)
        XCTAssertEqual(state.input.text, "first question")
        XCTAssertEqual(state.focus, .input)
        XCTAssertEqual(state.tree.editing?.message, MessageID(rawValue: 1))

        _ = update(&state, .typeText(" (shorter)"))
        let effects = update(&state, .command(.send))
        XCTAssertEqual(effects.map(\.name), ["persistEditedPrompt", "startTurn"])
        guard case .persistEditedPrompt(_, let turn, let text, _, _, _, let sibling) = effects[0],
              case .startTurn(_, let request, let promptTurn) = effects[1] else { return XCTFail("\(effects)") }
        XCTAssertEqual(text, "first question (shorter)")
        XCTAssertEqual(sibling, MessageID(rawValue: 1))
        XCTAssertEqual(promptTurn, turn)
        XCTAssertEqual(request.messages, [.user("first question (shorter)")], "the old branch is not sent")
        XCTAssertEqual(texts(state), ["first question (shorter)", ""])
        XCTAssertNil(state.tree.editing)
    }

    func testCtrlCDropsAnEditAndTheNextMessageContinuesTheBranch() {
        var state = resumed(head: 4)
        _ = press(.char("e"), &state)  // the latest prompt
        XCTAssertEqual(state.input.text, "second question")
        _ = update(&state, .command(.interrupt))
        XCTAssertNil(state.tree.editing)
        XCTAssertEqual(state.status?.text, "edit dropped — Ctrl-C again to quit")
        let effects = Fixtures.send("third question", &state).1
        XCTAssertEqual(effects.map(\.name), ["persistUserMessage", "startTurn"])
    }

    func testRegenerateAsksTheSameModelForAnotherAnswerToTheSamePrompt() throws {
        var state = resumed()
        let effects = press(.char("r"), &state)
        XCTAssertEqual(effects.map(\.name), ["startRegeneration"])
        guard case .startRegeneration(_, let request, let promptTurn) = effects[0] else { return XCTFail("\(effects)") }
        XCTAssertEqual(promptTurn, t3, "it answers the prompt's turn")
        XCTAssertEqual(request.model.description, "demo/mini")
        XCTAssertEqual(request.messages, [.user("first question, edited")], "the old answer is not sent")
        XCTAssertEqual(texts(state), ["first question, edited", ""])
        XCTAssertEqual(state.turns.map(\.promptTurn), [t3])

        // It streams like any reply; once it ends, the tree is read again.
        let turn = try XCTUnwrap(state.turn?.id)
        _ = update(&state, .engine(turn: turn, event: .delta("new"), at: Fixtures.at(10)))
        let after = update(&state, .engine(turn: turn, event: .finished(Fixtures.summary(turn: turn, text: "new")), at: Fixtures.at(20)))
        XCTAssertEqual(after.map(\.name).filter { $0 == "loadTree" }, ["loadTree"])
        XCTAssertTrue(update(&state, .tick(Fixtures.at(30))).allSatisfy { $0.name != "loadTree" }, "read once")
    }

    func testRegenWithTwoModelsOpensCompareColumnsOnTheSamePrompt() {
        var state = resumed()
        _ = update(&state, .typeText("/regen demo/mini,demo/pro"))
        state.focus = .input
        let effects = update(&state, .command(.send))
        XCTAssertEqual(effects.map(\.name), ["openColumns", "startTurn", "startTurn"])
        let columns = effects.compactMap { if case .openColumns(_, let prompt) = $0 { prompt.rawValue } else { nil } }
        XCTAssertEqual(columns, [5], "the prompt is the head until an answer is picked; its earlier reply is no column")
        XCTAssertEqual(state.transcript.comparison?.columns.count, 2)
        XCTAssertEqual(texts(state), ["first question, edited"])
        for effect in effects.dropFirst() {
            guard case .startTurn(_, let request, let promptTurn) = effect else { return XCTFail("\(effect)") }
            XCTAssertEqual(promptTurn, t3)
            XCTAssertEqual(request.messages, [.user("first question, edited")])
        }
        XCTAssertEqual(SlashCommand(parsing: "/regen"), .regen([]))
    }

    func testTreeKeysWaitForAStreamingReply() {
        var state = resumed()
        _ = Fixtures.send("go on", &state)
        state.focus = .transcript
        for key in [Key.char("r"), .char("e"), .left, .char("<")] {
            XCTAssertTrue(press(key, &state).isEmpty)
            XCTAssertEqual(state.status?.text, "a reply is still streaming: wait for it, or Ctrl-C to cancel it")
        }
    }

    /// A new session's first turn: once it ends, the stored tree is read and matched to the transcript.
    func testTheTreeIsReadAfterATurnAndMatchedToTheTranscript() throws {
        var state = Fixtures.state()
        let (turn, _) = Fixtures.send("hello", &state)
        _ = update(&state, .sessionCreated(local: state.session.local, storedID: TestSession.reference(session)))
        let effects = update(&state, .engine(turn: turn, event: .finished(Fixtures.summary(turn: turn, text: "hi")), at: Fixtures.at(5)))
        guard case .loadTree(let id) = try XCTUnwrap(effects.last) else { return XCTFail("\(effects)") }
        XCTAssertEqual(id, TestSession.reference(session))
        let tree = ConversationTree(messages: [message(1, .user, "hello", parent: nil, turn: turn),
                                               message(2, .assistant, "hi", parent: 1, turn: turn)])
        var loaded = LoadedSession(id: session, title: "hello", model: "demo/mini", messages: tree.headPath)
        loaded.tree = tree
        _ = update(&state, .treeLoaded(loaded))
        XCTAssertEqual(state.tree.messageOfEntry.count, 2)
        XCTAssertFalse(state.tree.loading)
        state.focus = .transcript
        XCTAssertEqual(press(.char("r"), &state).map(\.name), ["startRegeneration"])
    }

    func testWithoutHistoryTheKeysSaySo() {
        var state = Fixtures.state()
        _ = Fixtures.completeTurn("q", answer: "a", &state)
        state.focus = .transcript
        XCTAssertTrue(press(.char("r"), &state).isEmpty)
        XCTAssertEqual(state.status?.text, "nothing stored yet: versions need the history (send a message first)")
    }

    // MARK: /tree

    func testSlashTreeShowsEveryBranchWithModelTokensAndCost() {
        var state = resumed(regenerated: true)
        _ = update(&state, .typeText("/tree"))
        state.focus = .input
        XCTAssertTrue(update(&state, .command(.send)).isEmpty)
        XCTAssertEqual(state.overlays.last, .tree)
        XCTAssertEqual(state.tree.selection, 6, "the head's message is selected")
        let lines = state.tree.tree.lines.map(\.text)
        XCTAssertEqual(lines, [
            "  ○ You  first question",
            "  ○ demo/mini · 10→20 tok · $0.001  first answer",
            "  ○ You  second question",
            "  ○ demo/mini · 10→20 tok · $0.001  second answer",
            "    └ branch: 2 replies · 20→40 tok · $0.002",
            "  ● You  first question, edited",
            "    ○ demo/mini · 10→20 tok · $0.001  answer to the edit",
            "      └ branch: 1 reply · 10→20 tok · $0.001",
            "    ● demo/pro · 10→20 tok · $0.001  another answer to the edit",
            "      └ branch: 1 reply · 10→20 tok · $0.001",
        ])
        let screen = Fixtures.rendered(state).joined(separator: "\n")
        XCTAssertTrue(screen.contains("Conversation tree"), screen)
        XCTAssertTrue(screen.contains("└ branch: 2 replies · 20→40 tok · $0.002"), screen)
    }

    func testEnterInTheTreeJumpsToTheMessageAndItsBranch() {
        var state = resumed(regenerated: true)
        _ = update(&state, .typeText("/tree"))
        state.focus = .input
        _ = update(&state, .command(.send))
        for _ in 0..<3 { _ = press(.up, &state) }  // "second answer"
        XCTAssertEqual(state.tree.selection, 3)
        let effects = press(.enter, &state)
        XCTAssertEqual(heads(effects), [4])
        XCTAssertTrue(state.overlays.isEmpty)
        XCTAssertEqual(texts(state), ["first question", "first answer", "second question", "second answer"])
        XCTAssertEqual(state.status?.text, "jumped to demo/mini reply (4 messages on this path)")

        _ = update(&state, .typeText("/tree"))
        state.focus = .input
        _ = update(&state, .command(.send))
        XCTAssertEqual(state.tree.selection, 3, "the tree opens on the path shown")
        _ = press(.char("q"), &state)
        XCTAssertTrue(state.overlays.isEmpty)
    }

    /// Showing another path rebuilds the transcript: its entries get new ids, so the pane's line memo (keyed by
    /// id) never shows the old path's lines for them. (It showed "binary trees" under the first prompt's version.)
    func testAnotherPathIsDrawnFromItsOwnText() {
        var state = resumed()
        XCTAssertTrue(Fixtures.settledScroll(&state) == nil)
        _ = press(.char("<"), &state)
        _ = Fixtures.settledScroll(&state)
        let screen = WorkbenchView.render(&state).lines().joined(separator: "\n")
        XCTAssertTrue(screen.contains("first question"), screen)
        XCTAssertFalse(screen.contains("edited"), screen)
        XCTAssertFalse(screen.contains("answer to the edit"), screen)
    }

    /// The same for resuming one session after another, or a new session after one with messages.
    func testResumingAnotherSessionNeverReusesEntryIDs() {
        var state = resumed()
        let before = Set(state.transcript.entries.map(\.id))
        let other = LoadedSession(id: "other", title: "Other", model: "demo/mini",
                                  messages: [StoredMessage(role: .user, text: "something else entirely")])
        _ = update(&state, .sessionLoaded(other))
        XCTAssertTrue(before.isDisjoint(with: state.transcript.entries.map(\.id)))
        let screen = WorkbenchView.render(&state).lines().joined(separator: "\n")
        XCTAssertTrue(screen.contains("something else entirely"), screen)
        _ = update(&state, .command(.newSession))
        _ = Fixtures.send("fresh", &state)
        XCTAssertTrue(before.isDisjoint(with: state.transcript.entries.map(\.id)))
    }

    /// Back on a version, its branch continues where it was left, not at its most recent message.
    func testGoingBackToAVersionShowsTheBranchWhereItWasLeft() {
        var state = resumed(regenerated: true)
        _ = press(.left, &state)  // the first answer to the edit, not the regenerated one (the most recent)
        _ = press(.char("<"), &state)
        XCTAssertEqual(texts(state).first, "first question")
        let effects = press(.char(">"), &state)
        XCTAssertEqual(texts(state), ["first question, edited", "answer to the edit"])
        XCTAssertEqual(heads(effects), [6])
    }

    /// An edit survives showing the path again, and is never sent as something else while its prompt is not shown.
    func testAnEditFollowsItsPromptAcrossPathsAndWaitsWhileItIsNotShown() {
        var state = resumed(regenerated: true)
        _ = press(.char("e"), &state)  // "first question, edited"
        state.focus = .transcript
        _ = press(.left, &state)  // the same path, shown again
        _ = update(&state, .typeText(" again"))
        state.focus = .transcript
        _ = press(.char("<"), &state)  // the other version of the prompt: the edited one is not shown
        state.focus = .input
        XCTAssertTrue(update(&state, .command(.send)).isEmpty)
        XCTAssertEqual(state.input.text, "first question, edited again")
        XCTAssertEqual(state.status?.text,
                       "the message you are editing is not on the path shown: < / > brings it back, Ctrl-C drops the edit")
        state.focus = .transcript
        _ = press(.char(">"), &state)
        state.focus = .input
        let effects = update(&state, .command(.send))
        XCTAssertEqual(effects.map(\.name), ["persistEditedPrompt", "startTurn"])
        guard case .persistEditedPrompt(_, _, let text, _, _, _, let sibling) = effects[0] else { return XCTFail("\(effects)") }
        XCTAssertEqual(text, "first question, edited again")
        XCTAssertEqual(sibling, MessageID(rawValue: 5))
    }
}
