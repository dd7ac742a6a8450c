import XCTest
@testable import SwitchboardCore

final class PriceTests: XCTestCase {
    private func perMillion(_ text: String) -> Decimal { Decimal(string: text)! / 1_000_000 }

    func testCostIsExactAcrossTokenKinds() {
        let price = Price(input: perMillion("3"), output: perMillion("15"), cacheRead: perMillion("0.30"), cacheWrite: perMillion("3.75"))
        let usage = Usage(input: 100, output: 300, cacheRead: 5000, cacheWrite: 2000)
        // 100·3 + 300·15 + 5000·0.3 + 2000·3.75 = 300 + 4500 + 1500 + 7500 = 13800 per million
        XCTAssertEqual(price.cost(of: usage), Money(Decimal(string: "0.0138")!))
    }

    func testUnknownPriceMakesCostUnknownOnlyWhenThatKindWasUsed() {
        let price = Price(input: perMillion("1"), output: perMillion("2"))
        XCTAssertEqual(price.cost(of: Usage(input: 1_000_000, output: 500_000)), Money(2))
        XCTAssertNil(price.cost(of: Usage(input: 10, output: 10, cacheRead: 5)))
        XCTAssertNil(Price.unknown.cost(of: Usage(input: 1)))
        XCTAssertEqual(Price.unknown.cost(of: .zero), .zero)
    }

    func testPerMillionDisplay() {
        let price = Price(input: perMillion("0.15"), output: perMillion("0.6"))
        XCTAssertEqual(price.inputPerMillion, Decimal(string: "0.15"))
        XCTAssertEqual(price.outputPerMillion, Decimal(string: "0.6"))
    }

    func testMoneyFormattingNeverShowsAnUnknownAsZero() {
        XCTAssertEqual(Money(Decimal(string: "1.256")!).description, "$1.26")
        XCTAssertEqual(Money(Decimal(string: "0.012345")!).description, "$0.0123")
        XCTAssertEqual(Money(Decimal(string: "0.000089")!).description, "$0.000089")
        XCTAssertEqual(Money.zero.description, "$0.00")
        XCTAssertEqual(Money(Decimal(string: "0.3")!).description, "$0.30")
        XCTAssertEqual(Money(5).description, "$5.00")
        let unknown: Money? = nil
        XCTAssertEqual(unknown.displayString, "unknown")
        XCTAssertEqual(Money(decimalString: "0.000123")?.decimalString, "0.000123")
        XCTAssertNil(Money(decimalString: "twelve"))
    }
}
