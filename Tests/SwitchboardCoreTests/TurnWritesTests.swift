import Foundation
import XCTest
@testable import SwitchboardCore

final class TurnWritesTests: XCTestCase {
    /// Writes that take different times still land in the order they were posted.
    func testPostedWritesAreMadeInTheOrderGiven() async {
        let writes = TurnWrites()
        let log = Log()
        for index in 0..<20 {
            writes.post("write \(index)") {
                if index % 3 == 0 { try await Task.sleep(for: .milliseconds(2)) }
                log.add(index)
            }
        }
        await writes.drained()
        XCTAssertEqual(log.values, Array(0..<20))
    }

    func testPostReturnsBeforeTheWriteIsMade() async {
        let writes = TurnWrites()
        let gate = Gate()
        let log = Log()
        writes.post("slow") {
            await gate.wait()
            log.add(1)
        }
        XCTAssertEqual(log.values, [])
        gate.open()
        await writes.drained()
        XCTAssertEqual(log.values, [1])
    }

    /// A failed write does not stop the ones after it; the first failure and the count reach `close`.
    func testAFailureIsReportedAtCloseAndTheRestAreStillMade() async {
        let writes = TurnWrites()
        let log = Log()
        writes.post("the first") { log.add(1) }
        writes.post("the prompts") { throw Refused(name: "disk full") }
        writes.post("the end") { throw Refused(name: "again") }
        writes.post("the last") { log.add(4) }
        let failure = await withCheckedContinuation { continuation in
            writes.close { continuation.resume(returning: $0) }
        }
        XCTAssertEqual(log.values, [1, 4])
        XCTAssertEqual(failure?.write, "the prompts")
        XCTAssertEqual(failure?.count, 2)
        XCTAssertEqual(failure?.description, "could not record the prompts: disk full (and 1 more write after it)")
    }

    /// `close` waits for writes still queued, and reports at once when none is.
    func testCloseWaitsForQueuedWrites() async {
        let writes = TurnWrites()
        let gate = Gate()
        let log = Log()
        writes.post("slow") {
            await gate.wait()
            log.add(1)
        }
        let closed = Log()
        writes.close { _ in closed.add(log.values.count) }
        XCTAssertEqual(closed.values, [])
        gate.open()
        await writes.drained()
        for _ in 0..<100 where closed.values.isEmpty { try? await Task.sleep(for: .milliseconds(5)) }
        XCTAssertEqual(closed.values, [1], "closed after the write, not before")

        let idle = TurnWrites()
        let now = Log()
        idle.close { failure in now.add(failure == nil ? 0 : 1) }
        XCTAssertEqual(now.values, [0])
    }

    /// `run` waits behind what was posted and hands back its result or its error (not counted at close).
    func testRunIsOrderedAfterPostedWritesAndReturnsItsResult() async throws {
        let writes = TurnWrites()
        let log = Log()
        writes.post("first") {
            try await Task.sleep(for: .milliseconds(5))
            log.add(1)
        }
        let value = try await writes.run { () async throws -> Int in
            log.add(2)
            return 42
        }
        XCTAssertEqual(value, 42)
        XCTAssertEqual(log.values, [1, 2])
        do {
            _ = try await writes.run { () async throws -> Int in throw Refused(name: "no") }
            XCTFail("the run's error reaches its caller")
        } catch {
            XCTAssertEqual("\(error)", "no")
        }
        let failure = await withCheckedContinuation { continuation in writes.close { continuation.resume(returning: $0) } }
        XCTAssertNil(failure)
    }

    /// A posted write is made even when the task that posted it is cancelled.
    func testAWritePostedByACancelledTaskIsMade() async {
        let writes = TurnWrites()
        let log = Log()
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            writes.post("cancelled") {
                XCTAssertFalse(Task.isCancelled)
                log.add(1)
            }
        }
        await task.value
        await writes.drained()
        XCTAssertEqual(log.values, [1])
    }

    /// Under `TurnWrites.current` the ledger posts attempts and settles, and reserves in order after them;
    /// without it, every call goes straight through.
    func testPostedLedgerPostsUnderATurnsWritesOnly() async throws {
        let base = RecordingLedger()
        let ledger = PostedLedger(base)
        let attempt = AttemptRecord(turnID: UUID(), ordinal: 1, model: "m", provider: "p", providerModel: "pm",
                                    reason: "explicit", outcome: .inFlight, startedAt: Date(), duration: .zero)
        let writes = TurnWrites()
        let gate = Gate()
        writes.post("held") { await gate.wait() }
        try await TurnWrites.$current.withValue(writes) {
            try await ledger.begin(attempt)
            try await ledger.record(attempt)
            try await ledger.settle(7, actual: nil)
        }
        XCTAssertEqual(base.calls, [], "posted behind the held write, not made yet")
        let reserving = Task {
            try await TurnWrites.$current.withValue(writes) {
                try await ledger.reserve(session: nil) { _ in (nil, .block("test")) }
            }
        }
        try await Task.sleep(for: .milliseconds(20))
        XCTAssertEqual(base.calls, [], "the reserve waits its turn")
        gate.open()
        _ = try await reserving.value
        XCTAssertEqual(base.calls, ["begin", "record", "settle 7", "reserve"])

        try await ledger.begin(attempt)
        XCTAssertEqual(base.calls.last, "begin", "without a turn's writes the call is made at once")
    }
}

private struct Refused: Error, CustomStringConvertible {
    var name: String
    var description: String { name }
}

private final class Log: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [Int] = []
    func add(_ value: Int) { lock.withLock { stored.append(value) } }
    var values: [Int] { lock.withLock { stored } }
}

/// Holds a write until opened.
private final class Gate: @unchecked Sendable {
    private let lock = NSLock()
    private var isOpen = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let now: Bool = lock.withLock {
                if isOpen { return true }
                waiters.append(continuation)
                return false
            }
            if now { continuation.resume() }
        }
    }

    func open() {
        let waiting: [CheckedContinuation<Void, Never>] = lock.withLock {
            isOpen = true
            defer { waiters = [] }
            return waiters
        }
        for waiter in waiting { waiter.resume() }
    }
}

private final class RecordingLedger: Ledger, BudgetLedger, @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []
    var calls: [String] { lock.withLock { stored } }
    private func add(_ call: String) { lock.withLock { stored.append(call) } }

    func begin(_ attempt: AttemptRecord) async throws { add("begin") }
    func record(_ attempt: AttemptRecord) async throws { add("record") }
    func reserve(session: UUID?, decide: @escaping @Sendable (BudgetSpend) throws -> (Money?, BudgetPolicy.Decision))
        async throws -> (hold: Int64?, decision: BudgetPolicy.Decision) {
        add("reserve")
        return (nil, try decide(BudgetSpend()).1)
    }
    func settle(_ hold: Int64, actual: Money?) async throws { add("settle \(hold)") }
}
