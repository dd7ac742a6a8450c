import XCTest
import SwitchboardCore
@testable import SwitchboardTUI

/// `update` for the actions that come from outside the keymap: terminal, clock and store results.
final class UpdateTests: XCTestCase {
    func testResizeToNarrowMovesFocusOffThePickerPane() {
        var state = Fixtures.state()
        state.focus = .picker
        XCTAssertTrue(update(&state, .resize(Size(width: 80, height: 30))).isEmpty)
        XCTAssertEqual(state.size, Size(width: 80, height: 30))
        XCTAssertEqual(state.focus, .input)
    }

    func testResizeToWideTurnsThePickerOverlayBackIntoItsPane() {
        var state = Fixtures.state(width: 80)
        _ = update(&state, .command(.openPicker))
        XCTAssertEqual(state.overlays, [.picker])
        _ = update(&state, .resize(Size(width: 130, height: 40)))
        XCTAssertEqual(state.overlays, [])
        XCTAssertEqual(state.focus, .picker)
    }

    func testTickExpiresTheStatusMessage() {
        var state = Fixtures.state()
        state.now = Fixtures.at(0)
        _ = update(&state, .command(.newSession))
        XCTAssertNotNil(state.status)
        _ = update(&state, .tick(Fixtures.at(1000)))
        XCTAssertNotNil(state.status)
        _ = update(&state, .tick(Fixtures.at(6000)))
        XCTAssertNil(state.status)
        XCTAssertEqual(state.now, Fixtures.at(6000))
    }

    func testSessionCreatedRecordsTheStoredIDOfTheCurrentSessionOnly() {
        var state = Fixtures.state()
        _ = update(&state, .sessionCreated(local: UUID(), storedID: "other"))
        XCTAssertNil(state.session.stored)
        _ = update(&state, .sessionCreated(local: state.session.local, storedID: "s1"))
        XCTAssertEqual(state.session.stored, "s1")
    }

    func testSessionsLoadedIgnoresStaleGenerations() {
        var state = Fixtures.state()
        _ = update(&state, .command(.openHistory))
        let current = state.history.generation
        let row = SessionSummary(id: "a", title: "A", updatedAt: Date(), models: [], cost: .unknown, messageCount: 1)
        _ = update(&state, .sessionsLoaded(generation: current - 1, [row]))
        XCTAssertTrue(state.history.sessions.isEmpty)
        XCTAssertTrue(state.history.loading)
        _ = update(&state, .sessionsLoaded(generation: current, [row]))
        XCTAssertEqual(state.history.sessions.map(\.id), [TestSession.reference("a")])
        XCTAssertFalse(state.history.loading)
    }

    func testSessionLoadedReplacesTheTranscriptWithDividersAndCosts() {
        var state = Fixtures.state()
        let session = LoadedSession(id: "s9", title: "Old talk", model: "demo/pro", messages: [
            .init(role: .user, text: "one"),
            .init(role: .assistant, text: "answer one", model: "demo/mini", provider: "demo", cost: Money(Decimal(string: "0.001") ?? 0)),
            .init(role: .user, text: "two"),
            .init(role: .assistant, text: "answer two", model: "demo/pro", provider: "demo", cost: nil),
        ])
        _ = update(&state, .sessionLoaded(session))
        XCTAssertEqual(state.transcript.entries.map(\.text), ["one", "answer one", "two", "switched to demo/pro", "answer two"])
        XCTAssertEqual(state.session.stored, TestSession.reference("s9"))
        XCTAssertEqual(state.sessionTitle, "Old talk")
        XCTAssertEqual(state.model, "demo/pro")
        XCTAssertEqual(state.stats.sessionCostText, Money(Decimal(string: "0.001") ?? 0).description + " + unknown")
        XCTAssertEqual(state.promptHistory.entries, ["one", "two"])
    }

    func testRenamedDeletedAndExportedUpdateListAndStatus() {
        var state = Fixtures.state()
        state.session.stored = TestSession.reference("a")
        state.history.sessions = [SessionSummary(id: "a", title: "A", updatedAt: Date(), models: [], cost: .unknown, messageCount: 1)]
        _ = update(&state, .sessionRenamed(id: TestSession.reference("a"), title: "Better"))
        XCTAssertEqual(state.history.sessions.first?.title, "Better")
        XCTAssertEqual(state.sessionTitle, "Better")
        _ = update(&state, .sessionExported(path: "/tmp/x.md"))
        XCTAssertEqual(state.status?.text, "exported to /tmp/x.md")
        _ = update(&state, .sessionDeleted(id: TestSession.reference("a")))
        XCTAssertTrue(state.history.sessions.isEmpty)
        XCTAssertNil(state.session.stored, "the open session is detached from the deleted one")
    }

    func testSpendLoadedResetsTheRunningAddition() {
        var state = Fixtures.state()
        _ = Fixtures.completeTurn("hi", answer: "yo", &state)
        XCTAssertEqual(state.stats.sinceSnapshot, Money(Decimal(string: "0.0001") ?? 0))
        _ = update(&state, .spendLoaded(SpendSnapshot(today: Money(1), month: Money(5))))
        XCTAssertEqual(state.stats.sinceSnapshot, .zero)
        XCTAssertEqual(state.stats.spendText(state.stats.stored?.today, incomplete: false), Money(1).description)
    }

    func testModelStatsAndStoreFailures() {
        var state = Fixtures.state()
        _ = update(&state, .modelStatsLoaded(["demo/mini": ModelStatsSnapshot(requests: 3, p50TTFT: .milliseconds(90), errorRate: 0)]))
        XCTAssertEqual(state.modelStats["demo/mini"]?.requests, 3)
        state.history.loading = true
        _ = update(&state, .storeFailed("disk full"))
        XCTAssertFalse(state.history.loading)
        XCTAssertEqual(state.status?.level, .error)
    }

    func testTypeTextGoesToTheInputAndFocusesIt() {
        var state = Fixtures.state()
        state.focus = .transcript
        _ = update(&state, .typeText("hé"))
        XCTAssertEqual(state.input.text, "hé")
        XCTAssertEqual(state.focus, .input)
    }

    func testPasteLandsAtOnceWithNewlines() {
        var state = Fixtures.state()
        let big = String(repeating: "line of pasted text\n", count: 5_000)
        _ = update(&state, .paste(big))
        XCTAssertEqual(state.input.text, big)
        XCTAssertEqual(state.input.lines.count, 5_001)
    }

    func testPasteIntoTheHistorySearchBecomesOneLine() {
        var state = Fixtures.state()
        state.overlays = [.history]
        let effects = update(&state, .paste("two\nwords"))
        XCTAssertEqual(state.history.query, "two words")
        XCTAssertEqual(effects.map(\.name), ["searchSessions"])
    }
}
