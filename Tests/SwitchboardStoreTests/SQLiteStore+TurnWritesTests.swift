import GRDB
import XCTest
@testable import SwitchboardStore
import SwitchboardCore

/// A turn's begin and end each in one transaction (`beginTurn`, `finishTurn`): they store exactly what the
/// separate calls stored, a failure in any part of the begin leaves none of it, a model that cannot be kept leaves
/// the saved reply, `serve`'s placement joins the begin, and a recorded turn costs fewer commits than it did.
final class SQLiteStoreTurnWritesTests: XCTestCase {
    private let session = UUID()
    private let turn = UUID()
    private let prompts = [
        ChatMessage.toolResult(ToolResult(callID: "call_1", text: "a mammal", name: "lookup")),
        ChatMessage.toolResult(ToolResult(callID: "call_2", text: "rain", name: "weather")),
    ]
    private let completion = AssistantCompletion(text: "It rains on a mammal.", status: .complete, resolvedModel: "demo/pro",
                                                 provider: "demo", usage: Usage(input: 12, output: 6))

    /// A store with one session whose first turn is a prompt and its reply, and a gateway key.
    private func store(_ directory: TemporaryDirectory, name: String = "a") async throws -> (SQLiteStore, Int64) {
        let store = try SQLiteStore(url: directory.file("\(name).sqlite"))
        _ = try await store.createSession(NewSession(id: session, firstPrompt: "look it up", model: "auto"))
        let first = UUID(uuidString: "00000000-0000-0000-0000-000000000001") ?? UUID()
        try await store.commitPrompt(session: session, turn: first, text: "look it up")
        try await store.openReply(session: session, turn: first, promptTurn: first, requestedModel: "auto")
        try await store.finishReply(turn: first, AssistantCompletion(text: "calling", status: .complete))
        let (_, stored) = GatewayKeySecret.generate()
        let key = try await store.createGatewayKey(name: "ci", limits: GatewayKeyLimits(), stored: stored, at: Date())
        return (store, key.id)
    }

    private func opening(key: Int64) -> TurnOpening {
        TurnOpening(session: session, turn: turn, prompts: prompts, requestedModel: "auto", gatewayKey: key,
                    tags: ["nightly", "ci"])
    }

    /// What a person or a report sees of the session, with the times of writing left out.
    private func snapshot(_ store: SQLiteStore) async throws -> Snapshot {
        let loaded = try await store.loadSession(session.uuidString)
        let detail = try await store.sessionDetail(session.uuidString)
        let attribution = try await store.connections.read { db in
            try Row.fetchAll(db, sql: """
                SELECT t.uuid, t.gateway_key_id,
                    (SELECT group_concat(tag) FROM (SELECT tag FROM turn_tags WHERE turn_id = t.id ORDER BY tag)) AS tags
                FROM turns t ORDER BY t.id
                """).map { "\(($0["uuid"] as UUID?)?.uuidString ?? "") \($0["gateway_key_id"] as Int64? ?? 0) \($0["tags"] as String? ?? "")" }
        }
        return Snapshot(loaded: loaded.messages.map(Self.timeless), model: loaded.session.model,
                        detail: detail.entries.map { entry in
                            var entry = entry
                            entry.message = Self.timeless(entry.message)
                            return entry
                        }, head: detail.head, attribution: attribution)
    }

    private struct Snapshot: Equatable {
        var loaded: [StoredMessage]
        var model: String?
        var detail: [SessionDetail.Entry]
        var head: MessageID?
        var attribution: [String]
    }

    private static func timeless(_ message: StoredMessage) -> StoredMessage {
        var message = message
        message.createdAt = .distantPast
        message.updatedAt = .distantPast
        return message
    }

    func testOneBeginAndOneEndStoreWhatTheSeparateCallsStored() async throws {
        let stored = try await beginAndEnd(prompts: prompts)
        XCTAssertEqual(stored.loaded.suffix(3).map(\.role), [.tool, .tool, .assistant], "both results, then the reply")
        XCTAssertEqual(stored.model, "demo/pro")
    }

    /// The begin takes the reply's parent from the prompt it has just stored only where `openReply` would find
    /// that one: not after a prefill (an assistant message), nor for a reply to another turn's prompt.
    func testTheReplyAnswersWhatTheSeparateCallsMadeItAnswer() async throws {
        let prefill = [ChatMessage.user("Finish the sentence."), ChatMessage(role: .assistant, text: "Routers are")]
        _ = try await beginAndEnd(prompts: prefill)
        let first = UUID(uuidString: "00000000-0000-0000-0000-000000000001") ?? UUID()
        _ = try await beginAndEnd(prompts: [], promptTurn: first)
    }

    /// Stores the turn with separate calls in one file and with one begin and one end in another; the two must
    /// read the same. Returns what was stored.
    private func beginAndEnd(prompts: [ChatMessage], promptTurn: UUID? = nil) async throws -> Snapshot {
        let directory = try TemporaryDirectory()
        let (separate, keyA) = try await store(directory, name: "separate")
        for prompt in prompts { try await separate.commitPrompt(session: session, turn: turn, message: prompt) }
        try await separate.openReply(session: session, turn: turn, promptTurn: promptTurn ?? turn, requestedModel: "auto")
        try await separate.attributeTurn(turn, key: keyA, tags: ["nightly", "ci"])
        try await separate.finishReply(turn: turn, completion)
        try await separate.setSessionModel(session, model: "demo/pro")

        let (together, keyB) = try await store(directory, name: "together")
        try await together.beginTurn(TurnOpening(session: session, turn: turn, prompts: prompts, promptTurn: promptTurn,
                                                 requestedModel: "auto", gatewayKey: keyB, tags: ["nightly", "ci"]))
        let failure = try await together.finishTurn(TurnFinish(session: session, turn: turn, completion: completion,
                                                               sessionModel: "demo/pro"))
        XCTAssertNil(failure)

        let expected = try await snapshot(separate)
        let stored = try await snapshot(together)
        XCTAssertEqual(stored, expected)
        return stored
    }

    /// A trigger refuses one part of the begin; nothing of the turn may remain, not even its `turns` row.
    func testAFailureInAnyPartOfTheBeginLeavesNothingOfIt() async throws {
        let refusals = [
            "the second prompt": """
                BEFORE INSERT ON messages WHEN NEW.role = 'tool'
                    AND EXISTS (SELECT 1 FROM messages WHERE role = 'tool' AND turn_id = NEW.turn_id)
                """,
            "the reply": "BEFORE INSERT ON messages WHEN NEW.role = 'assistant'",
            "the tags": "BEFORE INSERT ON turn_tags",
        ]
        for (part, trigger) in refusals {
            let directory = try TemporaryDirectory()
            let (store, key) = try await store(directory)
            let before = try await snapshot(store)
            try await store.connections.write { db in
                try db.execute(sql: "CREATE TRIGGER refuse \(trigger) BEGIN SELECT RAISE(ABORT, 'refused'); END")
            }
            do {
                try await store.beginTurn(opening(key: key))
                XCTFail("\(part): the begin should fail")
            } catch {
                XCTAssertTrue("\(error)".contains("refused"), "\(part): \(error)")
            }
            let after = try await snapshot(store)
            XCTAssertEqual(after, before, "\(part): nothing of the begin is stored")
            let turn = self.turn
            let turns = try await store.connections.read { db in
                try Int.fetchOne(db, sql: "SELECT count(*) FROM turns WHERE uuid = ?", arguments: [turn]) ?? -1
            }
            XCTAssertEqual(turns, 0, part)
        }
    }

    func testAModelThatCannotBeKeptLeavesTheSavedReplyAndSaysSo() async throws {
        let directory = try TemporaryDirectory()
        let (store, key) = try await store(directory)
        try await store.beginTurn(opening(key: key))
        try await store.connections.write { db in
            try db.execute(sql: """
                CREATE TRIGGER refuse BEFORE UPDATE OF model ON sessions BEGIN SELECT RAISE(ABORT, 'model refused'); END
                """)
        }
        let failure = try await store.finishTurn(TurnFinish(session: session, turn: turn, completion: completion,
                                                            sessionModel: "demo/pro"))
        XCTAssertTrue("\(failure.map { "\($0)" } ?? "none")".contains("model refused"))
        XCTAssertFalse(store.isDamage(try XCTUnwrap(failure)))
        let stored = try await snapshot(store)
        XCTAssertEqual(stored.loaded.last?.text, completion.text)
        XCTAssertEqual(stored.loaded.last?.status, .complete)
        XCTAssertEqual(stored.model, "auto", "the model update alone was rolled back")
    }

    func testAReplyThatCannotBeSavedThrowsAndKeepsNoModel() async throws {
        let directory = try TemporaryDirectory()
        let (store, _) = try await store(directory)
        // No reply was opened for this turn: the end has nothing to finish.
        do {
            try await store.finishTurn(TurnFinish(session: session, turn: UUID(), completion: completion, sessionModel: "demo/pro"))
            XCTFail("finishing a turn never opened should fail")
        } catch {
            XCTAssertFalse(store.isDamage(error))
        }
        let stored = try await snapshot(store)
        XCTAssertEqual(stored.model, "auto")
    }

    /// Commits on the store's writer for one recorded turn of `serve` (a key, tags, two tool results, the route,
    /// the end and the model that answered), through the recorder: 3 (was 7 with the separate calls).
    func testARecordedTurnCommitsThreeTimes() async throws {
        let directory = try TemporaryDirectory()
        let (store, key) = try await store(directory)
        let commits = CommitCounter()
        let writer = try XCTUnwrap(store.connections.databaseWriter)
        writer.add(transactionObserver: commits, extent: .databaseLifetime)
        let recorder = TurnRecorder(store: store, session: session, turn: turn, requestedModel: "auto",
                                    keepsAnsweringModel: true, gatewayKey: key, tags: ["nightly", "ci"])
        try await recorder.begin(messages: prompts)
        XCTAssertEqual(commits.count, 1, "prompts, reply, key and tags in one commit")
        let route = RouteInfo(model: "demo/pro", provider: "demo", providerModel: "demo-pro", reason: "explicit")
        await recorder.handle(.planned(RouteDecision(requested: "auto", candidates: [], rejected: [], notes: [],
                                                     difficulty: nil, promptTokens: 3)))
        await recorder.handle(.finished(TurnSummary(route: route, text: completion.text, usage: Usage(input: 12, output: 6),
                                                    duration: .seconds(1), complete: true, attempts: [])))
        let unsaved = await recorder.isUnsaved
        XCTAssertFalse(unsaved)
        XCTAssertEqual(commits.count, 3, "begin, route, end with the session's model")
        let stored = try await snapshot(store)
        XCTAssertEqual(stored.model, "demo/pro")
        XCTAssertEqual(stored.loaded.last?.status, .complete)
        XCTAssertEqual(stored.attribution.last, "\(turn.uuidString) \(key) ci,nightly")
    }

    /// The recorder's end is one write, yet a model that was not kept still reads as a detail, not a lost answer.
    func testTheRecorderReportsAModelNotKeptAsADetail() async throws {
        let directory = try TemporaryDirectory()
        let (store, _) = try await store(directory)
        let recorder = TurnRecorder(store: store, session: session, turn: turn, requestedModel: "auto", keepsAnsweringModel: true)
        try await recorder.begin(prompt: "and now?")
        try await store.connections.write { db in
            try db.execute(sql: """
                CREATE TRIGGER refuse BEFORE UPDATE OF model ON sessions BEGIN SELECT RAISE(ABORT, 'model refused'); END
                """)
        }
        let route = RouteInfo(model: "demo/pro", provider: "demo", providerModel: "demo-pro", reason: "explicit")
        await recorder.handle(.finished(TurnSummary(route: route, text: "now this", usage: Usage(input: 2, output: 2), duration: .seconds(1), complete: true,
                                                    attempts: [])))
        let report = await recorder.unsavedReport
        XCTAssertTrue(report?.hasPrefix("the answer was saved, but") ?? false, report ?? "nil")
        let stored = try await snapshot(store)
        XCTAssertEqual(stored.loaded.last?.text, "now this")
        XCTAssertEqual(stored.model, "auto")
    }

    /// `serve`: placing a request in its conversation's session and beginning its turn is one commit, and stores
    /// what placing and then beginning stored; a second request lands in the same session.
    func testPlacementAndBeginAreOneCommitAndStoreWhatTheTwoCallsStored() async throws {
        let directory = try TemporaryDirectory()
        let (separate, keyA) = try await store(directory, name: "separate")
        let (together, keyB) = try await store(directory, name: "together")
        let new = NewSession(id: UUID(), firstPrompt: "hello", model: "auto")
        var opening = TurnOpening(session: new.id, turn: turn, prompts: [.user("hello")], requestedModel: "auto",
                                  gatewayKey: keyA, tags: ["ci"])
        let placed = try await separate.gatewaySession(key: keyA, conversation: .named("trip"), new: new, title: nil)
        try await separate.beginTurn(opening)

        let commits = CommitCounter()
        try XCTUnwrap(together.connections.databaseWriter).add(transactionObserver: commits, extent: .databaseLifetime)
        opening.gatewayKey = keyB
        let match = try await together.gatewaySession(key: keyB, conversation: .named("trip"), new: new, title: nil,
                                                      beginning: opening)
        XCTAssertEqual(commits.count, 1)
        XCTAssertEqual(match, placed)
        let one = try await separate.sessionDetail(new.id.uuidString).entries.map { Self.timeless($0.message) }
        let other = try await together.sessionDetail(new.id.uuidString).entries.map { Self.timeless($0.message) }
        XCTAssertEqual(other, one)
        XCTAssertEqual(other.map(\.role), [.user, .assistant])

        let next = TurnOpening(session: UUID(), turn: UUID(), prompts: [.user("again")], requestedModel: "auto")
        let again = try await together.gatewaySession(key: keyB, conversation: .named("trip"),
                                                      new: NewSession(firstPrompt: "again", model: "auto"), title: nil,
                                                      beginning: next)
        XCTAssertEqual(again, GatewaySessionMatch(session: new.id, created: false))
        let messages = try await together.sessionDetail(new.id.uuidString).entries.map(\.message.text)
        XCTAssertEqual(messages, ["hello", "", "again", ""], "the second turn begun in the session found")
    }

    /// A begin that fails takes the placement with it: no session, no conversation row left for the next request.
    func testAFailedBeginLeavesNoSessionBehind() async throws {
        let directory = try TemporaryDirectory()
        let (store, key) = try await store(directory)
        try await store.connections.write { db in
            try db.execute(sql: "CREATE TRIGGER refuse BEFORE INSERT ON turn_tags BEGIN SELECT RAISE(ABORT, 'refused'); END")
        }
        let new = NewSession(id: UUID(), firstPrompt: "hello", model: "auto")
        let opening = TurnOpening(session: new.id, turn: turn, prompts: [.user("hello")], requestedModel: "auto",
                                  gatewayKey: key, tags: ["ci"])
        do {
            _ = try await store.gatewaySession(key: key, conversation: .named("trip"), new: new, title: nil, beginning: opening)
            XCTFail("the begin should fail")
        } catch {
            XCTAssertTrue("\(error)".contains("refused"), "\(error)")
        }
        let left = try await store.connections.read { db in
            [try Int.fetchOne(db, sql: "SELECT count(*) FROM sessions") ?? -1,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM gateway_sessions") ?? -1]
        }
        XCTAssertEqual(left, [1, 0], "only the session the test made before")
    }

    /// The same turn written by the separate calls, as the recorder and `serve` made them before: 7 commits.
    func testTheSeparateCallsCommitSevenTimes() async throws {
        let directory = try TemporaryDirectory()
        let (store, key) = try await store(directory)
        let commits = CommitCounter()
        try XCTUnwrap(store.connections.databaseWriter).add(transactionObserver: commits, extent: .databaseLifetime)
        for prompt in prompts { try await store.commitPrompt(session: session, turn: turn, message: prompt) }
        try await store.openReply(session: session, turn: turn, promptTurn: turn, requestedModel: "auto")
        try await store.attributeTurn(turn, key: key, tags: ["nightly", "ci"])
        try await store.recordRoute(turn: turn, decision: RouteDecision(requested: "auto", candidates: [], rejected: [],
                                                                        notes: [], difficulty: nil, promptTokens: 3))
        try await store.finishReply(turn: turn, completion)
        try await store.setSessionModel(session, model: "demo/pro")
        XCTAssertEqual(commits.count, 7)
    }
}
