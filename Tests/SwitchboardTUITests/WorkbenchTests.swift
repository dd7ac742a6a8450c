import XCTest
import SwitchboardCore
@testable import SwitchboardTUI

/// The app loop end to end in memory: keys in, frames out, the store hearing about every turn.
final class WorkbenchTests: XCTestCase {
    func testAPromptStreamsItsAnswerAndIsStored() async throws {
        let harness = Harness()
        try harness.start()
        await harness.waitFor("first frame") { $0.contains("Type a message") }
        harness.type("Hello from the harness")
        harness.driver.type(.enter)
        await harness.waitFor("the answer") { $0.contains("Simulated answer from demo/mini") && $0.contains("· TTFT") }
        let error = await harness.quit()
        XCTAssertNil(error)
        XCTAssertTrue(harness.driver.isStopped, "the terminal is restored")
        let calls = await harness.store.calls
        let turnCalls = calls.filter { $0.hasPrefix("user") || $0.hasPrefix("begin") || $0.hasPrefix("finish") }
        XCTAssertEqual(turnCalls, ["user Hello from the harness", "begin demo/mini", "finish complete"])
        XCTAssertTrue(calls.contains("spend"))
    }

    func testSwitchingModelsMidConversationSendsTheHistoryToTheNewModel() async throws {
        let harness = Harness()
        try harness.start()
        await harness.waitFor("first frame") { $0.contains("Type a message") }
        harness.type("first question")
        harness.driver.type(.enter)
        await harness.waitFor("first answer") { $0.contains("Simulated answer from demo/mini") && $0.contains("· TTFT") }
        harness.driver.type(.ctrl("p"))
        harness.type("demo/pro")
        harness.driver.type(.enter)
        await harness.waitFor("divider") { $0.contains("switched to demo/pro") }
        harness.type("second question")
        harness.driver.type(.enter)
        await harness.waitFor("second answer") { $0.contains("Simulated answer from demo/pro") }
        _ = await harness.quit()
        let sessions = await harness.store.sessions
        let messages = sessions.values.first?.messages ?? []
        XCTAssertEqual(messages.map(\.role), [.user, .assistant, .user, .assistant])
        XCTAssertEqual(messages.compactMap(\.model), ["demo/mini", "demo/pro"])
    }

    func testResumingShowsTheStoredConversation() async throws {
        let session = LoadedSession(id: "s1", title: "Earlier chat", model: "demo/pro", messages: [
            .init(role: .user, text: "old question"),
            .init(role: .assistant, text: "old answer", model: "demo/pro", provider: "demo"),
        ])
        let harness = Harness(store: MemoryWorkbenchStore(sessions: [session]))
        try harness.start(resume: session)
        await harness.waitFor("resumed transcript") { $0.contains("old answer") && $0.contains("Earlier chat") }
        harness.driver.type(.function(2))
        await harness.waitFor("history list") { $0.contains("History") && $0.contains("2 msg") }
        _ = await harness.quit()
    }

    func testCtrlCCancelsAStreamAndKeepsThePartialAnswer() async throws {
        let harness = Harness()
        try harness.start(pace: 3)
        await harness.waitFor("first frame") { $0.contains("Type a message") }
        harness.type("tell me a long story")
        harness.driver.type(.enter)
        await harness.waitFor("streaming") { $0.contains("streaming…") }
        harness.driver.type(.ctrl("c"))
        await harness.waitFor("cancelled") { $0.contains("cancelled: the answer above is incomplete") }
        _ = await harness.quit()
        let calls = await harness.store.calls
        XCTAssertTrue(calls.contains("finish cancelled"), "\(calls)")
    }

    func testResizeRedrawsAtTheNewSize() async throws {
        let harness = Harness()
        try harness.start()
        await harness.waitFor("first frame") { $0.contains("Models") }
        harness.driver.resize(to: Size(width: 60, height: 20))
        await harness.waitFor("narrow layout") { $0.contains("Σ") && !$0.contains("Models") }
        XCTAssertEqual(harness.driver.lastFrame.size, Size(width: 60, height: 20))
        harness.driver.resize(to: Size(width: 120, height: 40))
        await harness.waitFor("wide layout") { $0.contains("Models") && $0.contains("Spend") }
        _ = await harness.quit()
    }

    func testFramesAreCappedWhileStreaming() async throws {
        let harness = Harness()
        try harness.start(pace: 0.2)
        await harness.waitFor("first frame") { $0.contains("Type a message") }
        let start = ContinuousClock.now
        let drawsBefore = harness.driver.drawCount
        harness.type("write code for a long answer please")
        harness.driver.type(.enter)
        await harness.waitFor("answer") { $0.contains("Simulated answer from demo/mini") && $0.contains("· TTFT") }
        let elapsed = (ContinuousClock.now - start).seconds
        let frames = harness.driver.drawCount - drawsBefore
        XCTAssertLessThanOrEqual(Double(frames), elapsed * 62 + 5, "\(frames) frames in \(elapsed) s")
        _ = await harness.quit()
    }
}
