import XCTest
@testable import SwitchboardCore

/// `Price.breakdown(of:)`: the per-kind split `ask --json` prints as `cost_split`, at the tier that applied,
/// adding up to exactly what `cost(of:)` charges.
final class CostBreakdownTests: XCTestCase {
    private func perMillion(_ text: String) -> Decimal? { Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")).map { $0 / 1_000_000 } }
    private func dollars(_ text: String) -> Money? { Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")).map(Money.init) }

    private var tiered: Price {
        Price(base: TokenRates(input: perMillion("1.25"), output: perMillion("10"), cacheRead: perMillion("0.125"),
                               cacheWrite: perMillion("0.375"), cacheWrite1h: perMillion("0.5"), reasoning: perMillion("12"),
                               image: Decimal(string: "0.001")),
              tiers: [PriceTier(abovePromptTokens: 200_000, rates: TokenRates(input: perMillion("2.5"), output: perMillion("15"),
                                                                              cacheRead: perMillion("0.25")))],
              perRequest: Decimal(string: "0.005"))
    }

    func testTheSplitIsPricedAtTheTierThePromptFallsIn() throws {
        let split = try XCTUnwrap(tiered.breakdown(of: Usage(input: 250_000, output: 1_000)))
        XCTAssertEqual(split.tierAbovePromptTokens, 200_000)
        XCTAssertEqual(split.input, dollars("0.625"))
        XCTAssertEqual(split.output, dollars("0.015"))
        XCTAssertEqual(split.perRequest, dollars("0.005"))
        XCTAssertNil(split.cacheRead, "a kind not used is nil")
        XCTAssertEqual(split.total, dollars("0.645"))

        let base = try XCTUnwrap(tiered.breakdown(of: Usage(input: 1_000, output: 100)))
        XCTAssertNil(base.tierAbovePromptTokens)
        XCTAssertEqual(base.input, dollars("0.00125"))
    }

    func testEveryKindIsSplitAndTheTotalEqualsTheCost() throws {
        let usages = [Usage(input: 1_000, output: 500, cacheRead: 300, cacheWrite: 200, reasoning: 120, cacheWrite1h: 50, images: 2),
                      Usage(input: 150_000, output: 900, cacheRead: 60_000, reasoning: 900),
                      Usage(output: 10), Usage()]
        for usage in usages {
            let split = try XCTUnwrap(tiered.breakdown(of: usage))
            XCTAssertEqual(split.total, tiered.cost(of: usage), "\(usage)")
        }
        let all = try XCTUnwrap(tiered.breakdown(of: usages[0]))
        XCTAssertEqual(all.output, dollars("0.0038"), "380 non-reasoning output tokens")
        XCTAssertEqual(all.reasoning, dollars("0.00144"), "120 reasoning tokens at the reasoning rate")
        XCTAssertEqual(all.cacheRead, dollars("0.0000375"))
        XCTAssertEqual(all.cacheWrite, dollars("0.000075"))
        XCTAssertEqual(all.cacheWrite1h, dollars("0.000025"))
        XCTAssertEqual(all.images, dollars("0.002"))
        XCTAssertNil(tiered.breakdown(of: Usage()).flatMap(\.perRequest), "no fee for a request that billed nothing")
    }

    func testAnUnknownRateForAKindThatWasUsedMakesTheSplitUnknown() {
        let price = Price(input: perMillion("1"), output: perMillion("2"))
        XCTAssertNil(price.breakdown(of: Usage(input: 10, output: 10, cacheRead: 5)))
        XCTAssertNil(price.cost(of: Usage(input: 10, output: 10, cacheRead: 5)))
        XCTAssertNotNil(price.breakdown(of: Usage(input: 10, output: 10)))
    }
}
