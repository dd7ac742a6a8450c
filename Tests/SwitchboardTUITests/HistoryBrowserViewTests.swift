import XCTest
import SwitchboardCore
@testable import SwitchboardTUI

final class HistoryBrowserViewTests: XCTestCase {
    private func opened(_ rows: [SessionSummary], query: String = "") -> AppState {
        var state = Fixtures.state(width: 120, height: 24)
        _ = update(&state, .command(.openHistory))
        if !query.isEmpty { _ = update(&state, .typeText(query)) }
        _ = update(&state, .sessionsLoaded(generation: state.history.generation, rows))
        return state
    }

    func testRowsShowTitleDateModelsCostAndCount() {
        let when = Date()
        let state = opened([
            SessionSummary(id: "a", title: "Trip to Kyoto 京都", updatedAt: when, models: ["demo/mini", "demo/pro"],
                           cost: .known(Money(Decimal(string: "0.0042") ?? 0), moreUnknown: false), messageCount: 4),
            SessionSummary(id: "b", title: "Unpriced", updatedAt: when, models: ["x/y"], cost: .unknown, messageCount: 2),
        ])
        let text = Fixtures.rendered(state)
        let first = text.first { $0.contains("Trip to Kyoto 京都") } ?? ""
        XCTAssertTrue(first.contains("\(Format.date(when)) · demo/mini,demo/pro · $0.0042 · 4 msg"), first)
        let second = text.first { $0.contains("Unpriced") } ?? ""
        XCTAssertTrue(second.contains("unknown · 2 msg"), second)
    }

    func testSearchShowsTheQueryAndSnippets() {
        let cost = Money(Decimal(string: "0.25") ?? 0)
        var row = SessionSummary(id: "a", title: "Kyoto", updatedAt: Date(), models: [], cost: .known(cost, moreUnknown: false),
                                 messageCount: 2)
        row.snippet = "temples in «Kyoto» are"
        let state = opened([row], query: "kyoto")
        let text = Fixtures.rendered(state).joined(separator: "\n")
        XCTAssertTrue(text.contains("Search: kyoto▏"))
        XCTAssertTrue(text.contains("temples in «Kyoto» are"))
        XCTAssertTrue(text.contains(cost.description), "a search row has its session's cost (the store looks every hit up)")
    }

    func testEmptyStoreSaysSo() {
        XCTAssertTrue(Fixtures.rendered(opened([])).joined().contains("No stored sessions yet."))
        XCTAssertTrue(Fixtures.rendered(opened([], query: "zzz")).joined().contains("Nothing matches."))
    }

    func testTitlesAreInert() {
        let state = opened([SessionSummary(id: "a", title: "bad\u{1B}[31mtitle", updatedAt: Date(), models: [], cost: .unknown, messageCount: 1)])
        XCTAssertTrue(Fixtures.rendered(state).joined().contains("bad␛[31mtitle"))
    }
}
