import GRDB
import XCTest
@testable import SwitchboardStore
import SwitchboardCore

/// `serve`'s posted writes (`TurnWrites`, `PostedLedger`) on a real database file: deferred writes wait for a
/// flush or the turn's close, a short turn's record is one commit that stores what the writes made one by one
/// store, a failing write loses only itself, and what must be known now (a budget hold) waits behind them.
final class TurnWritesSQLiteTests: XCTestCase {
    private let completion = AssistantCompletion(
        text: "Routers forward packets.", status: .complete, resolvedModel: "demo/mini", provider: "demo",
        usage: Usage(input: 9, output: 4, cacheRead: 3, cacheWrite: 2, reasoning: 5), cost: Money(decimalString: "0.00012"),
        reportedCost: Money(decimalString: "0.00013"), ttft: .milliseconds(12), duration: .milliseconds(40),
        parts: [.reasoning(ReasoningPart(text: "Packets first.", signature: "sig-1")), .text("Routers forward packets.")])

    /// A gateway turn's writes as `serve` posts them: its placement and prompt, its route, its attempt's start
    /// and end, the reply's end.
    private func turnWrites(_ turn: UUID, conversation: String = "chat-1") -> [TurnWrite] {
        let opening = TurnOpening(session: UUID(), turn: turn, prompts: [ChatMessage.user("Say something about routers.")],
                                  requestedModel: "demo/mini", gatewayKey: nil, tags: ["bench"])
        let begin = GatewayBegin(key: nil, conversation: .named(conversation),
                                 new: NewSession(firstPrompt: "Say something about routers.", model: "demo/mini"),
                                 title: nil, opening: opening)
        let decision = RouteDecision(requested: "demo/mini", candidates: [], rejected: [], notes: ["explicit"],
                                     difficulty: nil, promptTokens: 7)
        let attempt = AttemptRecord(turnID: turn, ordinal: 1, model: "demo/mini", provider: "demo", providerModel: "mini",
                                    reason: "explicit", outcome: .inFlight, startedAt: Date(timeIntervalSince1970: 1_790_000_000),
                                    duration: .zero)
        var ended = attempt
        ended.outcome = .success
        ended.status = 200
        ended.duration = .milliseconds(40)
        ended.usage = completion.usage ?? .zero
        ended.cost = completion.cost
        return [.gatewayBegin(begin), .route(turn: turn, decision: decision), .attemptBegun(attempt),
                .checkpoint(turn: turn, text: "Routers", parts: nil), .attemptEnded(ended),
                .finish(TurnFinish(session: UUID(), turn: turn, completion: completion, sessionModel: "demo/mini"))]
    }

    private func closed(_ writes: TurnWrites) async -> TurnWrites.Failure? {
        await withCheckedContinuation { continuation in writes.close { continuation.resume(returning: $0) } }
    }

    private func counter(_ store: SQLiteStore) throws -> CommitCounter {
        let commits = CommitCounter()
        try XCTUnwrap(store.connections.databaseWriter).add(transactionObserver: commits, extent: .databaseLifetime)
        return commits
    }

    func testDeferredWritesWaitForTheCloseAndAreOneCommit() async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(url: directory.databaseURL)
        let commits = try counter(store)
        let turn = UUID()
        let writes = TurnWrites(store: store, deferred: true)
        let placed = Placed()
        for write in turnWrites(turn) { writes.post(write) { placed.add($0) } }
        try await Task.sleep(for: .milliseconds(30))
        XCTAssertEqual(commits.count, 0, "nothing is written before a flush or the close")
        let none = try await store.storedRequest(turn)
        XCTAssertNil(none)

        let failure = await closed(writes)
        XCTAssertNil(failure)
        XCTAssertEqual(commits.count, 1, "a short turn's whole record in one commit")
        let stored = try await XCTUnwrapAsync(try await store.storedRequest(turn))
        XCTAssertEqual(stored.status, .complete)
        XCTAssertEqual(stored.route?.requested, "demo/mini")
        XCTAssertEqual(stored.attempts.map(\.outcome), [.success])
        XCTAssertEqual(stored.attempts.first?.cost, completion.cost)
        XCTAssertEqual(stored.tags, ["bench"])
        XCTAssertEqual(placed.values, [try XCTUnwrap(stored.sessionID)], "the placement hears its session")
    }

    /// The batch stores exactly what the writes made one at a time through the ports store: the request, the
    /// messages (a reply begun and ended in one batch is written whole) and the session.
    func testABatchStoresWhatTheWritesStoreOneByOne() async throws {
        let directory = try TemporaryDirectory()
        let batched = try SQLiteStore(url: directory.file("batched.sqlite"))
        let separate = try SQLiteStore(url: directory.file("separate.sqlite"))
        let turn = UUID()
        let writes = TurnWrites(store: batched, deferred: true)
        for write in turnWrites(turn) { writes.post(write) }
        let failure = await closed(writes)
        XCTAssertNil(failure)
        for write in turnWrites(turn) { try await write.make(on: separate) }

        var one = try await XCTUnwrapAsync(try await batched.storedRequest(turn))
        var two = try await XCTUnwrapAsync(try await separate.storedRequest(turn))
        XCTAssertNotNil(one.sessionID)
        (one.sessionID, one.createdAt, two.sessionID, two.createdAt) = (nil, nil, nil, nil)
        XCTAssertEqual(one, two)
        let left = try await batched.recentSessions(limit: 5).map { [$0.title, $0.session.model ?? ""] }
        let right = try await separate.recentSessions(limit: 5).map { [$0.title, $0.session.model ?? ""] }
        XCTAssertEqual(left, right)
        let searched = try await batched.searchMessages("routers", limit: 5).count
        XCTAssertEqual(searched, 2, "the prompt and the reply are indexed")
        let (batchedMessages, separateMessages) = (try await messages(batched), try await messages(separate))
        XCTAssertEqual(batchedMessages, separateMessages)
        XCTAssertEqual(batchedMessages.last?.parts, completion.parts)
        XCTAssertEqual(try sessionRow(batched), try sessionRow(separate))
    }

    /// The stored messages, without what differs between two stores (the session's id, when they were written).
    private func messages(_ store: SQLiteStore) async throws -> [StoredMessage] {
        let session = try await XCTUnwrapAsync(try await store.recentSessions(limit: 1).first).session.id
        return try store.messages(in: session).map { message in
            var message = message
            (message.sessionID, message.createdAt, message.updatedAt) = (UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)), .distantPast, .distantPast)
            return message
        }
    }

    private func sessionRow(_ store: SQLiteStore) throws -> [String?] {
        try XCTUnwrap(store.connections.databaseWriter).read { db in
            let row = try XCTUnwrap(try Row.fetchOne(db, sql: """
                SELECT title, model, head_message_id, columns_after, tag, role, system_prompt FROM sessions
                """))
            return (0..<row.count).map { (row[$0] as DatabaseValue).description }
        }
    }

    /// A flush makes what was posted so far: a running turn shows as in flight.
    func testAFlushMakesARunningTurnsWritesSoFar() async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(url: directory.databaseURL)
        let turn = UUID()
        let all = turnWrites(turn)
        let writes = TurnWrites(store: store, deferred: true)
        for write in all.prefix(3) { writes.post(write) }
        writes.flush()
        await writes.drained()
        let running = try await XCTUnwrapAsync(try await store.storedRequest(turn))
        XCTAssertEqual(running.status, .incomplete)
        XCTAssertEqual(running.attempts.map(\.outcome), [.inFlight])
        for write in all.dropFirst(3) { writes.post(write) }
        let failure = await closed(writes)
        XCTAssertNil(failure)
        let ended = try await XCTUnwrapAsync(try await store.storedRequest(turn))
        XCTAssertEqual(ended.status, .complete)
    }

    /// A failing write in a batch loses only itself: the batch is made again write by write, and the failure
    /// (with how many) reaches the close.
    func testAFailingWriteLosesOnlyItself() async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(url: directory.databaseURL)
        let turn = UUID()
        var writes = turnWrites(turn)
        // The end of a reply that was never opened: no such turn.
        writes.insert(.finish(TurnFinish(session: UUID(), turn: UUID(), completion: completion)), at: 3)
        let posted = TurnWrites(store: store, deferred: true)
        for write in writes { posted.post(write) }
        let failure = try await XCTUnwrapAsync(await closed(posted))
        XCTAssertEqual(failure.write, "the reply's end")
        XCTAssertEqual(failure.count, 1)
        XCTAssertTrue(failure.description.hasPrefix("could not record the reply's end: "), failure.description)
        let stored = try await XCTUnwrapAsync(try await store.storedRequest(turn))
        XCTAssertEqual(stored.status, .complete, "the turn's own end is still made")
        XCTAssertEqual(stored.attempts.map(\.outcome), [.success], "and its attempt's cost")
    }

    /// Under a turn's writes the engine's ledger posts attempts and settles, and a hold is reserved only after
    /// everything posted before it is made; without them each call is made at once.
    func testPostedLedgerPostsUnderATurnsWritesAndReservesInOrder() async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(url: directory.databaseURL)
        let ledger = PostedLedger(store)
        let turn = UUID()
        let all = turnWrites(turn)
        let writes = TurnWrites(store: store, deferred: true)
        writes.post(all[0])
        guard case .attemptBegun(let attempt) = all[2] else { return XCTFail("the third write starts the attempt") }
        let seen: StoredRequest? = try await TurnWrites.$current.withValue(writes) {
            try await ledger.begin(attempt)
            // The reserve runs after the begin and the attempt were made: its decide sees them stored.
            let (_, decision) = try await ledger.reserve(session: nil) { _ in (nil, .fits(reserve: nil, warnings: [])) }
            XCTAssertEqual(decision, .fits(reserve: nil, warnings: []))
            return try await store.storedRequest(turn)
        }
        XCTAssertEqual(seen?.attempts.map(\.outcome), [.inFlight])

        let other = UUID()
        var direct = attempt
        direct.turnID = other
        try await ledger.begin(direct)
        let made = try await store.storedRequest(other)
        XCTAssertEqual(made?.attempts.map(\.outcome), [.inFlight], "without a turn's writes, made at once")
        let failure = await closed(writes)
        XCTAssertNil(failure)
    }

    /// Posted by a task that was cancelled, a write is still made (a cancelled turn is recorded as cancelled).
    func testWritesPostedByACancelledTaskAreMade() async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(url: directory.databaseURL)
        let turn = UUID()
        let writes = TurnWrites(store: store)
        let all = turnWrites(turn)
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            for write in all { writes.post(write) }
        }
        await task.value
        let failure = await closed(writes)
        XCTAssertNil(failure)
        let stored = try await store.storedRequest(turn)
        XCTAssertEqual(stored?.status, .complete)
    }

    /// A turn whose attempt and route were stored before it began (a store that wrote them first) is claimed for
    /// its session when it begins, its route and attempt kept.
    func testATurnBegunAfterItsAttemptIsClaimedWithItsRoute() async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(url: directory.databaseURL)
        let turn = UUID()
        let writes = turnWrites(turn)
        for write in writes.dropFirst() {
            switch write {
            case .route, .attemptBegun, .attemptEnded: try await write.make(on: store)
            default: continue  // the reply's checkpoint and end need the reply begun
            }
        }
        try await writes[0].make(on: store)
        let stored = try await XCTUnwrapAsync(try await store.storedRequest(turn))
        let session = try await XCTUnwrapAsync(try await store.recentSessions(limit: 1).first).session.id
        XCTAssertEqual(stored.sessionID, session)
        XCTAssertEqual(stored.route?.requested, "demo/mini")
        XCTAssertEqual(stored.attempts.map(\.outcome), [.success])
    }
}

private func XCTUnwrapAsync<T>(_ value: @autoclosure () async throws -> T?, file: StaticString = #filePath,
                                line: UInt = #line) async throws -> T {
    let unwrapped = try await value()
    return try XCTUnwrap(unwrapped, file: file, line: line)
}

private final class Placed: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [UUID] = []
    func add(_ session: UUID) { lock.withLock { stored.append(session) } }
    var values: [UUID] { lock.withLock { stored } }
}
