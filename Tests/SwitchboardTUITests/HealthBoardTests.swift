import XCTest
import SwitchboardCore
@testable import SwitchboardTUI

/// The breaker state the engine reports, as the picker and the sidebar show it.
final class HealthBoardTests: XCTestCase {
    static let key = HealthTracker.key(provider: "demo", providerModel: "demo-mini")

    /// A real tracker after three failures in a row: cooling down for the base cooldown (30 s).
    static func tripped(at start: ContinuousClock.Instant) -> [HealthSnapshot] {
        var tracker = HealthTracker(settings: .init(baseCooldown: .seconds(30)))
        for offset in 0..<3 {
            tracker.record(key, outcome: .failure(.overloaded), at: start + .milliseconds(offset))
        }
        return tracker.snapshot(at: start + .milliseconds(2))
    }

    func testCooldownsCountDownThenTheNextRequestProbes() {
        var board = HealthBoard()
        let start = Fixtures.at(0)
        board.replace(Self.tripped(at: start), at: start)
        XCTAssertEqual(board.troubles(at: start).map(\.status), [.coolingDown])
        XCTAssertEqual(board.troubles(at: start + .seconds(10)).first?.label, "cooling 20s")
        XCTAssertEqual(board.worst(of: ["other/x", Self.key], at: start + .seconds(10))?.key, Self.key)
        XCTAssertNil(board.worst(of: ["other/x"], at: start))
        XCTAssertEqual(board.troubles(at: start + .seconds(31)).first?.label, "probe next")
        XCTAssertFalse(board.isStale(at: start + .milliseconds(500), after: .seconds(1)))
        XCTAssertTrue(board.isStale(at: start + .seconds(2), after: .seconds(1)))
    }

    func testPickerAndSidebarShowTheBreakerState() {
        var state = Fixtures.state(width: 140)
        let now = Fixtures.at(0)
        _ = update(&state, .tick(now))
        _ = update(&state, .healthLoaded(Self.tripped(at: now), at: now))
        let screen = Fixtures.rendered(state)
        let text = screen.joined(separator: "\n")
        XCTAssertTrue(text.contains("Health"), text)
        XCTAssertTrue(text.contains("⏸ demo/demo-mini"), text)
        XCTAssertTrue(screen.contains { $0.contains("cooling 30s") && !$0.contains("⏸") }, "sidebar countdown")
        XCTAssertTrue(screen.contains { $0.contains("demo") && $0.contains("cooling 30s ·") }, "picker row: \(text)")

        _ = update(&state, .tick(now + .seconds(31)))
        XCTAssertTrue(Fixtures.rendered(state).joined(separator: "\n").contains("probe next"))

        _ = update(&state, .healthLoaded([], at: now + .seconds(40)))
        XCTAssertFalse(Fixtures.rendered(state).joined(separator: "\n").contains("Health"), "healthy: no section")
    }

    func testTheWidePickerHasAHealthColumn() {
        var state = Fixtures.state(width: 99)
        let now = Fixtures.at(0)
        _ = update(&state, .tick(now))
        _ = update(&state, .healthLoaded(Self.tripped(at: now), at: now))
        _ = update(&state, .command(.openPicker))
        let screen = Fixtures.rendered(state)
        XCTAssertTrue(screen.contains { $0.contains("HEALTH") })
        XCTAssertTrue(screen.contains { $0.contains("demo/mini") && $0.contains("cooling 30s") }, screen.joined(separator: "\n"))
        XCTAssertTrue(screen.contains { $0.contains("demo/pro") && $0.contains(" ok") })
    }

    func testTicksFetchHealthAgainWhileSomethingIsRecovering() {
        var state = Fixtures.state()
        let now = Fixtures.at(0)
        _ = update(&state, .healthLoaded(Self.tripped(at: now), at: now))
        XCTAssertFalse(update(&state, .tick(now + .milliseconds(500))).map(\.name).contains("refreshHealth"))
        XCTAssertTrue(update(&state, .tick(now + .seconds(2))).map(\.name).contains("refreshHealth"))
        XCTAssertFalse(update(&state, .tick(now + .seconds(2) + .milliseconds(100))).map(\.name).contains("refreshHealth"),
                       "one fetch at a time")
        // Once the cooldown is over the deployment waits for a probe: only a request changes that.
        var tracker = HealthTracker(settings: .init(baseCooldown: .seconds(30)))
        for offset in 0..<3 { tracker.record(Self.key, outcome: .failure(.overloaded), at: now + .milliseconds(offset)) }
        _ = update(&state, .healthLoaded(tracker.snapshot(at: now + .seconds(40)), at: now + .seconds(40)))
        XCTAssertEqual(state.health.troubles(at: now + .seconds(40)).map(\.status), [.probe])
        XCTAssertFalse(update(&state, .tick(now + .seconds(45))).map(\.name).contains("refreshHealth"), "no polling for a probe")
        _ = update(&state, .healthLoaded([], at: now + .seconds(2)))
        XCTAssertFalse(update(&state, .tick(now + .seconds(5))).map(\.name).contains("refreshHealth"), "all healthy: no polling")
    }
}
