import Foundation
@testable import SwitchboardCore
import XCTest

final class AbortSignalTests: XCTestCase {
    func testTheStopRunsOnceWithTheFirstReason() {
        let signal = AbortSignal()
        let stops = Counter()
        signal.onAbort { stops.add() }
        XCTAssertNil(signal.reason)
        signal.abort(.timedOut(.stall))
        signal.abort(.cancelled)
        XCTAssertEqual(signal.reason, .timedOut(.stall))
        XCTAssertEqual(stops.value, 1)
    }

    func testAStopSetAfterTheSignalFiredRunsAtOnce() {
        let signal = AbortSignal()
        signal.abort(.cancelled)
        let stops = Counter()
        signal.onAbort { stops.add() }
        XCTAssertEqual(stops.value, 1)
    }

    func testAStreamingResponseEndsWithAnErrorWhenAborted() async {
        let signal = AbortSignal()
        let response = HTTPResponse.streaming(status: 200, headers: HTTPHeaders(), abort: signal) { body in
            body.yield([1])
        }
        var received: [[UInt8]] = []
        do {
            for try await chunk in response.body {
                received.append(chunk)
                signal.abort(.cancelled)
            }
            XCTFail("the body should throw")
        } catch {
            XCTAssertEqual(error as? TransportError, .aborted)
        }
        XCTAssertEqual(received, [[1]])
    }

    func testTheRealClocksTimersFireInDeadlineOrderAndCancelledOnesNever() async {
        let clock = SystemClock()
        let fired = Recorder()
        let late = clock.schedule(after: .milliseconds(300)) { fired.add("late") }
        let cancelled = clock.schedule(after: .milliseconds(100)) { fired.add("cancelled") }
        _ = clock.schedule(after: .milliseconds(50)) { fired.add("early") }
        cancelled.cancel()
        try? await Task.sleep(for: .milliseconds(600))
        XCTAssertEqual(fired.values, ["early", "late"])
        late.cancel()  // after firing: nothing happens
    }

    func testATurnCancelledBeforeAnAttemptStartsItStopped() async {
        let control = TurnControl()
        control.cancel()
        XCTAssertEqual(control.startAttempt().reason, .cancelled)
        let slept = await control.wait(for: .seconds(30), on: SystemClock())
        XCTAssertFalse(slept)
    }

    func testCancellingATurnStopsItsAttemptAndItsWait() async {
        let control = TurnControl()
        let signal = control.startAttempt()
        let waiting = Task { await control.wait(for: .seconds(30), on: SystemClock()) }
        try? await Task.sleep(for: .milliseconds(50))
        control.cancel()
        let slept = await waiting.value
        XCTAssertFalse(slept)
        XCTAssertEqual(signal.reason, .cancelled)
    }
}

private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    var value: Int { lock.withLock { count } }
    func add() { lock.withLock { count += 1 } }
}

private final class Recorder: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []
    var values: [String] { lock.withLock { stored } }
    func add(_ value: String) { lock.withLock { stored.append(value) } }
}
