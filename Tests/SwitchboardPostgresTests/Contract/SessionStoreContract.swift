import Foundation
import XCTest
import SwitchboardCore

/// One set of `SessionStore` tests, run on every backend (`SQLiteSessionStoreContractTests`,
/// `PostgresSessionStoreContractTests`): each body is given a fresh, empty store and checks only what the port
/// promises, in neutral records and in the messages a person reads. A backend passes when its cases are green.
struct SessionStoreContract {
    typealias Store = any SessionStore & Ledger

    let store: Store

    // MARK: Sessions

    /// Newest first; a full id, a unique prefix, `last`; several or no matches name what was found.
    func createListAndResolve() async throws {
        await assertError(try await store.resolveSession("last"), "no sessions stored yet")
        let ids = [UUID(uuidString: "abc10000-0000-0000-0000-000000000001"),
                   UUID(uuidString: "abc20000-0000-0000-0000-000000000002"),
                   UUID(uuidString: "def30000-0000-0000-0000-000000000003")].compactMap { $0 }
        let long = String(repeating: "word ", count: 20) + "\nsecond line"
        for (index, id) in ids.enumerated() {
            _ = try await store.createSession(NewSession(id: id, firstPrompt: index == 0 ? long : "\n  prompt \(index)",
                                                         model: "demo/mini", systemPrompt: index == 2 ? "be brief" : nil,
                                                         task: index == 1 ? "code" : nil, role: index == 2 ? "editor" : nil))
        }
        let recent = try await store.recentSessions(limit: 10)
        XCTAssertEqual(recent.map(\.session.id), ids.reversed(), "newest first")
        XCTAssertEqual(recent.map(\.title), ["prompt 2", "prompt 1", "word word word word word word word word word word word word…"])
        XCTAssertEqual(recent.first?.session.systemPrompt, "be brief")
        XCTAssertEqual(recent.first?.session.role, "editor")
        XCTAssertEqual(recent[1].session.tag, "code")
        XCTAssertEqual(recent.map(\.messageCount), [0, 0, 0])
        let limited = try await store.recentSessions(limit: 2)
        XCTAssertEqual(limited.count, 2)

        let last = try await store.resolveSession("last")
        XCTAssertEqual(last, ids[2])
        let full = try await store.resolveSession(ids[0].uuidString.uppercased())
        XCTAssertEqual(full, ids[0])
        let prefix = try await store.resolveSession("abc2")
        XCTAssertEqual(prefix, ids[1])
        await assertError(try await store.resolveSession("abc"),
                          "'abc' matches several sessions: \(ref(ids[1])), \(ref(ids[0])); type more of the id")
        await assertError(try await store.resolveSession("abd"),
                          "no session matches 'abd'; closest: \(ref(ids[1])), \(ref(ids[0])), \(ref(ids[2]))")
        await assertError(try await store.resolveSession("not-an-id"), contains: "no session matches 'not-an-id'")
    }

    /// Rename, model, task, role, delete; a deleted session no longer resolves, its attempts still count.
    func renameSetAndDelete() async throws {
        let session = try await store.createSession(NewSession(firstPrompt: "first", model: nil))
        try await store.renameSession(ref(session), title: "  Better title \n")
        try await store.setSessionModel(session, model: "demo/pro")
        try await store.setSessionTask(session, task: "code")
        try await store.setSessionRole(session, role: SessionRole(name: "reviewer", systemPrompt: "review it"))
        var loaded = try await store.loadSession(ref(session))
        XCTAssertEqual(loaded.session.title, "Better title")
        XCTAssertEqual(loaded.session.model, "demo/pro")
        XCTAssertEqual(loaded.task, "code")
        XCTAssertEqual(loaded.session.role, "reviewer")
        XCTAssertEqual(loaded.session.systemPrompt, "review it")
        try await store.renameSession(ref(session), title: "   ")
        try await store.setSessionRole(session, role: nil)
        try await store.setSessionTask(session, task: nil)
        loaded = try await store.loadSession(ref(session))
        XCTAssertEqual(loaded.session.title, "Untitled")
        XCTAssertNil(loaded.session.role)
        XCTAssertNil(loaded.session.systemPrompt)
        XCTAssertNil(loaded.task)

        let turn = UUID()
        try await store.commitPrompt(session: session, turn: turn, text: "q")
        try await store.record(attempt(turn, cost: "0.5"))
        try await store.deleteSession(ref(session))
        await assertError(try await store.loadSession(ref(session)), "no sessions stored yet")
        await assertError(try await store.deleteSession(ref(session)), "no sessions stored yet")
        let spend = try await store.spendReport(by: .session, since: nil, calendar: utc)
        XCTAssertEqual(spend.rows.map(\.key), ["(deleted)"], "the attempts stay, without their session")
        XCTAssertEqual(spend.total.cost.known, money("0.5"))
    }

    // MARK: Turns

    /// A turn's prompt, its reply opened empty, checkpoints, the end with its figures; the route kept with the turn.
    func turnLifecycle() async throws {
        let session = try await store.createSession(NewSession(firstPrompt: "Hello", model: "demo/mini", systemPrompt: "sys"))
        let turn = UUID()
        try await store.commitPrompt(session: session, turn: turn, text: "Hello")
        try await store.openReply(session: session, turn: turn, promptTurn: turn, requestedModel: "demo/mini")
        var loaded = try await store.loadSession(ref(session))
        XCTAssertEqual(loaded.messages.map(\.text), ["Hello", ""])
        XCTAssertEqual(loaded.messages.last?.status, .incomplete)
        XCTAssertEqual(loaded.messages.last?.requestedModel, "demo/mini")
        XCTAssertEqual(loaded.messages.last?.parentID, loaded.messages.first?.id)
        try await store.checkpointReply(turn: turn, text: "Hi th")
        loaded = try await store.loadSession(ref(session))
        XCTAssertEqual(loaded.messages.last?.text, "Hi th")

        let usage = Usage(input: 10, output: 20, cacheRead: 3, cacheWrite: 4, reasoning: 5, cacheWrite1h: 6, images: 1)
        try await store.finishReply(turn: turn, AssistantCompletion(
            text: "Hi there\u{0}!", status: .complete, resolvedModel: "demo/mini-2", provider: "demo", usage: usage,
            cost: money("0.000123"), reportedCost: money("0.0002"), ttft: .milliseconds(120), duration: .milliseconds(900)))
        let finished = try await store.loadSession(ref(session))
        let reply = try XCTUnwrap(finished.messages.last)
        XCTAssertEqual(reply.text, "Hi there\u{0}!", "text is kept exactly, NUL included")
        XCTAssertEqual(reply.status, .complete)
        XCTAssertEqual(reply.resolvedModel, "demo/mini-2")
        XCTAssertEqual(reply.provider, "demo")
        XCTAssertEqual(reply.usage, usage)
        XCTAssertEqual(reply.cost, money("0.000123"))
        XCTAssertEqual(reply.reportedCost, money("0.0002"))
        XCTAssertEqual(reply.ttftMs, 120)
        XCTAssertEqual(reply.durationMs, 900)
        XCTAssertEqual(reply.turnID, turn)

        let conversation = try await store.conversation(in: session)
        XCTAssertEqual(conversation, [.system("sys"), .user("Hello"), .assistant("Hi there\u{0}!")])

        // A reply that failed before any text is not sent again; a partial one is.
        let failed = UUID(), partial = UUID()
        try await store.commitPrompt(session: session, turn: failed, text: "again")
        try await store.openReply(session: session, turn: failed, promptTurn: failed, requestedModel: "demo/mini")
        try await store.finishReply(turn: failed, AssistantCompletion(text: "", status: .failed))
        try await store.commitPrompt(session: session, turn: partial, text: "once more")
        try await store.openReply(session: session, turn: partial, promptTurn: partial, requestedModel: "demo/mini")
        try await store.finishReply(turn: partial, AssistantCompletion(text: "half", status: .cancelled))
        let sent = try await store.conversation(in: session)
        XCTAssertEqual(sent.map(\.text), ["sys", "Hello", "Hi there\u{0}!", "again", "once more", "half"])

        let decision = RouteDecision(requested: "auto", candidates: [], rejected: [], notes: ["cheapest"],
                                     difficulty: nil, promptTokens: 7)
        try await store.recordRoute(turn: turn, decision: decision)
        let explanation = try await store.routeExplanation(turn: turn)
        XCTAssertEqual(explanation, RouteExplanation(decision))
        let none = try await store.routeExplanation(turn: failed)
        XCTAssertNil(none)
        let unknown = UUID()
        await assertError(try await store.checkpointReply(turn: unknown, text: "x"),
                          "no reply was opened for turn \(ref(unknown))")
        await assertError(try await store.finishReply(turn: unknown, AssistantCompletion(text: "x", status: .complete)),
                          "no reply was opened for turn \(ref(unknown))")

        let recent = try await store.recentSessions(limit: 1)
        let summary = try XCTUnwrap(recent.first)
        XCTAssertEqual(summary.messageCount, 6)
        XCTAssertEqual(summary.models, ["demo/mini-2"])
    }

    /// Compared answers to one prompt await a pick; the pick is where the conversation continues.
    func comparedAnswersAndPick() async throws {
        let session = try await store.createSession(NewSession(firstPrompt: "Which?", model: "demo/mini"))
        let (first, second) = (UUID(), UUID())
        try await store.commitPrompt(session: session, turn: first, text: "Which?")
        for (turn, model) in [(first, "demo/mini"), (second, "demo/pro")] {
            try await store.openReply(session: session, turn: turn, promptTurn: first, requestedModel: model)
            try await store.finishReply(turn: turn, AssistantCompletion(text: "from \(model)", status: .complete))
        }
        let pending = try await store.loadSession(ref(session))
        XCTAssertEqual(pending.messages.map(\.text), ["Which?"])
        XCTAssertEqual(pending.comparison.map(\.text), ["from demo/mini", "from demo/pro"])
        XCTAssertEqual(pending.comparison.map(\.turnID), [first, second])

        try await store.chooseReply(turn: first)
        let picked = try await store.loadSession(ref(session))
        XCTAssertEqual(picked.messages.map(\.text), ["Which?", "from demo/mini"])
        XCTAssertTrue(picked.comparison.isEmpty)
        XCTAssertEqual(picked.tree.head, picked.messages.last?.id)

        try await store.commitPrompt(session: session, turn: UUID(), text: "Go on")
        let conversation = try await store.conversation(in: session)
        XCTAssertEqual(conversation, [.user("Which?"), .assistant("from demo/mini"), .user("Go on")])
        let after = try await store.loadSession(ref(session))
        XCTAssertNil(after.tree.head, "the next message uses the pick up")
        try await store.chooseReply(turn: UUID())  // no reply in that turn: nothing to pick
    }

    /// A turn begun in one write (prompt, empty reply, key and tags) and ended in one (reply and session model);
    /// a begin whose last part fails (a key that does not exist) leaves nothing of the turn.
    func turnInOneWrite() async throws {
        let keys = try XCTUnwrap(store as? any GatewayKeyStore)
        let key = try await keys.createGatewayKey(name: "team-b", limits: GatewayKeyLimits(),
                                                  stored: GatewayKeySecret.generate().stored, at: Date())
        let session = try await store.createSession(NewSession(firstPrompt: "q", model: "demo/mini"))
        let turn = UUID()
        try await store.beginTurn(TurnOpening(session: session, turn: turn, prompts: [.user("q")],
                                              requestedModel: "demo/mini", gatewayKey: key.id, tags: ["ci"]))
        var loaded = try await store.loadSession(ref(session))
        XCTAssertEqual(loaded.messages.map(\.text), ["q", ""])
        XCTAssertEqual(loaded.messages.last?.status, .incomplete)
        try await store.record(attempt(turn, cost: "0.1"))
        let failure = try await store.finishTurn(TurnFinish(
            session: session, turn: turn, completion: AssistantCompletion(text: "a", status: .complete, resolvedModel: "demo/pro"),
            sessionModel: "demo/pro"))
        XCTAssertNil(failure)
        loaded = try await store.loadSession(ref(session))
        XCTAssertEqual(loaded.messages.map(\.text), ["q", "a"])
        XCTAssertEqual(loaded.session.model, "demo/pro")
        let byTag = try await store.spendReport(by: .tag, since: nil, calendar: utc)
        XCTAssertEqual(byTag.rows.map(\.key), ["ci"])

        do {
            try await store.beginTurn(TurnOpening(session: session, turn: UUID(), prompts: [.user("lost words")],
                                                  requestedModel: "demo/mini", gatewayKey: 999_999))
            XCTFail("a key that does not exist fails the begin")
        } catch {}
        loaded = try await store.loadSession(ref(session))
        XCTAssertEqual(loaded.messages.map(\.text), ["q", "a"], "nothing of the failed begin is stored")
        let lost = try await store.searchMessages("lost", limit: 5)
        XCTAssertTrue(lost.isEmpty)
        do {
            _ = try await store.finishTurn(TurnFinish(session: session, turn: UUID(),
                                                      completion: AssistantCompletion(text: "x", status: .complete)))
            XCTFail("a turn never begun cannot end")
        } catch {}
    }

    // MARK: Branches

    /// An edited prompt beside the original, the head moved back, and regenerated columns.
    func branchesHeadAndColumns() async throws {
        let session = try await store.createSession(NewSession(firstPrompt: "one", model: "demo/mini"))
        let (t1, t2) = (UUID(), UUID())
        try await turn(session, t1, "one", reply: "reply one")
        try await turn(session, t2, "two", reply: "reply two")
        let before = try await store.loadSession(ref(session))
        let two = before.messages[2]

        let edited = UUID()
        try await store.branchPrompt(session: session, turn: edited, message: .user("two, edited"), siblingOf: two.id)
        try await store.openReply(session: session, turn: edited, promptTurn: edited, requestedModel: "demo/mini")
        try await store.finishReply(turn: edited, AssistantCompletion(text: "edited reply", status: .complete))
        var loaded = try await store.loadSession(ref(session))
        XCTAssertEqual(loaded.messages.map(\.text), ["one", "reply one", "two, edited", "edited reply"])
        XCTAssertEqual(loaded.tree.siblings(of: loaded.messages[2].id).map(\.text), ["two", "two, edited"])

        // Back to the first version: the conversation continues from its reply.
        try await store.moveHead(session: session, to: before.messages[3].id)
        loaded = try await store.loadSession(ref(session))
        XCTAssertEqual(loaded.messages.map(\.text), ["one", "reply one", "two", "reply two"])
        let sent = try await store.conversation(in: session)
        XCTAssertEqual(sent.map(\.text), ["one", "reply one", "two", "reply two"])

        // An edited first prompt has no parent.
        try await store.branchPrompt(session: session, turn: UUID(), message: .user("zero"), siblingOf: before.messages[0].id)
        loaded = try await store.loadSession(ref(session))
        XCTAssertEqual(loaded.messages.map(\.text), ["zero"])
        XCTAssertNil(loaded.messages[0].parentID)

        // A message of another session cannot be the head.
        let other = try await store.createSession(NewSession(firstPrompt: "x", model: nil))
        await assertError(try await store.moveHead(session: other, to: two.id), "no message with id \(two.id.rawValue)")

        // Regenerate the second prompt with two models: the new replies are columns, the older one a version.
        try await store.moveHead(session: session, to: before.messages[3].id)
        try await store.openColumns(session: session, answering: two.id)
        let (c1, c2) = (UUID(), UUID())
        for (column, model) in [(c1, "demo/a"), (c2, "demo/b")] {
            try await store.openReply(session: session, turn: column, promptTurn: t2, requestedModel: model)
            try await store.finishReply(turn: column, AssistantCompletion(text: "col \(model)", status: .complete))
        }
        loaded = try await store.loadSession(ref(session))
        XCTAssertEqual(loaded.messages.map(\.text), ["one", "reply one", "two"])
        XCTAssertEqual(loaded.comparison.map(\.text), ["col demo/a", "col demo/b"])
        let detail = try await store.sessionDetail(ref(session))
        XCTAssertNotNil(detail.columnsAfter)
        try await store.chooseReply(turn: c2)
        loaded = try await store.loadSession(ref(session))
        XCTAssertEqual(loaded.messages.map(\.text), ["one", "reply one", "two", "col demo/b"])
        XCTAssertTrue(loaded.comparison.isEmpty)
    }

    // MARK: Compaction

    /// A summary stands for the turns up to its last one, on the branch it was made on; the originals stay.
    func compaction() async throws {
        let session = try await store.createSession(NewSession(firstPrompt: "one", model: "demo/mini", systemPrompt: "sys"))
        let (t1, t2, t3) = (UUID(), UUID(), UUID())
        try await turn(session, t1, "one", reply: "reply one")
        try await turn(session, t2, "two", reply: "reply two")
        let compaction = SessionCompaction(
            turn: UUID(), throughTurn: t2, summary: "we said one and two", turns: 2, tokensBefore: 400, tokensAfter: 40,
            model: "demo/mini", provider: "demo", usage: Usage(input: 300, output: 30), cost: money("0.0003"),
            createdAt: Date(timeIntervalSince1970: 1_750_000_000.123))
        try await store.recordCompaction(compaction, session: session)
        try await store.commitPrompt(session: session, turn: t3, text: "three")
        let sent = try await store.conversation(in: session)
        XCTAssertEqual(sent, [.system("sys"), compaction.message, .user("three")])
        let loaded = try await store.loadSession(ref(session))
        XCTAssertEqual(loaded.compaction, compaction)
        XCTAssertEqual(loaded.messages.count, 5, "the originals stay")
        let detail = try await store.sessionDetail(ref(session))
        XCTAssertEqual(detail.compactions, [compaction])
        let markdown = try await store.exportMarkdown(ref(session))
        XCTAssertTrue(markdown.contains("we said one and two"), markdown)

        // On another branch (the first prompt edited) the summary does not apply.
        let first = loaded.messages[0]
        try await store.branchPrompt(session: session, turn: UUID(), message: .user("one, edited"), siblingOf: first.id)
        let other = try await store.conversation(in: session)
        XCTAssertEqual(other, [.system("sys"), .user("one, edited")])
        await assertError(try await store.recordCompaction(
            SessionCompaction(turn: UUID(), throughTurn: t3, summary: "s", turns: 1, tokensBefore: 1, tokensAfter: 1),
            session: session), "no reply was opened for turn \(ref(t3))")
    }

    // MARK: Parts

    /// Attachments, tool calls and results, and thinking are kept whole; the visible text stays searchable.
    func partsAndToolMessages() async throws {
        let session = try await store.createSession(NewSession(firstPrompt: "look", model: "demo/mini"))
        let turn = UUID()
        let image = ContentPart.image(ImagePart(.bytes(Data([0, 1, 2, 255]), mediaType: "image/png")))
        let prompt = ChatMessage(role: .user, parts: [.text("look at this"), image])
        try await store.commitPrompt(session: session, turn: turn, message: prompt)
        try await store.openReply(session: session, turn: turn, promptTurn: turn, requestedModel: "demo/mini")
        let thinking = ContentPart.reasoning(ReasoningPart(text: "hmm", signature: "sig"))
        let checkpointing = try XCTUnwrap(store as? any ReplyPartsCheckpointing)
        try await checkpointing.checkpointReply(turn: turn, text: "", parts: [thinking])
        var loaded = try await store.loadSession(ref(session))
        XCTAssertEqual(loaded.messages.last?.parts, [thinking], "thinking is checkpointed with the text")
        let call = ToolCall(id: "call_1", name: "clock", arguments: "{\"tz\":\"UTC\"}")
        try await store.finishReply(turn: turn, AssistantCompletion(
            text: "", status: .complete, parts: [thinking, .toolCall(call)]))
        let result = ChatMessage.toolResult(ToolResult(callID: "call_1", text: "12:00", name: "clock"))
        try await store.commitPrompt(session: session, turn: turn, message: result)
        let next = UUID()
        try await store.openReply(session: session, turn: next, promptTurn: turn, requestedModel: "demo/mini")
        try await store.finishReply(turn: next, AssistantCompletion(text: "It is noon.", status: .complete))

        loaded = try await store.loadSession(ref(session))
        XCTAssertEqual(loaded.messages.map(\.role), [.user, .assistant, .tool, .assistant])
        XCTAssertEqual(loaded.messages[0].parts, prompt.parts)
        XCTAssertNil(loaded.messages[3].parts, "a text-only reply stores no parts")
        let sent = try await store.conversation(in: session)
        XCTAssertEqual(sent, [prompt, ChatMessage(role: .assistant, parts: [thinking, .toolCall(call)]), result,
                              .assistant("It is noon.")])
        let hits = try await store.searchMessages("look", limit: 5)
        XCTAssertEqual(hits.map(\.messageID), [loaded.messages[0].id])
    }

    /// A very long message (a pasted log of distinct words) is stored whole and found by a word near its start.
    func longMessage() async throws {
        let session = try await store.createSession(NewSession(firstPrompt: "log", model: nil))
        let words = (0..<150_000).map { "w\(String($0, radix: 36))x" }
        let text = "needle " + words.joined(separator: " ")
        try await store.commitPrompt(session: session, turn: UUID(), text: text)
        let loaded = try await store.loadSession(ref(session))
        XCTAssertEqual(loaded.messages.first?.text, text)
        let hits = try await store.searchMessages("needle", limit: 5)
        XCTAssertEqual(hits.map(\.sessionID), [session])
    }

    // MARK: Detail and export

    /// Every message with the attempts and route behind each reply; Markdown names the facts.
    func detailAndExport() async throws {
        let session = try await store.createSession(NewSession(firstPrompt: "Explain", model: "demo/mini", task: "code"))
        let turn = UUID()
        try await store.commitPrompt(session: session, turn: turn, text: "Explain")
        try await store.openReply(session: session, turn: turn, promptTurn: turn, requestedModel: "demo/mini")
        try await store.record(attempt(turn, ordinal: 1, outcome: .failed(.rateLimited, afterFirstToken: false), cost: nil))
        try await store.record(attempt(turn, ordinal: 2, cost: "0.25"))
        try await store.finishReply(turn: turn, AssistantCompletion(
            text: "It works.", status: .complete, resolvedModel: "demo/mini", provider: "demo",
            usage: Usage(input: 5, output: 7), cost: money("0.25"), ttft: .milliseconds(40), duration: .milliseconds(400)))
        let decision = RouteDecision(requested: "demo/mini", candidates: [], rejected: [], notes: ["explicit"],
                                     difficulty: nil, promptTokens: 2)
        try await store.recordRoute(turn: turn, decision: decision)

        let detail = try await store.sessionDetail(String(ref(session).prefix(8)))
        XCTAssertEqual(detail.session.id, session)
        XCTAssertEqual(detail.entries.map(\.message.text), ["Explain", "It works."])
        XCTAssertEqual(detail.entries.map(\.attempts.count), [0, 2])
        XCTAssertEqual(detail.entries[1].attempts.map(\.ordinal), [1, 2])
        XCTAssertEqual(detail.entries[1].attempts.map(\.outcome), [.failed(.rateLimited, afterFirstToken: false), .success])
        XCTAssertEqual(detail.entries[1].attempts.last?.cost, money("0.25"))
        XCTAssertEqual(detail.entries[1].attempts.last?.startedAt, attempt(turn, cost: nil).startedAt)
        XCTAssertNotNil(detail.entries[1].route)
        XCTAssertNil(detail.entries[0].route)

        let markdown = try await store.exportMarkdown(ref(session))
        XCTAssertTrue(markdown.hasPrefix("# Explain\n\n- Session: `\(ref(session))`\n- Created: "), markdown)
        XCTAssertTrue(markdown.contains("- Model: demo/mini\n- Tag: code\n"), markdown)
        XCTAssertTrue(markdown.contains("\nIt works.\n"), markdown)
        XCTAssertTrue(markdown.contains("2 attempts"), markdown)
        let recent = try await store.recentSessions(limit: 1)
        let summary = try XCTUnwrap(recent.first)
        XCTAssertEqual(summary.cost.known, money("0.25"))
        XCTAssertEqual(summary.cost.unknownCount, 1)

        // The ledger may write a turn's attempt before its prompt is stored: the prompt's turn claims it.
        let early = UUID()
        try await store.record(attempt(early, cost: "0.5"))
        try await store.commitPrompt(session: session, turn: early, text: "Again")
        let claimed = try await store.sessionDetail(ref(session))
        XCTAssertEqual(claimed.entries.last?.attempts.map(\.cost), [money("0.5")])
        let after = try await store.recentSessions(limit: 1)
        XCTAssertEqual(after.first?.cost.known, money("0.75"))
    }

    // MARK: Search

    /// Words are ANDed, quotes make a phrase, `word*` a prefix, case does not matter; hits carry a highlighted
    /// snippet; sessions come once each with their best snippet.
    func search() async throws {
        let a = try await store.createSession(NewSession(firstPrompt: "database", model: nil))
        let b = try await store.createSession(NewSession(firstPrompt: "other", model: nil))
        try await turn(a, UUID(), "How does the write ahead log work?", reply: "The WAL keeps writes ahead of the database file.")
        try await turn(b, UUID(), "Write a poem about logs ahead", reply: "Logs float on the river.")
        try await turn(b, UUID(), "Compare gpt-4o with gpt 4", reply: "Both are models.")

        let words = try await store.searchMessages("write ahead", limit: 10)
        XCTAssertEqual(Set(words.map(\.sessionID)), [a, b], "words anywhere in a message")
        let both = try await store.searchMessages("write log", limit: 10)
        XCTAssertEqual(both.map(\.sessionID), [a], "every word, whole: logs is not log")
        let phrase = try await store.searchMessages("\"write ahead\"", limit: 10)
        XCTAssertEqual(phrase.map(\.sessionID), [a])
        XCTAssertEqual(phrase.first?.role, .user)
        XCTAssertEqual(phrase.first?.sessionTitle, "database")
        let highlighted = phrase.first?.snippet.filter(\.highlighted).map { $0.text.lowercased() }
        XCTAssertEqual(highlighted?.joined(separator: " ").contains("write"), true, "\(phrase.first?.snippet ?? [])")
        let prefix = try await store.searchMessages("datab*", limit: 10)
        XCTAssertEqual(prefix.count, 1)
        XCTAssertEqual(prefix.first?.role, .assistant)
        let noPrefix = try await store.searchMessages("datab", limit: 10)
        XCTAssertTrue(noPrefix.isEmpty, "a word matches whole words only")
        let upper = try await store.searchMessages("WAL", limit: 10)
        XCTAssertEqual(upper.count, 1)
        let hyphen = try await store.searchMessages("gpt-4o", limit: 10)
        XCTAssertEqual(hyphen.map(\.sessionID), [b])
        let operators = try await store.searchMessages("\"OR\" NOT: poem", limit: 10)
        XCTAssertTrue(operators.isEmpty, "query words are text, not operators")
        let nothing = try await store.searchMessages("  \"\" * ", limit: 10)
        XCTAssertTrue(nothing.isEmpty)
        let limited = try await store.searchMessages("ahead", limit: 1)
        XCTAssertEqual(limited.count, 1)

        let sessions = try await store.searchSessions("ahead", limit: 10)
        XCTAssertEqual(Set(sessions.map(\.session.id)), [a, b])
        XCTAssertEqual(sessions.count, 2, "one row per session")
        XCTAssertTrue(sessions.allSatisfy { $0.snippet?.contains("«") == true }, "\(sessions.map(\.snippet))")
        XCTAssertEqual(sessions.first { $0.session.id == b }?.messageCount, 4)
        let tooMany = (1...40).map { "w\($0)" }.joined(separator: " ")
        await assertError(try await store.searchMessages(tooMany, limit: 5),
                          "invalid search: 40 different terms; search for at most 32")

        // A message whose text changes is found by its new words only; a deleted session's messages are gone.
        try await store.deleteSession(ref(a))
        let afterDelete = try await store.searchMessages("ahead", limit: 10)
        XCTAssertEqual(afterDelete.map(\.sessionID), [b])
    }

    // MARK: Figures

    /// Spend today and this month, exact decimal sums, unknown prices counted apart; stats per model and provider.
    func figures() async throws {
        let session = try await store.createSession(NewSession(firstPrompt: "q", model: "demo/mini"))
        let now = Date(timeIntervalSince1970: 1_751_371_200)  // 2025-07-01 12:00 UTC
        let day: TimeInterval = 86_400
        let turns = (0..<4).map { _ in UUID() }
        for turn in turns { try await store.commitPrompt(session: session, turn: turn, text: "q") }
        try await store.record(attempt(turns[0], model: "demo/mini", cost: "0.1", at: now))
        try await store.record(attempt(turns[1], model: "demo/mini", cost: "0.2", at: now.addingTimeInterval(-3600)))
        try await store.record(attempt(turns[2], model: "demo/pro", outcome: .failed(.server, afterFirstToken: true),
                                       cost: nil, at: now.addingTimeInterval(-3600)))
        try await store.record(attempt(turns[3], model: "demo/pro", cost: "1", at: now.addingTimeInterval(-40 * day)))

        let spend = try await store.spend(now: now, calendar: utc)
        XCTAssertEqual(spend.today, money("0.3"), "0.1 + 0.2 is exactly 0.3")
        XCTAssertEqual(spend.month, money("0.3"))
        XCTAssertTrue(spend.incomplete)

        let byModel = try await store.spendReport(by: .model, since: now.addingTimeInterval(-day), calendar: utc)
        XCTAssertEqual(byModel.rows.map(\.key), ["demo/mini", "demo/pro"])
        XCTAssertEqual(byModel.rows.map(\.requests), [2, 1])
        XCTAssertEqual(byModel.rows[0].cost.known, money("0.3"))
        XCTAssertEqual(byModel.rows[1].cost.unknownCount, 1)
        XCTAssertEqual(byModel.total.requests, 3)
        XCTAssertEqual(byModel.total.usage, Usage(input: 30, output: 60))
        let allTime = try await store.spendReport(by: .day, since: nil, calendar: utc)
        XCTAssertEqual(allTime.rows.map(\.key), ["2025-05-22", "2025-07-01"])
        XCTAssertEqual(allTime.total.cost.known, money("1.3"))
        // Days are the calendar's own: at UTC+14 the month-old attempt and today's fall a day later.
        var kiritimati = Calendar(identifier: .gregorian)
        kiritimati.timeZone = try XCTUnwrap(TimeZone(identifier: "Pacific/Kiritimati"))
        let local = try await store.spendReport(by: .day, since: nil, calendar: kiritimati)
        XCTAssertEqual(local.rows.map(\.key), ["2025-05-23", "2025-07-02"])
        XCTAssertEqual(local.rows.map(\.requests), [1, 3])
        let localSpend = try await store.spend(now: now, calendar: kiritimati)
        XCTAssertEqual(localSpend.today, money("0.3"))
        let bySession = try await store.spendReport(by: .session, since: nil, calendar: utc)
        XCTAssertEqual(bySession.rows.map(\.key), [ref(session)])
        XCTAssertEqual(bySession.rows.first?.label, "q")

        let stats = try await store.modelStatsReport(since: now.addingTimeInterval(-day))
        XCTAssertEqual(stats.map(\.model).sorted(), ["demo/mini", "demo/pro"])
        let pro = try XCTUnwrap(stats.first { $0.model == "demo/pro" })
        XCTAssertEqual(pro.requests, 1)
        XCTAssertEqual(pro.errors, ["server": 1])
        let mini = try XCTUnwrap(stats.first { $0.model == "demo/mini" })
        XCTAssertEqual(mini.requests, 2)
        XCTAssertEqual(mini.ttftP50, 100)
        let snapshots = try await store.modelStats(since: now.addingTimeInterval(-day))
        XCTAssertEqual(snapshots["demo/pro"]?.errorRate, 1)
        XCTAssertEqual(snapshots["demo/mini"]?.requests, 2)
        let everything = try await store.modelStatsReport(since: nil)
        XCTAssertEqual(everything.reduce(0) { $0 + $1.requests }, 4)
    }

    /// `spend --by key` and `--by tag`: a turn made through a gateway key counts under the key's name and each of
    /// its tags (an attempt with two tags under both; the total once); others under "(no key)" and "(untagged)".
    func spendByKeyAndTag() async throws {
        let keys = try XCTUnwrap(store as? any GatewayKeyStore)
        let key = try await keys.createGatewayKey(name: "team-a", limits: GatewayKeyLimits(),
                                                  stored: GatewayKeySecret.generate().stored, at: Date())
        let session = try await store.createSession(NewSession(firstPrompt: "q", model: nil))
        let (tagged, plain) = (UUID(), UUID())
        for turn in [tagged, plain] { try await store.commitPrompt(session: session, turn: turn, text: "q") }
        try await keys.attributeTurn(tagged, key: key.id, tags: ["ci", "nightly"])
        try await store.record(attempt(tagged, cost: "0.1"))
        try await store.record(attempt(plain, cost: "0.2"))

        let byKey = try await store.spendReport(by: .key, since: nil, calendar: utc)
        XCTAssertEqual(byKey.rows.map(\.key), ["(no key)", "team-a"])
        XCTAssertEqual(byKey.rows.map(\.cost.known), [money("0.2"), money("0.1")].compactMap { $0 })
        let byTag = try await store.spendReport(by: .tag, since: nil, calendar: utc)
        XCTAssertEqual(byTag.rows.map(\.key), ["(untagged)", "ci", "nightly"])
        XCTAssertEqual(byTag.rows.map(\.requests), [1, 1, 1])
        XCTAssertEqual(byTag.total.requests, 2, "an attempt with two tags counts once in the total")
        XCTAssertEqual(byTag.total.cost.known, money("0.3"))
    }

    // MARK: Helpers

    private var utc: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        return calendar
    }

    private func ref(_ id: UUID) -> String { id.uuidString.lowercased() }

    private func money(_ text: String) -> Money? { Decimal(string: text).map(Money.init) }

    /// A prompt and its whole reply, continuing from the head.
    private func turn(_ session: UUID, _ turn: UUID, _ prompt: String, reply: String) async throws {
        try await store.commitPrompt(session: session, turn: turn, text: prompt)
        try await store.openReply(session: session, turn: turn, promptTurn: turn, requestedModel: "demo/mini")
        try await store.finishReply(turn: turn, AssistantCompletion(text: reply, status: .complete))
    }

    private func attempt(_ turn: UUID, ordinal: Int = 1, model: String = "demo/mini", outcome: AttemptRecord.Outcome = .success,
                         cost: String?, at date: Date = Date(timeIntervalSince1970: 1_751_371_200.25)) -> AttemptRecord {
        AttemptRecord(turnID: turn, ordinal: ordinal, model: model, provider: "demo", providerModel: model + "-v1",
                      reason: "explicit", outcome: outcome, status: outcome == .success ? 200 : 500, startedAt: date,
                      ttft: .milliseconds(100), duration: .milliseconds(1000), usage: Usage(input: 10, output: 20),
                      cost: cost.flatMap(money))
    }

    private func assertError<T>(_ body: @autoclosure () async throws -> T, _ expected: String,
                                file: StaticString = #filePath, line: UInt = #line) async {
        do {
            _ = try await body()
            XCTFail("expected: \(expected)", file: file, line: line)
        } catch {
            XCTAssertEqual("\(error)", expected, file: file, line: line)
        }
    }

    private func assertError<T>(_ body: @autoclosure () async throws -> T, contains expected: String,
                                file: StaticString = #filePath, line: UInt = #line) async {
        do {
            _ = try await body()
            XCTFail("expected: \(expected)", file: file, line: line)
        } catch {
            XCTAssertTrue("\(error)".contains(expected), "\(error)", file: file, line: line)
        }
    }
}
