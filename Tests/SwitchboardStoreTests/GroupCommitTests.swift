import GRDB
import XCTest
@testable import SwitchboardStore

/// Async writes that wait for the writer are committed together: every caller told success finds its write in the
/// file, every caller told failure finds none of it.
final class GroupCommitTests: XCTestCase {
    private func queue(_ directory: TemporaryDirectory) throws -> DatabaseQueue {
        let queue = try DatabaseQueue(path: directory.file("notes.sqlite").path)
        try queue.write { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL CHECK (text <> 'bad'))")
        }
        return queue
    }

    private func count(_ queue: DatabaseQueue) async throws -> Int {
        try await queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM notes") ?? -1 }
    }

    func testWritesThatWaitShareOneTransaction() async throws {
        let directory = try TemporaryDirectory()
        let queue = try queue(directory)
        let commits = CommitCounter()
        queue.add(transactionObserver: commits, extent: .databaseLifetime)
        let group = GroupCommit(writer: queue)
        // The first write holds the writer long enough for the others to queue behind it.
        async let first: Void = group.write { db in
            Thread.sleep(forTimeInterval: 0.2)
            try db.execute(sql: "INSERT INTO notes (text) VALUES ('first')")
        }
        try await Task.sleep(for: .milliseconds(50))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            for index in 0..<40 {
                tasks.addTask { try await group.write { db in try db.execute(sql: "INSERT INTO notes (text) VALUES (?)", arguments: ["n\(index)"]) } }
            }
            try await tasks.waitForAll()
        }
        try await first
        let stored = try await count(queue)
        XCTAssertEqual(stored, 41)
        // One transaction for the first write, then the forty in one or two more (not forty).
        XCTAssertLessThanOrEqual(commits.count, 3, "writes waiting for the writer are committed together")
        XCTAssertGreaterThanOrEqual(commits.count, 2)
    }

    /// Lingering writes (nobody waits for them) wait `linger` and share one commit; a write someone waits for
    /// commits at once and takes the lingering ones along.
    func testLingeringWritesShareACommitAndAWaitedWriteTakesThemAlong() async throws {
        let directory = try TemporaryDirectory()
        let queue = try queue(directory)
        let commits = CommitCounter()
        queue.add(transactionObserver: commits, extent: .databaseLifetime)
        // A long linger, so the checks below hold on a busy machine.
        let group = GroupCommit(writer: queue, linger: .milliseconds(300))
        let clock = ContinuousClock()
        let start = clock.now
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            for index in 0..<3 {
                tasks.addTask {
                    try await group.write(lingering: true) { db in
                        try db.execute(sql: "INSERT INTO notes (text) VALUES (?)", arguments: ["l\(index)"])
                    }
                }
                try await Task.sleep(for: .milliseconds(10))
            }
            try await tasks.waitForAll()
        }
        XCTAssertEqual(commits.count, 1, "three lingering writes in one commit")
        XCTAssertGreaterThanOrEqual(clock.now - start, .milliseconds(290), "they waited for the linger")

        // A lingering write, then a waited one before the linger is over: both in the waited one's commit.
        async let lingering: Void = group.write(lingering: true) { db in
            try db.execute(sql: "INSERT INTO notes (text) VALUES ('later')")
        }
        // The lingering write is queued before the waited one (a fixed sleep was not enough on a busy machine).
        while group.waitingCount == 0 { try await Task.sleep(for: .milliseconds(1)) }
        let waited = clock.now
        try await group.write { db in try db.execute(sql: "INSERT INTO notes (text) VALUES ('now')") }
        XCTAssertLessThan(clock.now - waited, .milliseconds(200), "a waited write does not linger")
        try await lingering
        XCTAssertEqual(commits.count, 2)
        let stored = try await count(queue)
        XCTAssertEqual(stored, 5)
    }

    func testAWriteThatFailsIsRolledBackAloneAndItsCallerToldWhy() async throws {
        let directory = try TemporaryDirectory()
        let queue = try queue(directory)
        let group = GroupCommit(writer: queue)
        let outcomes = try await withThrowingTaskGroup(of: (String, Bool).self) { tasks in
            for text in ["a", "b", "bad", "c", "d"] {
                tasks.addTask {
                    do {
                        try await group.write { db in
                            // Two statements: the first must not survive the second's failure.
                            try db.execute(sql: "INSERT INTO notes (text) VALUES (?)", arguments: [text + "-before"])
                            try db.execute(sql: "INSERT INTO notes (text) VALUES (?)", arguments: [text])
                        }
                        return (text, true)
                    } catch let error as DatabaseError {
                        XCTAssertEqual(error.resultCode, .SQLITE_CONSTRAINT)
                        return (text, false)
                    }
                }
            }
            return try await tasks.reduce(into: [String: Bool]()) { $0[$1.0] = $1.1 }
        }
        XCTAssertEqual(outcomes, ["a": true, "b": true, "bad": false, "c": true, "d": true])
        let stored = try await queue.read { db in try String.fetchSet(db, sql: "SELECT text FROM notes") }
        XCTAssertEqual(stored, ["a-before", "a", "b-before", "b", "c-before", "c", "d-before", "d"])
    }

    /// One write at a time: each is alone in its batch, without a savepoint, and a failure rolls back its
    /// transaction (which the next write's must not find open).
    func testAWriteAloneThatFailsLeavesNothingAndTheNextOneCommitCounter() async throws {
        let directory = try TemporaryDirectory()
        let queue = try queue(directory)
        let group = GroupCommit(writer: queue)
        for text in ["a", "bad", "c"] {
            do {
                try await group.write { db in
                    try db.execute(sql: "INSERT INTO notes (text) VALUES (?)", arguments: [text + "-before"])
                    try db.execute(sql: "INSERT INTO notes (text) VALUES (?)", arguments: [text])
                }
                XCTAssertNotEqual(text, "bad")
            } catch let error as DatabaseError {
                XCTAssertEqual(text, "bad")
                XCTAssertEqual(error.resultCode, .SQLITE_CONSTRAINT)
            }
        }
        let stored = try await queue.read { db in try String.fetchSet(db, sql: "SELECT text FROM notes") }
        XCTAssertEqual(stored, ["a-before", "a", "c-before", "c"])
    }

    /// A full disk rolls SQLite's whole transaction back, not only the statement: whatever each caller is told
    /// must match what the file holds.
    func testEveryCallerToldSuccessFindsItsWriteWhenTheDiskFills() async throws {
        let directory = try TemporaryDirectory()
        let queue = try queue(directory)
        let pages = try await queue.read { db in try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0 }
        try await queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA max_page_count = \(pages + 6)") }
        let group = GroupCommit(writer: queue)
        let told = try await withThrowingTaskGroup(of: (Int, Bool).self) { tasks in
            for index in 0..<30 {
                tasks.addTask {
                    do {
                        try await group.write { db in
                            try db.execute(sql: "INSERT INTO notes (id, text) VALUES (?, ?)",
                                           arguments: [index, String(repeating: "x", count: 3_000 * (index % 4 + 1))])
                        }
                        return (index, true)
                    } catch {
                        return (index, false)
                    }
                }
            }
            return try await tasks.reduce(into: [Int: Bool]()) { $0[$1.0] = $1.1 }
        }
        let stored = try await queue.read { db in try Set(Int.fetchAll(db, sql: "SELECT id FROM notes")) }
        XCTAssertEqual(Set(told.filter(\.value).keys), stored)
        XCTAssertTrue(told.values.contains(false), "the disk filled (the test must reach the failure)")
        XCTAssertTrue(told.values.contains(true))
    }

    func testACancelledTaskStartsNoWrite() async throws {
        let directory = try TemporaryDirectory()
        let queue = try queue(directory)
        let group = GroupCommit(writer: queue)
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await group.write { db in try db.execute(sql: "INSERT INTO notes (text) VALUES ('late')") }
        }
        do {
            try await task.value
            XCTFail("a cancelled task's write ran")
        } catch is CancellationError {}
        let stored = try await count(queue)
        XCTAssertEqual(stored, 0)
    }

    func testAWriteThatMustBeDoneRunsInACancelledTask() async throws {
        let directory = try TemporaryDirectory()
        let queue = try queue(directory)
        let group = GroupCommit(writer: queue)
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await group.write(evenIfCancelled: true) { db in try db.execute(sql: "INSERT INTO notes (text) VALUES ('kept')") }
        }
        try await task.value
        let stored = try await count(queue)
        XCTAssertEqual(stored, 1)
    }

    /// A batch runs without savepoints until a write fails; then it is rolled back and run again, a savepoint a
    /// write, so only the failing write is lost and each of the others is stored once.
    func testABatchRunsWithoutSavepointsUntilAWriteFails() async throws {
        let directory = try TemporaryDirectory()
        _ = try queue(directory)
        let savepoints = Tally(), runs = Tally()
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            db.trace { event in if "\(event)".hasPrefix("SAVEPOINT") { savepoints.add("SAVEPOINT") } }
        }
        let queue = try DatabaseQueue(path: directory.file("notes.sqlite").path, configuration: configuration)
        let group = GroupCommit(writer: queue)
        for batch in [["a", "b", "c"], ["d", "bad", "e"]] {
            // The first write holds the writer long enough for the batch to queue behind it.
            async let holder: Void = group.write { _ in Thread.sleep(forTimeInterval: 0.2) }
            try await Task.sleep(for: .milliseconds(50))
            await withTaskGroup(of: Void.self) { tasks in
                for text in batch {
                    tasks.addTask {
                        _ = try? await group.write { db in  // "bad" fails: the assertions below check what was kept
                            runs.add(text)
                            try db.execute(sql: "INSERT INTO notes (text) VALUES (?)", arguments: [text])
                        }
                    }
                }
            }
            try await holder
            if batch == ["a", "b", "c"] {
                XCTAssertEqual(savepoints.values, [], "a batch whose writes all succeed runs none")
                XCTAssertEqual(runs.values.sorted(), ["a", "b", "c"])
            }
        }
        XCTAssertFalse(savepoints.values.isEmpty, "the failed batch ran again with savepoints")
        XCTAssertEqual(runs.values.filter { $0 == "d" }.count, 2, "its other writes ran twice")
        let stored = try await queue.read { db in try String.fetchAll(db, sql: "SELECT text FROM notes ORDER BY text") }
        XCTAssertEqual(stored, ["a", "b", "c", "d", "e"], "and were stored once")
    }
}

/// Strings added from any thread.
private final class Tally: @unchecked Sendable {
    private let lock = NSLock()
    private var added: [String] = []
    var values: [String] { lock.withLock { added } }
    func add(_ value: String) { lock.withLock { added.append(value) } }
}
