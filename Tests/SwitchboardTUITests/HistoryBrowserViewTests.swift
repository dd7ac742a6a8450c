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

    /// The window drawn alone over the 120x24 screen: 110 wide from column 5, 106 columns inside from row 2.
    private func window(_ state: AppState) -> [String] {
        var buffer = ScreenBuffer(size: state.size)
        HistoryBrowserView(state).render(in: Rect(x: 0, y: 0, width: 120, height: 24), into: &buffer)
        return buffer.lines()
    }

    private func boxed(_ content: String) -> String { "     │ " + TextWidth.pad(content, to: 106) + " │" }

    /// A session row: marker and title left, the figures right-aligned.
    private func row(_ title: String, _ right: String) -> String {
        boxed(TextWidth.pad("  " + title, to: 106 - TextWidth.width(of: right)) + right)
    }

    func testRowsShowTitleDateModelsCostAndCount() {
        let when = Date()
        let state = opened([
            SessionSummary(id: "a", title: "Trip to Kyoto 京都", updatedAt: when, models: ["demo/mini", "demo/pro"],
                           cost: .known(Money(Decimal(string: "0.0042") ?? 0), moreUnknown: false), messageCount: 4),
            SessionSummary(id: "b", title: "Unpriced", updatedAt: when, models: ["x/y"], cost: .unknown, messageCount: 2),
        ])
        let rows = window(state)
        XCTAssertEqual(rows[2], boxed("Type to search every message · / search"))
        XCTAssertEqual(rows[4], row("Trip to Kyoto 京都", "\(Format.date(when)) · demo/mini,demo/pro · $0.0042 · 4 msg"))
        XCTAssertEqual(rows[5], row("Unpriced", "\(Format.date(when)) · x/y · unknown · 2 msg"))
        XCTAssertEqual(rows[6], boxed(""))
    }

    func testSearchShowsTheQueryAndSnippets() {
        let cost = Money(Decimal(string: "0.25") ?? 0)
        let when = Date()
        var found = SessionSummary(id: "a", title: "Kyoto", updatedAt: when, models: [], cost: .known(cost, moreUnknown: false),
                                   messageCount: 2)
        found.snippet = "temples in «Kyoto» are"
        let rows = window(opened([found], query: "kyoto"))
        XCTAssertEqual(rows[2], boxed("Search: kyoto▏"))
        XCTAssertEqual(rows[4], row("Kyoto", "\(Format.date(when)) ·  · $0.25 · 2 msg"),
                       "a search row has its session's cost (the store looks every hit up)")
        XCTAssertEqual(rows[5], boxed("   temples in «Kyoto» are"))
    }

    func testEmptyStoreSaysSo() {
        XCTAssertEqual(window(opened([]))[4], boxed("No stored sessions yet."))
        XCTAssertEqual(window(opened([], query: "zzz"))[4], boxed("Nothing matches."))
    }

    func testTitlesAreInert() {
        let when = Date()
        let state = opened([SessionSummary(id: "a", title: "bad\u{1B}[31mtitle", updatedAt: when, models: [], cost: .unknown,
                                           messageCount: 1)])
        XCTAssertEqual(window(state)[4], row("bad␛[31mtitle", "\(Format.date(when)) ·  · unknown · 1 msg"))
    }
}
