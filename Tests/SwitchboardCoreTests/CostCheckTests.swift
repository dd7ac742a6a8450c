import XCTest
@testable import SwitchboardCore

final class CostCheckTests: XCTestCase {
    private func money(_ text: String) -> Money? { Money(decimalString: text) }

    func testCostsDifferOnlyBeyondOneBillionthOfADollarAndOnlyWhenBothAreKnown() {
        XCTAssertFalse(CostCheck.differs(computed: money("0.64"), reported: money("0.64")))
        XCTAssertFalse(CostCheck.differs(computed: money("0.64"), reported: money("0.640000001")))
        XCTAssertTrue(CostCheck.differs(computed: money("0.64"), reported: money("0.6400000011")))
        XCTAssertTrue(CostCheck.differs(computed: money("0.3225"), reported: money("0.64")))
        XCTAssertFalse(CostCheck.differs(computed: nil, reported: money("0.64")))
        XCTAssertFalse(CostCheck.differs(computed: money("0.64"), reported: nil))
    }

    func testTheSpendReportCountsAttemptsWhoseCostsDiffer() {
        let entry = { (cost: String?, reported: String?) in
            SpendReport.Entry(model: "m", provider: "openrouter", startedAt: Date(timeIntervalSince1970: 0), session: nil,
                              sessionTitle: nil, cost: cost.flatMap(self.money), reported: reported.flatMap(self.money),
                              usage: Usage(input: 1))
        }
        let report = SpendReport.build([entry("0.3225", "0.64"), entry("0.64", "0.64"), entry(nil, "0.1"), entry("0.2", nil)],
                                       grouping: .model, since: nil, calendar: Calendar(identifier: .gregorian))
        XCTAssertEqual(report.rows.map(\.costMismatches), [1])
        XCTAssertEqual(report.total.costMismatches, 1)
    }
}
