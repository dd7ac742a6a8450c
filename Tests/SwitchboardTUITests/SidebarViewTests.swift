import XCTest
import SwitchboardCore
@testable import SwitchboardTUI

final class SidebarViewTests: XCTestCase {
    private func sidebar(_ state: AppState) -> [String] {
        var buffer = ScreenBuffer(size: state.size)
        guard let rect = state.screen.sidebar else { return [] }
        SidebarView(state).render(in: rect, into: &buffer)
        return buffer.lines().map { line in
            String(Array(line).dropFirst(rect.x)).trimmingCharacters(in: .whitespaces)
        }
    }

    private func value(_ name: String, _ lines: [String]) -> String? {
        lines.first { $0.hasPrefix(name + " ") }.map { String($0.dropFirst(name.count)).trimmingCharacters(in: .whitespaces) }
    }

    func testShowsSpendPricesContextAndSparklines() {
        var state = Fixtures.state(width: 90, height: 40)
        _ = update(&state, .spendLoaded(SpendSnapshot(today: Money(Decimal(string: "0.5") ?? 0), month: Money(3))))
        _ = Fixtures.completeTurn("q", answer: "a", &state)
        _ = Fixtures.completeTurn("q2", answer: "b", cost: Money(Decimal(string: "0.0003") ?? 0), &state)
        let lines = sidebar(state)
        XCTAssertEqual(value("Session", lines), Money(Decimal(string: "0.0004") ?? 0).description)
        XCTAssertEqual(value("Today", lines), (Money(Decimal(string: "0.5004") ?? 0)).description)
        XCTAssertEqual(value("$/M in/out", lines), "$0.15 / $0.6")
        XCTAssertTrue(value("Context", lines)?.hasSuffix("/128K 0%") == true)
        XCTAssertEqual(value("Cost", lines.drop { $0 != "Per turn" }.map { $0 }), "▃█")
        XCTAssertTrue(lines.contains { $0.hasPrefix("● demo 2 ok") })
    }

    func testContextGaugeChangesColourAtHalfAndFourFifths() {
        var state = Fixtures.state(width: 90, height: 40)
        _ = update(&state, .paste(String(repeating: "x", count: 128_000 * 35 / 10 * 6 / 10)))
        var buffer = ScreenBuffer(size: state.size)
        let rect = state.screen.sidebar ?? Rect(x: 0, y: 0, width: 0, height: 0)
        SidebarView(state).render(in: rect, into: &buffer)
        let row = (0..<buffer.size.height).first { buffer.lines()[$0].contains("Context") } ?? 0
        let color = (rect.x..<rect.maxX).map { buffer[$0, row].style.foreground }.first { $0 != .terminalDefault && $0 != Theme.builtinDefault[.muted].foreground }
        XCTAssertEqual(color, Theme.builtinDefault[.gaugeMid].foreground)
    }

    func testInFlightTurnShowsLiveTTFTAndSpeed() {
        var state = Fixtures.state(width: 90, height: 40)
        let (turn, _) = Fixtures.send("q", &state)
        _ = update(&state, .engine(turn: turn, event: .routed(Fixtures.route, attempt: 1), at: Fixtures.at(0)))
        _ = update(&state, .engine(turn: turn, event: .delta(String(repeating: "abcdefg ", count: 10)), at: Fixtures.at(200)))
        _ = update(&state, .engine(turn: turn, event: .delta(String(repeating: "abcdefg ", count: 10)), at: Fixtures.at(700)))
        let lines = sidebar(state)
        XCTAssertTrue(lines.contains("This turn"))
        XCTAssertEqual(value("TTFT", lines), "200 ms")
        XCTAssertEqual(value("Speed", lines), "92 tok/s")
        XCTAssertTrue(value("Cost", lines)?.hasPrefix("~$") == true)
    }

    func testUnknownPricesShowAsUnknownNeverZero() {
        var state = Fixtures.state(width: 90, height: 40, model: "mystery/model")
        _ = Fixtures.completeTurn("q", answer: "a", cost: nil, &state)
        let lines = sidebar(state)
        XCTAssertEqual(value("Session", lines), "unknown")
        XCTAssertEqual(value("$/M in/out", lines), "? / ?")
        XCTAssertTrue(value("Context", lines)?.hasSuffix("/ ?") == true)
        XCTAssertFalse(lines.contains { $0.contains("$0.00") && $0.hasPrefix("Session") })
    }

    func testBudgetGaugesAppearOnceLimitsAreSet() {
        var state = Fixtures.state(width: 90, height: 40)
        XCTAssertFalse(sidebar(state).contains("Budget"))
        state.budgets = BudgetLimits(daily: Money(1), session: Money(Decimal(string: "0.0002") ?? 0))
        _ = update(&state, .spendLoaded(SpendSnapshot(today: Money(Decimal(string: "0.9") ?? 0), month: nil)))
        _ = Fixtures.completeTurn("q", answer: "a", &state)
        let lines = sidebar(state)
        XCTAssertTrue(lines.contains("Budget"))
        XCTAssertEqual(value("Session", lines.drop { $0 != "Budget" }.map { $0 }),
                       "\(Money(Decimal(string: "0.0001") ?? 0))/\(Money(Decimal(string: "0.0002") ?? 0))")
        XCTAssertEqual(value("Day", lines), "\(Money(Decimal(string: "0.9001") ?? 0))/\(Money(1))")
    }

    func testLedgerStatsAppearForTheCurrentModel() {
        var state = Fixtures.state(width: 90, height: 40)
        _ = update(&state, .modelStatsLoaded(["demo/mini": ModelStatsSnapshot(requests: 12, p50TTFT: .milliseconds(140), errorRate: 0.5)]))
        let lines = sidebar(state)
        XCTAssertEqual(value("p50 TTFT", lines), "140 ms (12 req)")
        XCTAssertEqual(value("Errors", lines), "50%")
    }

    func testSummaryLineForNarrowScreens() {
        var state = Fixtures.state(width: 60, height: 20)
        _ = Fixtures.completeTurn("q", answer: "a", &state)
        var buffer = ScreenBuffer(size: state.size)
        SummaryLine(state).render(in: state.screen.summary ?? Rect(x: 0, y: 0, width: 0, height: 0), into: &buffer)
        XCTAssertTrue(buffer.lines()[1].hasPrefix(" Σ \(Money(Decimal(string: "0.0001") ?? 0)) · today"), buffer.lines()[1])
    }
}
