import XCTest
@testable import SwitchboardStore
import SwitchboardCore

final class CostTotalTests: XCTestCase {
    func testUnknownIsNeverZero() {
        var total = CostTotal.zero
        XCTAssertEqual(total.displayString, Money.zero.description)
        total.add(nil)
        XCTAssertNil(total.knownOrNil)
        XCTAssertEqual(total.displayString, "unknown")
        total.add(Money(Decimal(string: "0.0012") ?? 0))
        XCTAssertEqual(total.knownOrNil, Money(Decimal(string: "0.0012") ?? 0))
        XCTAssertEqual(total.displayString, "$0.0012 + 1 unknown")
        XCTAssertEqual(total.knownCount, 1)
        XCTAssertEqual(total.unknownCount, 1)
    }
}
