import XCTest
import SwitchboardCore
@testable import SwitchboardTUI

/// SIGTERM and SIGHUP end the workbench like a quit (the reply in flight is cancelled and stored, the terminal
/// is restored), but the end says which signal it was, so the process exits 128 + signal instead of 0.
final class WorkbenchSignalTests: XCTestCase {
    func testSIGHUPMidStreamStoresTheCancelledReplyAndEndsWithTheSignal() async throws {
        let harness = Harness()
        try harness.start(pace: 3)
        await harness.waitFor("first frame") { $0.contains("Type a message") }
        harness.type("tell me a long story")
        harness.driver.type(.enter)
        await harness.waitFor("streaming") { $0.contains("streaming…") }
        // The watcher is installed before the first frame, so the signal reaches it, not the default action.
        kill(getpid(), SIGHUP)
        let error = await harness.finished()
        XCTAssertNil(error)
        XCTAssertEqual(harness.end.value, .signal(SIGHUP))
        XCTAssertEqual(harness.end.value?.exitCode, 129)
        XCTAssertTrue(harness.driver.isStopped, "the terminal is restored")
        let calls = await harness.store.calls
        XCTAssertTrue(calls.contains("finish cancelled"), "the partial answer is stored as cancelled: \(calls)")
    }

    func testAQuitEndsWithExitCodeZeroAndSignalsWithTheirShellCodes() async throws {
        let harness = Harness()
        try harness.start()
        await harness.waitFor("first frame") { $0.contains("Type a message") }
        _ = await harness.quit()
        XCTAssertEqual(harness.end.value, .quit)
        XCTAssertEqual(WorkbenchEnd.quit.exitCode, 0)
        XCTAssertEqual(WorkbenchEnd.signal(SIGTERM).exitCode, 143)
        XCTAssertEqual(WorkbenchEnd.signal(SIGHUP).exitCode, 129)
    }
}
