import XCTest
import SwitchboardCore
@testable import SwitchboardTUI

/// The sidebar's cost rows: the running estimate is priced like the attempt (a long prompt at its tier's
/// rates), and a reported cost that differs from the computed one is shown and flagged.
final class SidebarCostTests: XCTestCase {
    private func sidebar(_ state: AppState) -> [String] {
        var buffer = ScreenBuffer(size: state.size)
        guard let rect = state.screen.sidebar else { return [] }
        SidebarView(state).render(in: rect, into: &buffer)
        return buffer.lines().map { String(Array($0).dropFirst(rect.x)).trimmingCharacters(in: .whitespaces) }
    }

    private func value(_ name: String, _ lines: [String]) -> String? {
        lines.first { $0.hasPrefix(name + " ") }.map { String($0.dropFirst(name.count)).trimmingCharacters(in: .whitespaces) }
    }

    private func finish(reported: Money?, cost: Money?, _ state: inout AppState) {
        let (turn, _) = Fixtures.send("q", &state)
        _ = update(&state, .engine(turn: turn, event: .routed(Fixtures.route, attempt: 1), at: Fixtures.at(0)))
        _ = update(&state, .engine(turn: turn, event: .delta("a"), at: Fixtures.at(100)))
        var summary = Fixtures.summary(turn: turn, text: "a", cost: cost)
        summary.reportedCost = reported
        _ = update(&state, .engine(turn: turn, event: .finished(summary), at: Fixtures.at(200)))
    }

    func testAReportedCostThatDiffersIsShownAndFlagged() {
        var state = Fixtures.state(width: 90, height: 40)
        finish(reported: Money(decimalString: "0.64"), cost: Money(decimalString: "0.3225"), &state)
        let lines = sidebar(state)
        XCTAssertEqual(value("Cost", lines), "$0.3225")
        XCTAssertEqual(value("Billed", lines), "$0.64 !")
    }

    func testAMatchingOrMissingReportedCostAddsNothing() {
        for reported in [Money(decimalString: "0.64"), nil] {
            var state = Fixtures.state(width: 90, height: 40)
            finish(reported: reported, cost: Money(decimalString: "0.64"), &state)
            XCTAssertNil(value("Billed", sidebar(state)))
        }
    }

    func testTheRunningEstimateOfALongPromptUsesTheTiersRates() {
        let tiered = Price(input: Decimal(string: "0.00000125"), output: Decimal(string: "0.00001"), tiers: [
            PriceTier(abovePromptTokens: 200_000, rates: TokenRates(input: Decimal(string: "0.0000025"), output: Decimal(string: "0.000015"))),
        ])
        let catalog = ModelCatalog(models: [CatalogModel(id: "demo/long", name: "Long", deployments: [
            Deployment(provider: "demo", providerModel: "long", price: tiered, contextWindow: 1_048_576),
        ])])
        var state = AppState(size: Size(width: 90, height: 40), model: "demo/long",
                             picker: PickerState(entries: PickerEntry.build(catalog: catalog, registry: Fixtures.registry, aliases: [:])),
                             demoMode: true, theme: .builtinDefault)
        state.now = ContinuousClock.now
        // ~250,000 tokens by the offline estimate.
        _ = update(&state, .paste(String(repeating: "x", count: 875_000)))
        let (turn, _) = Fixtures.send("", &state)
        _ = update(&state, .engine(turn: turn, event: .routed(Fixtures.route, attempt: 1), at: Fixtures.at(0)))
        _ = update(&state, .engine(turn: turn, event: .delta("ok"), at: Fixtures.at(100)))
        let cost = value("Cost", sidebar(state))
        // Base rates would give ~$0.3125; above 200k every prompt token costs $2.50/M.
        XCTAssertTrue(cost?.hasPrefix("~$0.625") == true, cost ?? "no cost row")
    }
}
