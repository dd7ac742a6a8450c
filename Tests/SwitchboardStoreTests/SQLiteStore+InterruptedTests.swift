import GRDB
import XCTest
@testable import SwitchboardStore
import SwitchboardCore

/// Attempts are in the ledger from the moment they are sent; what a killed process leaves behind is closed by
/// the next writer, and only that: the work of processes still running is left alone.
final class SQLiteStoreInterruptedTests: XCTestCase {
    private func money(_ text: String) -> Money { Money(Decimal(string: text) ?? -1) }

    /// This process, restarted: same pid and boot, another start time. Stands for a pid reused after a kill.
    private var endedOwner: ProcessOwner {
        var owner = ProcessOwner.current
        owner.startTicks = (owner.startTicks ?? 0) + 1
        return owner
    }

    private func attempt(_ turn: UUID, ordinal: Int = 1, outcome: AttemptRecord.Outcome = .inFlight,
                         at start: Date = Clock.base) -> AttemptRecord {
        AttemptRecord(turnID: turn, ordinal: ordinal, model: "demo/mini", provider: "demo", providerModel: "mini",
                      reason: "explicit", outcome: outcome, startedAt: start, duration: .zero)
    }

    /// A turn whose answer was checkpointed 1.5 s after its attempt began, and whose attempt is still in flight
    /// on behalf of `owner`.
    private func turnInFlight(_ store: SQLiteStore, owner: ProcessOwner) throws -> (session: UUID, turn: UUID) {
        let session = try store.createSession(firstPrompt: "q", model: nil).id
        let turn = UUID()
        let user = try store.appendUserMessage(session: session, turn: turn, text: "q", at: Clock.base)
        let reply = try store.beginAssistantMessage(session: session, turn: turn, parent: user, requestedModel: "demo/mini",
                                                    at: Clock.base)
        try store.connections.write { db in try SQLiteStore.insert(self.attempt(turn), owner: owner.text, db) }
        try store.checkpoint(reply, text: "partial", at: Clock.at(1.5))
        return (session, turn)
    }

    func testBeginThenRecordLeavesOneEndedAttempt() async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(url: directory.databaseURL)
        let turn = UUID()
        try await store.begin(attempt(turn, outcome: .success))
        XCTAssertEqual(try store.attempts(since: Clock.at(-1)).map(\.outcome), [.inFlight], "begun means in flight")
        var ended = attempt(turn, outcome: .success)
        ended.duration = .milliseconds(900)
        ended.cost = money("0.002")
        try await store.record(ended)
        XCTAssertEqual(try store.attempts(since: Clock.at(-1)), [ended])
        let owners = try await store.connections.read { db in try String?.fetchAll(db, sql: "SELECT owner FROM attempts") }
        XCTAssertEqual(owners, [nil], "an ended attempt has no owner to check")
    }

    func testInFlightAttemptOfEndedProcessIsMarkedInterruptedAndCounted() throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(url: directory.databaseURL)
        let (session, _) = try turnInFlight(store, owner: endedOwner)
        let work = try store.recoverInterrupted()
        XCTAssertEqual(work, InterruptedWork(attempts: 1, holds: 0, pids: [ProcessOwner.current.pid]))
        let stored = try XCTUnwrap(store.attempts(since: Clock.at(-1)).first)
        XCTAssertEqual(stored.outcome, .interrupted)
        XCTAssertNil(stored.cost, "nothing is estimated: the cost stays unknown")
        XCTAssertEqual(stored.usage, .zero)
        XCTAssertEqual(stored.duration, .milliseconds(1500), "runs to the last checkpoint, when it was last alive")
        XCTAssertTrue(stored.errorMessage?.contains("pid \(ProcessOwner.current.pid)") ?? false, "\(String(describing: stored.errorMessage))")
        let spend = try store.spend(by: .session)
        XCTAssertEqual(spend.rows.map(\.key), [SQLiteStore.text(session)])
        XCTAssertEqual(spend.total.cost.unknownCount, 1, "spend shows the attempt, cost unknown")
        XCTAssertEqual(try store.stats().first?.errors, ["interrupted": 1])
        XCTAssertEqual(try store.recoverInterrupted(), InterruptedWork(), "closed once")
    }

    func testInFlightAttemptOfRunningProcessIsLeftAlone() throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(url: directory.databaseURL)
        _ = try turnInFlight(store, owner: .current)
        XCTAssertEqual(try store.recoverInterrupted(), InterruptedWork())
        XCTAssertEqual(try store.attempts(since: Clock.at(-1)).map(\.outcome), [.inFlight])
        XCTAssertEqual(try store.stats().first?.errors, [:], "running is not an error")
        XCTAssertEqual(try store.stats().first?.requests, 1)
    }

    func testAnotherBootMeansEnded() throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(url: directory.databaseURL)
        var owner = ProcessOwner.current
        owner.bootID = "00000000-0000-0000-0000-000000000000"
        _ = try turnInFlight(store, owner: owner)
        XCTAssertEqual(try store.recoverInterrupted().attempts, 1)
    }

    func testNothingLeftBehindWritesNothing() throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(url: directory.databaseURL)
        _ = try turnInFlight(store, owner: .current)
        let changes = try store.connections.write { db in db.totalChangesCount }
        XCTAssertEqual(try store.recoverInterrupted(), InterruptedWork())
        XCTAssertEqual(try store.connections.write { db in db.totalChangesCount }, changes)
    }

    func testHoldsOfEndedProcessesStopCountingAndLiveOnesStay() throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(url: directory.databaseURL)
        let now = Date()
        let (live, _) = try store.reserveBudget(session: nil, at: now) { _ in (money("0.40"), ()) }
        XCTAssertNotNil(live)
        let (dead, _) = try store.reserveBudget(session: nil, at: now) { _ in (money("0.50"), ()) }
        let deadID = try XCTUnwrap(dead)
        try store.connections.write { db in
            try db.execute(sql: "UPDATE budget_reservations SET owner = ? WHERE id = ?",
                           arguments: [self.endedOwner.text, deadID.rawValue])
        }
        XCTAssertEqual(try store.budgetSpend(session: nil, at: now).today, money("0.90"))
        let work = try store.recoverInterrupted(at: now)
        XCTAssertEqual(work.holds, 1)
        XCTAssertEqual(try store.budgetSpend(session: nil, at: now).today, money("0.40"))
        let actual = try store.connections.read { db in
            try Row.fetchOne(db, sql: "SELECT settled_at, actual FROM budget_reservations WHERE id = ?", arguments: [deadID.rawValue])
        }
        XCTAssertNotNil(actual?["settled_at"] as Int64?)
        XCTAssertNil(actual?["actual"] as String?, "what the dead process spent is unknown")
    }

    /// The workbench keeps running while an `ask` beside it is killed: its next reservation no longer counts the
    /// dead process's hold, without waiting for the next command to start.
    func testReservingReleasesHoldsOfEndedProcesses() throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(url: directory.databaseURL)
        let now = Date()
        let (dead, _) = try store.reserveBudget(session: nil, at: now) { _ in (money("0.70"), ()) }
        let deadID = try XCTUnwrap(dead)
        try store.connections.write { db in
            try db.execute(sql: "UPDATE budget_reservations SET owner = ? WHERE id = ?",
                           arguments: [self.endedOwner.text, deadID.rawValue])
        }
        let (_, seen) = try store.reserveBudget(session: nil, at: now) { spend in (nil, spend.today) }
        XCTAssertEqual(seen, .zero)
    }

    func testOwnerTextRoundTripsAndRefusesJunk() {
        let owner = ProcessOwner.current
        XCTAssertEqual(ProcessOwner(text: owner.text), owner)
        XCTAssertTrue(owner.isAlive)
        XCTAssertNil(ProcessOwner(text: "not an owner"))
        XCTAssertNil(ProcessOwner(text: "0 1 x"))
        XCTAssertFalse(endedOwner.isAlive, "same pid, another start time: the pid was reused")
    }
}
