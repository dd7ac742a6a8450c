import Foundation
import XCTest
import SwitchboardCore
@testable import SwitchboardTUI

/// The sidebar's Gateway section (exact rows, hidden without traffic) and the poll that keeps it current: it
/// reads the activity only when another process committed (or the day turned), sends only what changed, and a
/// change reaches the workbench within one tick.
final class SidebarGatewayTests: XCTestCase {
    private func sidebar(_ state: AppState) -> [String] {
        var buffer = ScreenBuffer(size: state.size)
        guard let rect = state.screen.sidebar else { return [] }
        SidebarView(state).render(in: rect, into: &buffer)
        return buffer.lines().map { line in
            String(String(Array(line).dropFirst(rect.x))).replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
    }

    private func money(_ text: String) -> Money { Money(Decimal(string: text) ?? -1) }

    private func today(_ hour: Int, _ minute: Int) -> Date {
        Calendar.current.date(bySettingHour: hour, minute: minute, second: 0, of: Date()) ?? Date()
    }

    func testTheSectionShowsInFlightSpendPerKeyAndTheLastError() throws {
        var state = Fixtures.state(width: 90, height: 50)
        let activity = GatewayActivity(
            keys: [GatewayActivity.Key(name: "ci", inFlight: 2, spentToday: money("0.0135")),
                   GatewayActivity.Key(name: "a-very-long-key-name", inFlight: 0, spentToday: money("0.002"))],
            lastError: GatewayActivity.Failure(at: today(9, 5), key: "ci", provider: "openai", kind: "rate_limited",
                                               message: "429 slow down"))
        _ = update(&state, .gatewayLoaded(activity))
        let lines = sidebar(state)
        let start = try XCTUnwrap(lines.firstIndex(of: " Gateway"), "\(lines)")
        XCTAssertEqual(Array(lines[start..<(start + 7)]), [
            " Gateway",
            " In flight  2",
            " ci         $0.0135, 2 live",
            " a-very-lo… $0.002",
            " Last error 09:05 ci",
            "            rate_limited",
            "            openai: 429 sl…",
        ])
        XCTAssertEqual(lines[start + 7], "", "a blank line before the next section")
        XCTAssertLessThan(start, try XCTUnwrap(lines.firstIndex(of: " Model")), "above the model: short screens cut the end")
    }

    func testHiddenWithoutGatewayTrafficToday() {
        var state = Fixtures.state(width: 90, height: 50)
        XCTAssertFalse(sidebar(state).contains(" Gateway"))
        _ = update(&state, .gatewayLoaded(GatewayActivity(keys: [GatewayActivity.Key(name: "ci", inFlight: 1, spentToday: .zero)],
                                                          lastError: nil)))
        XCTAssertTrue(sidebar(state).contains(" Gateway"))
        _ = update(&state, .gatewayLoaded(GatewayActivity(keys: [], lastError: nil)))
        XCTAssertNil(state.gateway)
        XCTAssertFalse(sidebar(state).contains(" Gateway"))
    }

    func testThePollReadsOnlyWhenAnotherProcessCommittedAndSendsOnlyChanges() async throws {
        let store = ScriptedActivity()
        var poll = GatewayActivityPoll(reader: store)
        let first = try await poll.poll()
        XCTAssertEqual(first, GatewayActivity(keys: [], lastError: nil), "the first poll always says what there is")
        XCTAssertEqual(store.reads, 1)
        let quiet = try await poll.poll()
        XCTAssertNil(quiet)
        XCTAssertEqual(store.reads, 1, "an unchanged counter reads no table")

        let busy = GatewayActivity(keys: [GatewayActivity.Key(name: "ci", inFlight: 1, spentToday: .zero)], lastError: nil)
        store.commit(busy)
        let changed = try await poll.poll()
        XCTAssertEqual(changed, busy)
        XCTAssertEqual(store.reads, 2)

        store.commit(busy)  // committed, but nothing the section shows changed: no redraw
        let same = try await poll.poll()
        XCTAssertNil(same)
        XCTAssertEqual(store.reads, 3)

        // A new day reads again even when nothing was committed (yesterday's spend is no longer today's).
        let tomorrow = Calendar.current.date(byAdding: .day, value: 1, to: Date()) ?? Date()
        store.activity = GatewayActivity(keys: [], lastError: nil)
        let nextDay = try await poll.poll(now: tomorrow)
        XCTAssertEqual(nextDay, store.activity)
        XCTAssertEqual(store.reads, 4)
    }

    func testAStoreThatCannotTellChangesIsReadEveryTick() async throws {
        let store = ScriptedActivity(counting: false)
        var poll = GatewayActivityPoll(reader: store)
        _ = try await poll.poll()
        _ = try await poll.poll()
        XCTAssertEqual(store.reads, 2)
    }

    func testARequestEndingElsewhereReachesTheWorkbenchWithinOneTick() async throws {
        XCTAssertEqual(GatewayActivityPoll.interval, .seconds(1))
        let store = ScriptedActivity()
        let received = Received()
        let task = GatewayActivityPoll.start(reader: store) { received.add($0) }
        defer { task.cancel() }
        try await received.wait(count: 1, within: .seconds(5))
        let ended = GatewayActivity(keys: [GatewayActivity.Key(name: "ci", inFlight: 0, spentToday: money("0.01"))],
                                    lastError: nil)
        let committed = ContinuousClock.now
        store.commit(ended)
        try await received.wait(count: 2, within: .seconds(5))
        XCTAssertLessThanOrEqual(ContinuousClock.now - committed, .milliseconds(1_100), "within the next 1 s tick")
        guard case .gatewayLoaded(let shown)? = received.actions.last else { return XCTFail("\(received.actions)") }
        XCTAssertEqual(shown, ended)
    }

    func testAStoreWithoutGatewayActivityStartsNoPoll() {
        XCTAssertNil(GatewayActivityPoll.start(store: nil) { _ in })
    }
}

/// A store whose commits the test makes: the counter moves with each, and reads are counted.
private final class ScriptedActivity: GatewayActivityReading, @unchecked Sendable {
    private let lock = NSLock()
    private let counting: Bool
    private var counter: Int64 = 1
    private var _activity = GatewayActivity(keys: [], lastError: nil)
    private var _reads = 0

    init(counting: Bool = true) { self.counting = counting }

    var reads: Int { lock.withLock { _reads } }
    var activity: GatewayActivity {
        get { lock.withLock { _activity } }
        set { lock.withLock { _activity = newValue } }
    }

    func commit(_ activity: GatewayActivity) {
        lock.withLock {
            _activity = activity
            counter += 1
        }
    }

    func externalChangeCounter() async throws -> Int64? { counting ? lock.withLock { counter } : nil }

    func gatewayActivity(now: Date, calendar: Calendar) async throws -> GatewayActivity {
        lock.withLock {
            _reads += 1
            return _activity
        }
    }
}

private final class Received: @unchecked Sendable {
    private let lock = NSLock()
    private var _actions: [Action] = []
    var actions: [Action] { lock.withLock { _actions } }
    func add(_ action: Action) { lock.withLock { _actions.append(action) } }

    func wait(count: Int, within limit: Duration) async throws {
        let deadline = ContinuousClock.now + limit
        while actions.count < count {
            guard ContinuousClock.now < deadline else { return XCTFail("only \(actions.count) of \(count) actions arrived") }
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}
